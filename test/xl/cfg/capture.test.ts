import {existsSync, readFileSync} from 'node:fs'
import {describe, expect, it} from 'vitest'
import {ConfigParseError, parseConfig} from '../../../src/xl/cfg/index.js'

// Real capture: shared/samples/x86-pv/058-create-unterminated.* (xl create of
// a file whose line 1 is `name = "x`). `Parsing config from` is printed by
// xl create itself before parsing, so it is not part of the parser's lines.
const expected = [
  'Parsing config from /etc/xen/bad1.cfg',
  '/etc/xen/bad1.cfg:1: config parsing error near `"x\': lexical error',
  'Failed to parse config: Invalid argument',
]
const sample = new URL('../../../../shared/samples/x86-pv/058-create-unterminated.err', import.meta.url)

describe('capture 058: create with an unterminated string', () => {
  it('matches the recorded stderr and exit code', () => {
    if (existsSync(sample)) {
      expect(readFileSync(sample, 'utf8').split('\n').filter(Boolean)).toEqual(expected)
      const rc = readFileSync(new URL('./058-create-unterminated.rc', sample), 'utf8').trim()
      expect(rc).toBe('1')
    }
    for (const text of ['name = "x\n', 'name = "x', 'name = "x\nmemory = 512\n']) {
      let err: unknown
      try {
        parseConfig(text, '/etc/xen/bad1.cfg')
      } catch (e) {
        err = e
      }
      expect(err).toBeInstanceOf(ConfigParseError)
      expect(['Parsing config from /etc/xen/bad1.cfg', ...(err as ConfigParseError).lines]).toEqual(expected)
      expect((err as ConfigParseError).exitCode).toBe(1)
    }
  })
})
