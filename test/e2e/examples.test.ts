// Every examples/*.xl scenario runs green with `xl run` on a fresh state file.
import {afterEach, describe, expect, it} from 'vitest'
import {readdirSync} from 'node:fs'
import {join} from 'node:path'
import {ROOT, runXl, tempHost, type TempHost} from '../helpers/cli.js'

const EXAMPLES = join(ROOT, 'examples')
const scenarios = readdirSync(EXAMPLES).filter(f => f.endsWith('.xl')).sort()

let h: TempHost | undefined
afterEach(() => h?.cleanup())

describe('examples/', () => {
  it('has scenarios', () => {
    expect(scenarios.length).toBeGreaterThanOrEqual(3)
  })

  it.each(scenarios)('xl run examples/%s passes', name => {
    h = tempHost()
    const r = runXl(['run', '--state', h.state, join(EXAMPLES, name)])
    expect(r.code, r.stderr).toBe(0)
  })
})
