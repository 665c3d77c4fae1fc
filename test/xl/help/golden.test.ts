import {readFileSync} from 'node:fs'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {describe, expect, it} from 'vitest'
import {formatCommandHelp, formatUsage, loadTable} from '../../../src/xl/help/index.js'

await loadTable()

const here = dirname(fileURLToPath(import.meta.url))

describe('xl help (golden)', () => {
  it('018-help: `xl help` prints the full usage byte for byte', () => {
    expect(formatUsage()).toBe(readFileSync(join(here, 'golden', '018-help.out'), 'utf8'))
  })
  it('`xl help help` is the same text', () => {
    expect(formatCommandHelp('help')).toBe(formatUsage())
  })
})
