import {describe, expect, it} from 'vitest'
import {ConfigParseError, parseConfig} from '../../src/libxlu/index.js'
import {fixture} from '../helpers/fixtures.js'

// Real capture: test/fixtures/xen-4.17/x86-pv/058-create-unterminated.* (xl create of
// a file whose line 1 is `name = "x`). `Parsing config from` is printed by
// xl create itself before parsing, so it is not part of the parser's lines.
const expected = [
  'Parsing config from /etc/xen/bad1.cfg',
  '/etc/xen/bad1.cfg:1: config parsing error near `"x\': lexical error',
  'Failed to parse config: Invalid argument',
]

describe('capture 058: create with an unterminated string', () => {
  it('matches the recorded stderr and exit code', () => {
    expect(fixture('x86-pv', '058-create-unterminated', 'err').split('\n').filter(Boolean)).toEqual(expected)
    expect(fixture('x86-pv', '058-create-unterminated', 'rc').trim()).toBe('1')
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
