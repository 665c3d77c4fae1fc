import {describe, expect, it} from 'vitest'
import {
  ConfigParseError,
  getBoundedLong,
  getDefBool,
  getList,
  getListAsStringList,
  getLong,
  getString,
  parseConfig,
} from '../../src/libxlu/index.js'

// Results and warnings were checked against the real libxlu (see golden.test.ts).
describe('getLong: strtol(s, &ep, 0) on the kept text', () => {
  const cases: [string, number | string][] = [
    ['10', 10],
    ['0x1f', 31],
    ['"0X1F"', 31],
    ['010', 8],
    ['"-3"', -3],
    ['" +4"', 4],
    ['"9223372036854775807"', 9223372036854775807],
    ['08', "f.cfg:1: warning: parameter `v' is not a valid number"],
    ['0x', "f.cfg:1: warning: parameter `v' is not a valid number"],
    ['12abc', "f.cfg:1: warning: parameter `v' is not a valid number"],
    ['""', "f.cfg:1: warning: parameter `v' is not a valid number"],
    ['"4 "', "f.cfg:1: warning: parameter `v' is not a valid number"],
    ['"9223372036854775808"', "f.cfg:1: warning: parameter `v' could not be parsed as a number: Numerical result out of range"],
    ['[ 1 ]', "f.cfg:1: warning: parameter `v' is a list but should be a single value"],
  ]
  it.each(cases)('v = %s', (value, expected) => {
    const cfg = parseConfig(`v = ${value}\n`, 'f.cfg')
    const r = getLong(cfg, 'v')
    if (typeof expected === 'number') expect(r).toEqual({ok: true, value: expected})
    else {
      expect(r.ok).toBe(false)
      expect(cfg.warnings).toEqual([expected])
    }
  })
  it('absent keys: ESRCH, no warning; dontWarn silences', () => {
    const cfg = parseConfig('v = "x"\n', 'f.cfg')
    expect(getLong(cfg, 'w')).toEqual({ok: false, errno: 'ESRCH'})
    expect(getLong(cfg, 'v', true)).toEqual({ok: false, errno: 'EINVAL'})
    expect(cfg.warnings).toEqual([])
  })
  it('bounds', () => {
    const cfg = parseConfig('a = 5\nb = 500\n', 'f.cfg')
    expect(getBoundedLong(cfg, 'a', 10n, 100n).ok).toBe(false)
    expect(getBoundedLong(cfg, 'b', 10n, 100n).ok).toBe(false)
    expect(cfg.warnings).toEqual([
      "f.cfg:1: warning: value `5' is smaller than minimum bound '10'",
      "f.cfg:2: warning: value `500' is greater than maximum bound '100'",
    ])
  })
})

describe('other getters', () => {
  const cfg = parseConfig('s = "x"\nn = 0\nl = [ "a", [ "b" ], 3 ]\nl2 = 4\n', 'f.cfg')
  it('getString', () => {
    expect(getString(cfg, 's')).toEqual({ok: true, value: 'x'})
    expect(getString(cfg, 'n')).toEqual({ok: true, value: '0'})
  })
  it('getDefBool', () => {
    expect(getDefBool(cfg, 'n')).toEqual({ok: true, value: false})
    expect(getDefBool(cfg, 'l2')).toEqual({ok: true, value: true})
  })
  it('getList / getListAsStringList (nested lists are null items)', () => {
    expect(getList(cfg, 'l').ok).toBe(true)
    expect(getListAsStringList(cfg, 'l')).toEqual({ok: true, value: ['a', null, '3']})
    expect(getList(cfg, 'l2')).toEqual({ok: false, errno: 'EINVAL'})
    expect(cfg.warnings).toEqual(["f.cfg:4: warning: parameter `l2' is a single value but should be a list"])
  })
  it('a NUL inside a quoted string trips libxlu\'s assert (xl aborts: 134)', () => {
    try {
      parseConfig('a = "x\0y"\n', 'f.cfg')
      expect.unreachable()
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigParseError)
      expect((e as ConfigParseError).exitCode).toBe(134)
      expect((e as ConfigParseError).lines).toEqual([
        "xl: libxlu_cfg.c:607: xlu__cfgl_dequote: Assertion `len>=2 && src[0]==src[len-1]' failed.",
      ])
    }
  })
})
