import {describe, expect, it} from 'vitest'
import {parseUnsignedInt, parseVmAssistArgs} from '../../src/xl/vm-assist-args.js'
import {XlError} from '../../src/libxl/errors.js'

function refused(cmd: string, type?: string): [readonly string[], number] {
  try {
    parseVmAssistArgs(cmd, type)
  } catch (e) {
    if (e instanceof XlError) return [e.lines, e.exitCode]
    throw e
  }
  throw new Error('accepted')
}

describe('vm-assist arguments: unsigned ints, names once', () => {
  it('names and numbers', () => {
    expect(parseVmAssistArgs('enable', 'runstate_update_flag')).toEqual({cmd: 0, type: 5, cmdShown: 'enable', typeShown: 'runstate_update_flag'})
    expect(parseVmAssistArgs('disable', 'VMASST_TYPE_m2p_strict')).toMatchObject({cmd: 1, type: 32})
    expect(parseVmAssistArgs('1', '0x5')).toEqual({cmd: 1, type: 5, cmdShown: 'disable', typeShown: 'runstate_update_flag'})
    expect(parseVmAssistArgs('2', '4294967295')).toEqual({cmd: 2, type: 4294967295, cmdShown: '2', typeShown: '4294967295'})
    expect(parseVmAssistArgs('0007', '06')).toEqual({cmd: 7, type: 6, cmdShown: '0007', typeShown: '06'})
  })

  it('a command number past 2^32 - 1 is refused, not taken modulo 2^32 (4294967296 is not enable)', () => {
    const [lines, code] = refused('4294967296', '5')
    expect(code).toBe(2)
    expect(lines).toEqual(["xl: vm-assist command '4294967296' is out of range: the hypercall takes an unsigned int (0 to 4294967295)"])
  })

  it('types out of range echo the text as typed (no float rounding)', () => {
    expect(refused('enable', '18446744073709551616')[0]).toEqual([
      "xl: vm-assist type '18446744073709551616' is out of range: the hypercall takes an unsigned int (0 to 4294967295)"])
    expect(refused('enable', '0x100000000')[1]).toBe(2)
  })

  it('words that are not numbers', () => {
    expect(refused('frob', '5')[0][0]).toMatch(/^xl: unknown vm-assist command 'frob': use enable or disable$/)
    expect(refused('-1', '5')[0][0]).toMatch(/unknown vm-assist command '-1'/)
    expect(refused('enable', '1e3')[0][0]).toMatch(/^xl: unknown vm_assist type '1e3'/)
    expect(refused('enable', 'constructor')[0][0]).toMatch(/^xl: unknown vm_assist type 'constructor'/)
    expect(refused('enable')[0]).toEqual(['xl: vm-assist enable|disable needs a type'])
  })

  it('parseUnsignedInt: any length, leading zeros skipped', () => {
    expect(parseUnsignedInt(`${'0'.repeat(400_000)}42`)).toBe(42)
    expect(parseUnsignedInt('9'.repeat(400_000))).toBe('range')
    expect(parseUnsignedInt('0')).toBe(0)
    expect(parseUnsignedInt('0x')).toBeUndefined()
    expect(parseUnsignedInt('')).toBeUndefined()
    expect(parseUnsignedInt('4294967295')).toBe(4294967295)
    expect(parseUnsignedInt('4294967296')).toBe('range')
    expect(parseUnsignedInt('0xFFFFFFFF')).toBe(4294967295)
  })
})
