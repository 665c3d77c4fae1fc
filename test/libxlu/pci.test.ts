// xlu_pci_parse_bdf / xlu_pci_parse_spec_string (tools/libs/util/libxlu_pci.c):
// [DDDD:]BB:DD.F[@VSLOT][,key=value...], or name=; ERROR_INVAL (-6) otherwise.
import {describe, expect, it} from 'vitest'
import {ERROR_INVAL, parsePciBdf, parsePciSpec, pciBdf} from '../../src/libxlu/pci.js'

describe('PCI_SPEC_STRING', () => {
  it.each([
    ['03:00.0', {domain: 0, bus: 3, dev: 0, func: 0, vfunc_mask: 1}],
    ['0000:03:1f.7', {domain: 0, bus: 3, dev: 0x1f, func: 7, vfunc_mask: 1}],
    ['1:2:3.*', {domain: 1, bus: 2, dev: 3, func: 0, vfunc_mask: 0xffffffff}],
    ['03:00.0@8', {domain: 0, bus: 3, dev: 0, func: 0, vfunc_mask: 1, vdevfn: 8 << 3}],
    ['03:00.0,permissive=1,msitranslate=0,seize=1,power_mgmt=1,rdm_policy=relaxed',
      {domain: 0, bus: 3, dev: 0, func: 0, vfunc_mask: 1, permissive: true, msitranslate: false, seize: true, power_mgmt: true, rdm_policy: 'relaxed'}],
    ['bdf=04:02.1,vslot=3', {domain: 0, bus: 4, dev: 2, func: 1, vfunc_mask: 1, vdevfn: 3 << 3}],
    ['name=nic0', {domain: 0, bus: 0, dev: 0, func: 0, name: 'nic0'}],
  ])('%s', (spec, want) => {
    const r = parsePciSpec(spec)
    expect(r.rc).toBe(0)
    expect(r.pci).toEqual(want)
  })

  it.each([
    ['', ''],
    ['03:00', ''],
    ['03:20.0', ''], // dev > 0x1f
    ['03:00.8', ''], // func > 7
    ['03:00.0@20', ''], // vslot > 0x1f
    ['03:00.0x', ''],
    ['03:00.0,foo=1', 'Unknown PCI_SPEC_STRING option: foo'],
    ['03:00.0,rdm_policy=lax', 'Unknown RDM policy: lax'],
    ['03:00.0,name=x', ''], // both a BDF and a name
    ['permissive=1', ''], // neither
    ['03:00.0,novalue', ''],
  ])('%j is ERROR_INVAL', (spec, report) => {
    const r = parsePciSpec(spec)
    expect(r.rc).toBe(ERROR_INVAL)
    expect(r.report).toBe(report)
  })

  it('a four-hex-digit domain is fine, five are not', () => {
    expect(parsePciSpec('ffff:03:00.0').rc).toBe(0)
    expect(parsePciSpec('10000:03:00.0').rc).toBe(ERROR_INVAL)
  })

  it('BDFs print as libxl\'s PCI_BDF', () => {
    expect(pciBdf(parsePciBdf('3:0.1').pci)).toBe('0000:03:00.1')
    expect(parsePciBdf('zz').rc).toBe(ERROR_INVAL)
  })

  it('random strings never throw or hang', () => {
    let seed = 7
    const rnd = (n: number): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff
      return seed % n
    }
    const alphabet = '0123456789abcdefx:.@*,=-+ namebdfvslot\0'
    for (let i = 0; i < 5000; i++) {
      let s = ''
      for (let j = rnd(30); j > 0; j--) s += alphabet[rnd(alphabet.length)]
      const r = parsePciSpec(s)
      expect([0, ERROR_INVAL]).toContain(r.rc)
      expect([0, ERROR_INVAL]).toContain(parsePciBdf(s).rc)
    }
  })
})
