import {describe, expect, it} from 'vitest'
import {
  changeRunstate, COMPAT_LAYOUT, decodeRunstate, encodeRunstate, guestCopyStores, NATIVE_LAYOUT,
  newRunstate, runstateAt, setGuestCopyTap, updateGuestCopy, XEN_RUNSTATE_UPDATE, type RunstateArea, type RunstateInfo,
} from '../../src/hypervisor/runstate.js'

describe('runstate accounting', () => {
  it('adds the time spent in the old state, and time[] sums to elapsed', () => {
    const rs = newRunstate(3, 100)
    changeRunstate(rs, 0, 250)
    changeRunstate(rs, 1, 1000)
    changeRunstate(rs, 2, 1001)
    expect(rs).toEqual({state: 2, entryTime: 1001, time: [750, 1, 0, 150]})
    const at = runstateAt(rs, 5000)
    expect(at.time.reduce((a, b) => a + b)).toBe(5000 - 100)
    expect(rs.time[2]).toBe(0) // runstateAt does not change the record
  })

  it('refuses time going backwards', () => {
    const rs = newRunstate(0, 10)
    expect(() => changeRunstate(rs, 1, 5)).toThrow(/backwards/)
  })
})

describe('guest layouts', () => {
  const rs = {state: 1 as const, entryTime: 0x0002030405060708, time: [1, 2, 3, 2 ** 40] as [number, number, number, number]}

  it('native: 48 bytes, state_entry_time at 8, flag in byte 15', () => {
    const b = encodeRunstate(rs, NATIVE_LAYOUT, true)
    expect(b.length).toBe(48)
    expect(b[15]).toBe(0x80)
    expect(b[8]).toBe(0x08)
    expect(b[14]).toBe(0x02)
    const d = decodeRunstate(b, NATIVE_LAYOUT)
    expect(d.stateEntryTime).toBe(BigInt(rs.entryTime) | XEN_RUNSTATE_UPDATE)
    expect(d.time).toEqual([1n, 2n, 3n, 2n ** 40n])
  })

  it('compat: 44 bytes, state_entry_time at 4, flag in byte 11', () => {
    const b = encodeRunstate(rs, COMPAT_LAYOUT, true)
    expect(b.length).toBe(44)
    expect(b[11]).toBe(0x80)
    expect(decodeRunstate(b, COMPAT_LAYOUT).state).toBe(1)
  })

  it('the update protocol: flag byte, wmb, copy, wmb, flag byte cleared', () => {
    const steps = guestCopyStores(rs, NATIVE_LAYOUT, true)
    expect(steps.map(s => [s.offset, s.bytes.length, s.wmbAfter])).toEqual([[15, 1, true], [0, 48, true], [15, 1, false]])
    expect(steps[0].bytes[0] & 0x80).toBe(0x80)
    expect(steps[2].bytes[0] & 0x80).toBe(0)
    expect(guestCopyStores(rs, NATIVE_LAYOUT, false)).toHaveLength(1)
  })

  it('Xen 4.18 guest-physical area: write_atomic(entry|flag), wmb, copy, wmb, write_atomic(entry), even without vm_assist', () => {
    for (const layout of [NATIVE_LAYOUT, COMPAT_LAYOUT]) {
      const steps = guestCopyStores(rs, layout, false, true)
      const at = layout.stateEntryTime
      expect(steps.map(s => [s.offset, s.bytes.length, s.wmbAfter])).toEqual([[at, 8, true], [0, layout.size, true], [at, 8, false]])
      const u64 = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset, b.byteLength).getBigUint64(0, true)
      const entry = decodeRunstate(encodeRunstate(rs, layout, false), layout).stateEntryTime
      expect(u64(steps[0].bytes)).toBe(entry | (1n << 63n))
      expect(u64(steps[2].bytes)).toBe(entry)
    }
  })
})

describe('guest-copy update', () => {
  it('in place, ends with exactly the bytes the stores leave (both layouts, flag or not, values past 2^32)', () => {
    let seed = 7
    const rnd = (max: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % max)
    for (const layout of ['native', 'compat'] as const) {
      for (const useFlag of [false, true]) {
        const size = layout === 'native' ? 48 : 44
        const fast: RunstateArea = {addr: 0x1000, layout, bytes: new Uint8Array(size)}
        const stored: RunstateArea = {addr: 0x1000, layout, bytes: new Uint8Array(size)}
        for (let i = 0; i < 200; i++) {
          const big = () => rnd(2 ** 30) * 2 ** 22 + rnd(2 ** 22)
          const rs: RunstateInfo = {state: rnd(4) as RunstateInfo['state'], entryTime: big(), time: [big(), rnd(10), big(), 2 ** 53 - 1 - rnd(5)]}
          updateGuestCopy(fast, rs, useFlag)
          const prev = setGuestCopyTap((area, stores) => stores.forEach(st => area.bytes.set(st.bytes, st.offset)))
          try {
            updateGuestCopy(stored, rs, useFlag)
          } finally {
            setGuestCopyTap(prev)
          }
          expect(fast.bytes).toEqual(stored.bytes)
          expect(fast.bytes).toEqual(encodeRunstate(rs, layout === 'native' ? NATIVE_LAYOUT : COMPAT_LAYOUT, false))
        }
      }
    }
  })
})
