// The guest's snapshot read of a vCPU's runstate area, one 64-bit access at
// a time, as drivers/xen/time.c does it (xen_get_runstate_snapshot_cpu):
//   Linux 4.6:  do { t = get64(entry); copy } while (get64(entry) != t)
//   the series: do { t = get64(entry); rmb; copy; rmb }
//               while (get64(entry) != t || (t & XEN_RUNSTATE_UPDATE))
// Written as a step machine so a writer's stores can be interleaved between
// any two of its loads (xl runstate stress).
import {XEN_RUNSTATE_UPDATE, NATIVE_LAYOUT} from '../hypervisor/runstate.js'

export type ReaderAlgorithm = 'linux-4.6' | 'linux-4.8'

/** The 8-byte fields of the native record, in the order the copy reads them. */
export const FIELD_OFFSETS = [0, 8, 16, 24, 32, 40] as const

function read64(bytes: Uint8Array, offset: number): bigint {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getBigUint64(offset, true)
}

export class SnapshotReader {
  private step = 0
  private t1 = 0n
  readonly snapshot = new Uint8Array(NATIVE_LAYOUT.size)
  retries = 0
  done = false

  constructor(private readonly area: Uint8Array, private readonly algorithm: ReaderAlgorithm) {}

  /** One load (one interleaving point). Returns true once a snapshot is accepted. */
  next(): boolean {
    const s = this.step
    if (s === 0) {
      this.t1 = read64(this.area, NATIVE_LAYOUT.stateEntryTime)
    } else if (s <= FIELD_OFFSETS.length) {
      const off = FIELD_OFFSETS[s - 1]
      this.snapshot.set(this.area.subarray(off, off + 8), off)
    } else {
      const t2 = read64(this.area, NATIVE_LAYOUT.stateEntryTime)
      const flagged = this.algorithm === 'linux-4.8' && (this.t1 & XEN_RUNSTATE_UPDATE) !== 0n
      if (t2 === this.t1 && !flagged) {
        this.done = true
        return true
      }
      this.retries++
      this.step = 0
      return false
    }
    this.step++
    return false
  }
}
