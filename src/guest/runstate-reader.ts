// The guest's snapshot read of a vCPU's runstate area, one load at a time,
// as drivers/xen/time.c does it (xen_get_runstate_snapshot_cpu):
//   Linux 4.6:  do { t = get64(entry); copy } while (get64(entry) != t)
//   the series: do { t = get64(entry); rmb; copy; rmb }
//               while (get64(entry) != t || (t & XEN_RUNSTATE_UPDATE))
// A 64-bit kernel loads each u64 at once (the native layout, 48 bytes). A
// 32-bit kernel (x86 PV, the compat layout of 44 bytes) has get64() read
// hi, lo, hi until both hi agree, and copies the record in 32-bit words.
// Written as a step machine so a writer's stores can be interleaved between
// any two of its loads (xl runstate stress).
import {XEN_RUNSTATE_UPDATE, NATIVE_LAYOUT, type RunstateLayout} from '../hypervisor/runstate.js'

/** The guest-side readers, named as the checker's (src/checker/readers.ts). */
export type ReaderAlgorithm = 'linux-4.6' | 'linux-4.8' | 'linux-4.6-32bit' | 'linux-4.8-32bit'

/** The 8-byte fields of the native record, in the order the copy reads them. */
export const FIELD_OFFSETS = [0, 8, 16, 24, 32, 40] as const

/** A record's fields (offset, size) as the writer's copy stores them: the native one in 8-byte pieces, state with its padding. */
export function recordFields(layout: RunstateLayout): {offset: number; size: number}[] {
  if (layout.size === NATIVE_LAYOUT.size) return FIELD_OFFSETS.map(offset => ({offset, size: 8}))
  return [{offset: 0, size: 4}, ...[0, 1, 2, 3, 4].map(i => ({offset: layout.stateEntryTime + 8 * i, size: 8}))]
}

function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
}

/** One load: t (before or after the copy, whole or a 32-bit half of get64) or a piece of the copy. */
type Load =
  | {kind: 't'; second: boolean}
  | {kind: 'hi' | 'lo' | 'hi2'; second: boolean}
  | {kind: 'copy'; offset: number; size: number}

/** The loads of one attempt, per (bits, layout): built once, shared by every reader. */
const LOADS = new Map<string, readonly Load[]>()

function loads(bits: 32 | 64, layout: RunstateLayout): readonly Load[] {
  const key = `${bits}/${layout.size}`
  let out = LOADS.get(key)
  if (out === undefined) LOADS.set(key, out = buildLoads(bits, layout))
  return out
}

function buildLoads(bits: 32 | 64, layout: RunstateLayout): Load[] {
  if (bits === 64) {
    return [{kind: 't', second: false}, ...recordFields(layout).map(f => ({kind: 'copy' as const, ...f})), {kind: 't', second: true}]
  }
  const get64 = (second: boolean): Load[] => [{kind: 'hi', second}, {kind: 'lo', second}, {kind: 'hi2', second}]
  const words: Load[] = Array.from({length: layout.size / 4}, (_, i) => ({kind: 'copy', offset: 4 * i, size: 4}))
  return [...get64(false), ...words, ...get64(true)]
}

export class SnapshotReader {
  private step = 0
  private t1 = 0n
  private hi = 0
  private lo = 0
  private readonly loads: readonly Load[]
  private readonly checksFlag: boolean
  readonly snapshot: Uint8Array
  retries = 0
  done = false

  constructor(private readonly area: Uint8Array, algorithm: ReaderAlgorithm, private readonly layout: RunstateLayout = NATIVE_LAYOUT) {
    this.loads = loads(algorithm.endsWith('-32bit') ? 32 : 64, layout)
    this.checksFlag = algorithm.startsWith('linux-4.8')
    this.snapshot = new Uint8Array(layout.size)
  }

  /** One load (one interleaving point). Returns true once a snapshot is accepted. */
  next(): boolean {
    const ld = this.loads[this.step]
    const at = this.layout.stateEntryTime
    let t: bigint | null = null
    switch (ld.kind) {
      case 'copy':
        this.snapshot.set(this.area.subarray(ld.offset, ld.offset + ld.size), ld.offset)
        break
      case 't':
        t = view(this.area).getBigUint64(at, true)
        break
      case 'hi':
        this.hi = view(this.area).getUint32(at + 4, true)
        break
      case 'lo':
        this.lo = view(this.area).getUint32(at, true)
        break
      case 'hi2':
        // get64(): the high half changed under it: read hi, lo, hi again.
        if (view(this.area).getUint32(at + 4, true) !== this.hi) {
          this.step -= 2
          return false
        }
        t = (BigInt(this.hi) << 32n) | BigInt(this.lo)
        break
    }
    if (t !== null && (ld.kind === 't' || ld.kind === 'hi2')) {
      if (!ld.second) {
        this.t1 = t
      } else {
        const flagged = this.checksFlag && (this.t1 & XEN_RUNSTATE_UPDATE) !== 0n
        if (t === this.t1 && !flagged) {
          this.done = true
          return true
        }
        this.retries++
        this.step = 0
        return false
      }
    }
    this.step++
    return false
  }
}
