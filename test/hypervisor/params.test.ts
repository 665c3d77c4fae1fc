// Xen 4.17's runtime parameters as hypfs nodes (src/hypervisor/params.ts)
// and libxl_set_parameters' word splitting over them (src/libxl/params.ts).
import {describe, expect, it} from 'vitest'
import {parseBool, runtimeParam, writeParam} from '../../src/hypervisor/params.js'
import {setParameters} from '../../src/libxl/params.js'
import {newHost, DEFAULT_HOST_CONFIG} from '../../src/hypervisor/host.js'
import {EINVAL, ENOENT, ERANGE} from '../../src/hypervisor/errno.js'

const host = (arch: 'x86_64' | 'arm64') => newHost({...DEFAULT_HOST_CONFIG, arch})

describe('parse_bool (xen/common/kernel.c)', () => {
  it.each([['1', 1], ['on', 1], ['yes', 1], ['true', 1], ['enable', 1], ['0', 0], ['no', 0], ['off', 0], ['false', 0], ['disable', 0],
    ['', -1], ['2', -1], ['On', -1], ['yes ', -1]])('%j -> %d', (s, v) => {
    expect(parseBool(s)).toBe(v)
  })
})

describe('the /params nodes per arch', () => {
  it('x86 has pcid and global-pages (xen/arch/x86/pv/domain.c); arm64 has neither', () => {
    expect(runtimeParam(host('x86_64'), 'pcid')).toBeDefined()
    expect(runtimeParam(host('x86_64'), 'global-pages')?.type).toBe('bool')
    expect(runtimeParam(host('arm64'), 'pcid')).toBeUndefined()
    expect(runtimeParam(host('arm64'), 'loglvl')).toBeDefined()
  })
  it('boot-only parameters have no node', () => {
    for (const name of ['sched_ratelimit_us', 'dom0_mem', 'sched', 'conring_size']) expect(runtimeParam(host('x86_64'), name)).toBeUndefined()
  })
})

describe('writeParam: each custom parser', () => {
  const h = host('x86_64')
  it.each([
    ['loglvl', 'all', 0], ['loglvl', 'warning/debug', 0], ['loglvl', 'info/', 0], ['loglvl', 'loud', -EINVAL], ['loglvl', 'all/x', -EINVAL],
    ['console_timestamps', 'datems', 0], ['console_timestamps', 'yes', 0], ['console_timestamps', 'sometimes', -EINVAL],
    ['gnttab_max_frames', '64', 0], ['gnttab_max_frames', '0x40', 0], ['gnttab_max_frames', '0100', 0], ['gnttab_max_frames', '2147483647', 0],
    ['gnttab_max_frames', '2147483648', -ERANGE], ['gnttab_max_frames', '12k', -EINVAL], ['gnttab_max_frames', '', 0],
    ['pcid', 'xpti', 0], ['pcid', 'noxpti', 0], ['pcid', 'off', 0], ['pcid', 'sometimes', -EINVAL],
    ['crash-debug-panic', 'anything at all', 0], ['nonesuch', '1', -ENOENT],
  ])('%s=%j -> %d', (name, value, rc) => {
    expect(writeParam(h, name, value)).toBe(rc)
  })
  it('a refused value leaves the old one', () => {
    const h2 = host('x86_64')
    writeParam(h2, 'loglvl', 'all')
    writeParam(h2, 'loglvl', 'loud')
    expect(h2.config.params).toEqual({loglvl: 'all'})
  })
})

describe('libxl_set_parameters', () => {
  it('splits on spaces, skips blanks, noNAME means NAME=no, stops at the first failure', () => {
    const h = host('x86_64')
    expect(setParameters(h, '  loglvl=all  guest_loglvl=info noglobal-pages conswitch=a\tb')).toEqual({rc: 0})
    // A tab is not a separator: it stays in the value.
    expect(h.config.params).toEqual({'loglvl': 'all', 'guest_loglvl': 'info', 'global-pages': '0', 'conswitch': 'a\tb'})
    const r = setParameters(h, 'conswitch=x bogus=1 loglvl=none')
    expect(r.rc).toBe(-3)
    expect(h.config.params?.conswitch).toBe('x')
    expect(h.config.params?.loglvl).toBe('all')
  })
  it('an "=" further on does not give a value to an earlier word', () => {
    const h = host('x86_64')
    expect(setParameters(h, 'loglvl console_timestamps=boot')).toEqual({rc: 'crash', word: 'loglvl'})
  })
  it('empty input does nothing', () => {
    expect(setParameters(host('arm64'), '')).toEqual({rc: 0})
    expect(setParameters(host('arm64'), '   ')).toEqual({rc: 0})
  })
  it('never throws on random input', () => {
    const h = host('x86_64')
    let seed = 7
    const next = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff)
    const alphabet = 'ab=no \t-_/xyz019'
    for (let i = 0; i < 2000; i++) {
      const s = Array.from({length: next() % 24}, () => alphabet[next() % alphabet.length]).join('')
      expect(() => setParameters(h, s)).not.toThrow()
    }
  })
})
