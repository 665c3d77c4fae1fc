// The guest's snapshot loop, one load per step: a 64-bit kernel's u64 loads
// on the native record, a 32-bit kernel's get64() (hi, lo, hi) and word copy
// on the compat one.
import {describe, expect, it} from 'vitest'
import {SnapshotReader, recordFields} from '../../src/guest/runstate-reader.js'
import {COMPAT_LAYOUT, NATIVE_LAYOUT, XEN_RUNSTATE_UPDATE} from '../../src/hypervisor/runstate.js'

function compatRecord(entry: bigint): Uint8Array {
  const b = new Uint8Array(COMPAT_LAYOUT.size)
  new DataView(b.buffer).setBigUint64(COMPAT_LAYOUT.stateEntryTime, entry, true)
  return b
}
const setEntry = (b: Uint8Array, v: bigint) => new DataView(b.buffer).setBigUint64(COMPAT_LAYOUT.stateEntryTime, v, true)

describe('SnapshotReader', () => {
  it('the native record: t, six u64 pieces, t again (8 loads)', () => {
    const r = new SnapshotReader(new Uint8Array(NATIVE_LAYOUT.size), 'linux-4.8')
    let n = 1
    while (!r.next()) n++
    expect(n).toBe(8)
    expect(recordFields(NATIVE_LAYOUT).map(f => f.offset)).toEqual([0, 8, 16, 24, 32, 40])
  })

  it('the compat record, 32-bit: get64 as hi, lo, hi; eleven words; get64 again (17 loads)', () => {
    const r = new SnapshotReader(compatRecord(0x1_0000_0005n), 'linux-4.8-32bit', COMPAT_LAYOUT)
    let n = 1
    while (!r.next()) n++
    expect(n).toBe(17)
    expect(r.snapshot.length).toBe(44)
    expect(recordFields(COMPAT_LAYOUT)).toEqual([{offset: 0, size: 4}, ...[4, 12, 20, 28, 36].map(offset => ({offset, size: 8}))])
  })

  it('get64 reads hi, lo, hi again when the high half moved under it (no outer retry)', () => {
    const area = compatRecord(0x1_ffff_ffffn)
    const r = new SnapshotReader(area, 'linux-4.8-32bit', COMPAT_LAYOUT)
    r.next() // hi = 1
    setEntry(area, 0x2_0000_0000n)
    r.next() // lo = 0
    expect(r.next()).toBe(false) // hi = 2: again
    let n = 0
    while (!r.next()) n++
    expect(r.retries).toBe(0)
    expect(n).toBe(16) // hi, lo, hi2, 11 words, hi, lo, then hi2 accepts
    expect(new DataView(r.snapshot.buffer).getBigUint64(4, true)).toBe(0x2_0000_0000n)
  })

  it('the series\' 32-bit reader retries while XEN_RUNSTATE_UPDATE is set; Linux 4.6\'s does not look', () => {
    for (const [algorithm, retries] of [['linux-4.8-32bit', 1], ['linux-4.6-32bit', 0]] as const) {
      const area = compatRecord(7n | XEN_RUNSTATE_UPDATE)
      const r = new SnapshotReader(area, algorithm, COMPAT_LAYOUT)
      for (let i = 0; i < 17; i++) r.next()
      setEntry(area, 7n)
      while (!r.done) r.next()
      expect(r.retries).toBe(retries)
    }
  })
})
