// The in-place guest copy update_runstate_area() leaves (no observer): the
// record encodeRunstate() gives, flag clear, in either layout, whether the
// area's bytes can be written as 32-bit words or only byte by byte, and
// after its bytes were replaced.
import {describe, expect, it} from 'vitest'
import {encodeRunstate, layoutOf, rebaseRunstate, updateGuestCopy, type RunstateArea, type RunstateInfo} from '../../src/hypervisor/runstate.js'

const records: RunstateInfo[] = [
  {state: 0, entryTime: 0, time: [0, 0, 0, 0]},
  {state: 2, entryTime: 2 ** 40 + 12345, time: [2 ** 33 + 7, 2 ** 52 - 3, 5, 2 ** 32]},
  {state: 3, entryTime: 2 ** 53 - 1, time: [1, 2 ** 32 - 1, 2 ** 31, 0]},
]

/** What the copy must hold: the layout's fields of the record; padding as it was (zero here). */
function expected(rs: RunstateInfo, area: RunstateArea): Uint8Array {
  return encodeRunstate(rs, layoutOf(area), false)
}

describe.each(['native', 'compat'] as const)('%s guest copy written in place', layout => {
  const size = layout === 'native' ? 48 : 44

  it('holds the record, on aligned bytes (words) and on unaligned ones (bytes)', () => {
    for (const offset of [0, 1, 2, 4]) {
      const buf = new Uint8Array(size + 8).fill(0xaa)
      const bytes = buf.subarray(offset, offset + size).fill(0)
      const area: RunstateArea = {addr: 0x1000, layout, bytes}
      for (const rs of records) {
        updateGuestCopy(area, rs, true)
        expect([...area.bytes]).toEqual([...expected(rs, area)])
      }
      // Nothing outside the area is written.
      expect([...buf.subarray(0, offset)].every(b => b === 0xaa)).toBe(true)
      expect([...buf.subarray(offset + size)].every(b => b === 0xaa)).toBe(true)
    }
  })

  it('follows bytes replaced after a write, and the cache is not part of the persisted area', () => {
    const area: RunstateArea = {addr: 0x2000, layout, bytes: new Uint8Array(size)}
    updateGuestCopy(area, records[1], false)
    const old = area.bytes
    area.bytes = new Uint8Array(size)
    updateGuestCopy(area, records[2], false)
    expect([...area.bytes]).toEqual([...expected(records[2], area)])
    expect([...old]).toEqual([...expected(records[1], area)])
    expect(Object.keys({...area}).sort()).toEqual(['addr', 'bytes', 'layout'])
    expect(JSON.parse(JSON.stringify(area))).toEqual(JSON.parse(JSON.stringify({addr: 0x2000, layout, bytes: area.bytes})))
  })

  it('holds the exact record after the epoch moved (high parts)', () => {
    const rs: RunstateInfo = {state: 1, entryTime: 5 * 2 ** 32 + 77, time: [3 * 2 ** 32, 12, 2 ** 32 + 1, 0]}
    rebaseRunstate(rs, 4 * 2 ** 32, 4n * 2n ** 32n)
    const area: RunstateArea = {addr: 0x3000, layout, bytes: new Uint8Array(size)}
    updateGuestCopy(area, rs, true)
    expect([...area.bytes]).toEqual([...expected(rs, area)])
  })
})
