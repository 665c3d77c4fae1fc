// Runstate accounting (xen/common/sched/core.c vcpu_runstate_change) and the
// hypervisor's copy of the record into guest memory (update_runstate_area in
// xen/arch/x86/domain.c and xen/arch/arm/domain.c).
import {RUNSTATE_running, type RunstateState} from './types.js'
import {TWO_32, joinNs} from './time.js'

export interface RunstateInfo {
  state: RunstateState
  /** ns of system time when `state` was entered, relative to the host's epoch (time.ts). */
  entryTime: number
  /** ns spent in each state, indexed by RunstateState (on top of hi.time once the epoch moved). */
  time: [number, number, number, number]
  /**
   * Absent until the host's epoch first moves (after about 101 days): the
   * high parts of the u64 fields, in units of 2^32 ns, folded in at each
   * rebase so that the numbers above stay small and exact.
   */
  hi?: RunstateHi
}

export interface RunstateHi {
  /** The epoch entryTime is relative to: epoch * 2^32 + epochLo ns. */
  epoch: number
  epochLo: number
  /** time[i] in all is hi.time[i] * 2^32 + time[i]. */
  time: [number, number, number, number]
  /**
   * The state was entered before the epoch: entryTime is then only a mark
   * (time[] holds everything up to it) and this is the true
   * state_entry_time, [high part, low 32 bits].
   */
  entry: [number, number] | null
}

/** Guest-memory layouts of struct vcpu_runstate_info (xen/include/public/vcpu.h;
 * the compat layout is xen/include/compat/vcpu.h's 32-bit packing). */
export interface RunstateLayout {
  readonly size: number
  readonly stateEntryTime: number
  readonly time0: number
  /** Byte offset of the most significant byte of state_entry_time (holds the flag). */
  readonly flagByte: number
}
export const NATIVE_LAYOUT: RunstateLayout = {size: 48, stateEntryTime: 8, time0: 16, flagByte: 15}
export const COMPAT_LAYOUT: RunstateLayout = {size: 44, stateEntryTime: 4, time0: 12, flagByte: 11}

/** Bit 63 of state_entry_time: the hypervisor is rewriting the guest copy. */
export const XEN_RUNSTATE_UPDATE = 1n << 63n

/** A registered runstate area: where it lives in the guest and its bytes. */
export interface RunstateArea {
  /** Guest address the vCPU registered (VCPUOP_register_runstate_memory_area). */
  addr: number
  layout: 'native' | 'compat'
  bytes: Uint8Array
  /**
   * ARM: the address is a kernel address and the guest unmaps its kernel at
   * EL0 (KPTI), so Xen's copy, which walks the page tables current when the
   * vCPU is switched out, fails when that happens in user mode
   * (xen/arch/arm/p2m.c get_page_from_gva: "Failed to walk page-table").
   */
  unmappedAtEl0?: {domid: number; vcpuId: number}
  /** Copies lost that way (ARM KPTI), in all. */
  lostUpdates?: number
  /** The vCPU was last switched out at EL0: its switch back in copies through the same user tables. */
  atEl0?: boolean
  /** Registered by guest-physical address (Xen 4.18): always written with the flag, through a mapping. */
  phys?: true
}

/** A record entering `state` at `now` (relative to the host's epoch, ns). */
export function newRunstate(state: RunstateState, now: number, epoch = 0n): RunstateInfo {
  const rs: RunstateInfo = {state, entryTime: now, time: [0, 0, 0, 0]}
  if (epoch !== 0n) rs.hi = {...splitNs(epoch), time: [0, 0, 0, 0], entry: null}
  return rs
}

function splitNs(epoch: bigint): {epoch: number; epochLo: number} {
  return {epoch: Number(epoch >> 32n), epochLo: Number(epoch & 0xffffffffn)}
}

/** Account the time spent in the old state, then enter the new one. */
export function changeRunstate(rs: RunstateInfo, next: RunstateState, now: number): void {
  const delta = now - rs.entryTime
  if (delta < 0) throw new Error(`runstate time went backwards (${rs.entryTime} -> ${now})`)
  rs.time[rs.state] += delta
  rs.state = next
  rs.entryTime = now
  const hi = rs.hi
  if (hi !== undefined && hi.entry !== null) hi.entry = null
}

/** The record as vcpu_runstate_get() returns it at `now`: time[] includes the current state. */
export function runstateAt(rs: RunstateInfo, now: number): RunstateInfo {
  const time: [number, number, number, number] = [...rs.time]
  time[rs.state] += Math.max(0, now - rs.entryTime)
  const out: RunstateInfo = {state: rs.state, entryTime: rs.entryTime, time}
  if (rs.hi) out.hi = {...rs.hi, time: [...rs.hi.time], entry: rs.hi.entry ? [...rs.hi.entry] : null}
  return out
}

/** state_entry_time in ns since boot, exact. */
export function runstateEntryNs(rs: RunstateInfo): bigint {
  const hi = rs.hi
  if (hi === undefined) return BigInt(rs.entryTime)
  return hi.entry ? joinNs(hi.entry[0], hi.entry[1]) : joinNs(hi.epoch, hi.epochLo + rs.entryTime)
}

/** time[i] in ns, exact. */
export function runstateTimeNs(rs: RunstateInfo, i: number): bigint {
  return rs.hi ? joinNs(rs.hi.time[i], rs.time[i]) : BigInt(rs.time[i])
}

/** time[i] in ns as a double (exact below 2^53 ns, about 104 days, in one state). */
export function runstateTime(rs: RunstateInfo, i: number): number {
  return rs.hi ? rs.hi.time[i] * TWO_32 + rs.time[i] : rs.time[i]
}

/**
 * The epoch moved forward by `shiftNs` to `epoch`: entryTime follows it,
 * and the whole 2^32-ns parts of time[] move into hi. A state entered
 * before the new epoch keeps its true entry time in hi.entry, and its time
 * up to the epoch is accounted now (entryTime stays >= 0, so exact).
 */
export function rebaseRunstate(rs: RunstateInfo, shiftNs: number, epoch: bigint): void {
  const hi = rs.hi ?? (rs.hi = {epoch: 0, epochLo: 0, time: [0, 0, 0, 0], entry: null})
  let entry = rs.entryTime - shiftNs
  if (entry < 0) {
    if (hi.entry === null) {
      const abs = hi.epochLo + rs.entryTime
      hi.entry = [hi.epoch + Math.floor(abs / TWO_32), abs % TWO_32]
    }
    rs.time[rs.state] -= entry
    entry = 0
  }
  rs.entryTime = entry
  Object.assign(hi, splitNs(epoch))
  for (let i = 0; i < 4; i++) {
    const q = Math.floor(rs.time[i] / TWO_32)
    hi.time[i] += q
    rs.time[i] -= q * TWO_32
  }
}

export function isRunning(rs: RunstateInfo): boolean {
  return rs.state === RUNSTATE_running
}

export function layoutOf(area: RunstateArea): RunstateLayout {
  return area.layout === 'native' ? NATIVE_LAYOUT : COMPAT_LAYOUT
}

/** Serialise a record into its guest layout (little-endian). */
export function encodeRunstate(rs: RunstateInfo, layout: RunstateLayout, flag: boolean): Uint8Array {
  const bytes = new Uint8Array(layout.size)
  const view = new DataView(bytes.buffer)
  view.setInt32(0, rs.state, true)
  let entry = runstateEntryNs(rs)
  if (flag) entry |= XEN_RUNSTATE_UPDATE
  view.setBigUint64(layout.stateEntryTime, entry, true)
  for (let i = 0; i < 4; i++) view.setBigUint64(layout.time0 + 8 * i, runstateTimeNs(rs, i), true)
  return bytes
}

export interface DecodedRunstate {
  state: number
  /** state_entry_time as stored, flag bit included. */
  stateEntryTime: bigint
  time: [bigint, bigint, bigint, bigint]
}

export function decodeRunstate(bytes: Uint8Array, layout: RunstateLayout): DecodedRunstate {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const time = [0, 1, 2, 3].map(i => view.getBigUint64(layout.time0 + 8 * i, true)) as DecodedRunstate['time']
  return {state: view.getInt32(0, true), stateEntryTime: view.getBigUint64(layout.stateEntryTime, true), time}
}

/**
 * One store the hypervisor makes into the guest copy: `bytes` written at
 * `offset`, optionally followed by smp_wmb(). The live stress test (`xl runstate stress`)
 * interleaves guest reads between these steps.
 */
export interface GuestCopyStore {
  offset: number
  bytes: Uint8Array
  wmbAfter: boolean
}

/**
 * The stores update_runstate_area() makes. With runstate_update_flag (Xen
 * 4.8+, xen/arch/x86/domain.c and xen/arch/arm/domain.c): flag byte set,
 * wmb, whole copy, wmb, flag byte cleared. An area registered by
 * guest-physical address (`atomic64`, Xen 4.18 xen/common/domain.c
 * update_runstate_area, the `if ( map )` branch) always takes the flag and
 * raises and drops it with write_atomic() of the whole state_entry_time:
 * entry|flag, smp_wmb, copy, smp_wmb, entry. Without the flag: the copy only.
 */
export function guestCopyStores(rs: RunstateInfo, layout: RunstateLayout, useFlag: boolean, atomic64 = false): GuestCopyStore[] {
  const record = encodeRunstate(rs, layout, false)
  if (!useFlag && !atomic64) return [{offset: 0, bytes: record, wmbAfter: false}]
  const flagged = encodeRunstate(rs, layout, true)
  if (atomic64) {
    const at = layout.stateEntryTime
    return [
      {offset: at, bytes: flagged.slice(at, at + 8), wmbAfter: true},
      {offset: 0, bytes: flagged, wmbAfter: true},
      {offset: at, bytes: record.slice(at, at + 8), wmbAfter: false},
    ]
  }
  // The flag byte first carries the *old* entry time's top byte | 0x80; in
  // Xen it is `(v->runstate.state_entry_time | XEN_RUNSTATE_UPDATE) >> 56`
  // computed from the record about to be copied, which is what we use.
  return [
    {offset: layout.flagByte, bytes: flagged.slice(layout.flagByte, layout.flagByte + 1), wmbAfter: true},
    {offset: 0, bytes: flagged, wmbAfter: true},
    {offset: layout.flagByte, bytes: record.slice(layout.flagByte, layout.flagByte + 1), wmbAfter: false},
  ]
}

/**
 * An observer of guest-copy updates: the live stress test (xl runstate
 * stress) lets a guest reader run between the stores. Data only, no I/O.
 */
export type GuestCopyTap = (area: RunstateArea, stores: readonly GuestCopyStore[]) => void
let tap: GuestCopyTap | null = null
/** The one area the observer watches, or null for every area. */
let tapArea: RunstateArea | null = null

/**
 * Install (or with null, remove) the observer, for one area only when
 * `only` is given (the others keep the in-place write, so watching one vCPU
 * costs nothing per update of the rest of the host); returns the previous one.
 */
export function setGuestCopyTap(next: GuestCopyTap | null, only: RunstateArea | null = null): GuestCopyTap | null {
  const prev = tap
  tap = next
  tapArea = next ? only : null
  return prev
}

/** Copies that failed since the last drain (see drainFailedCopies). */
let failedCopies: RunstateArea[] = []

/** The areas whose copy failed since the last call, in order (one entry per failure). */
export function drainFailedCopies(): RunstateArea[] {
  const out = failedCopies
  failedCopies = []
  return out
}

/**
 * Switched out in user mode? The model has no instruction stream: a vCPU
 * switched out is taken to be at EL0 every other microsecond of the switch
 * time (deterministic, about half of its switches); the copy at its next
 * switch in, through the same tables, fails too.
 */
function copyFailsAtEl0(area: RunstateArea, rs: RunstateInfo): boolean {
  if (rs.state !== RUNSTATE_running) area.atEl0 = Math.floor(rs.entryTime / 1000) % 2 === 0
  return area.atEl0 === true
}

/** Run update_runstate_area(): the stores in order (an observer may interleave reads). */
export function updateGuestCopy(area: RunstateArea, rs: RunstateInfo, useFlag: boolean): void {
  if (area.unmappedAtEl0 && copyFailsAtEl0(area, rs)) {
    area.lostUpdates = (area.lostUpdates ?? 0) + 1
    failedCopies.push(area)
    return
  }
  if (tap && (tapArea === null || tapArea === area)) return tap(area, guestCopyStores(rs, layoutOf(area), useFlag, area.phys === true))
  // Nobody watches between the stores, so only their end result matters:
  // the record with the flag clear. Written in place, because this runs on
  // every context switch of every vCPU with a registered area.
  writeArea(area, rs, layoutOf(area))
}

/**
 * May the copies of a run of switches be left to one write of the last one
 * (writeGuestCopyFrom)? Only its end result is seen when nobody watches its
 * stores and no copy can fail (a KPTI guest's can, switch by switch); the
 * scheduler runs events with no guest in between.
 */
export function guestCopyDeferrable(area: RunstateArea): boolean {
  return !area.unmappedAtEl0 && (tap === null || (tapArea !== null && tapArea !== area))
}

/**
 * updateGuestCopy() of the record at rec[o]: state, entry time and time[4]
 * (no high parts), for an area guestCopyDeferrable() allowed.
 */
export function writeGuestCopyFrom(area: RunstateArea, rec: Float64Array, o: number): void {
  const rs: RunstateInfo = {state: rec[o] as RunstateState, entryTime: rec[o + 1], time: [rec[o + 2], rec[o + 3], rec[o + 4], rec[o + 5]]}
  writeArea(area, rs, layoutOf(area))
}

/**
 * A guest copy's bytes as 32-bit words, cached on the area under symbols
 * (not enumerable: JSON and object spread, which persist the area, do not
 * see them) with the bytes they view, so a replaced `bytes` is noticed.
 */
const WORDS = Symbol('runstate area words')
const WORDS_OF = Symbol('runstate area words view')
interface WordsCache {
  [WORDS]?: Uint32Array
  [WORDS_OF]?: Uint8Array
}
/** The guest layouts are little-endian: 32-bit words can be stored as they are only on such a host. */
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1
const TWO_M32 = 2 ** -32

/** The area's bytes as words, or null when they cannot be (unaligned, big-endian host). */
function wordsOf(area: RunstateArea): Uint32Array | null {
  const a = area as RunstateArea & WordsCache
  const bytes = area.bytes
  if (a[WORDS_OF] === bytes) return a[WORDS]!
  if (!LITTLE_ENDIAN || bytes.byteOffset % 4 !== 0 || bytes.byteLength % 4 !== 0) return null
  const words = new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4)
  Object.defineProperty(a, WORDS, {value: words, writable: true, configurable: true})
  Object.defineProperty(a, WORDS_OF, {value: bytes, writable: true, configurable: true})
  return words
}

/**
 * The record into the guest copy (its layout's fields only; padding is
 * never written), flag clear: eleven 32-bit stores, no allocation, no
 * bigint, no double handed to a call V8 might not inline (it would box
 * it). This runs at every context switch of a vCPU with an area.
 */
function writeArea(area: RunstateArea, rs: RunstateInfo, layout: RunstateLayout): void {
  const w = rs.hi === undefined ? wordsOf(area) : null
  if (w === null) return writeRecord(area.bytes, rs, layout)
  const time = rs.time
  const e = layout.stateEntryTime >>> 2
  const t = layout.time0 >>> 2
  w[0] = rs.state
  // n >>> 0 is n mod 2^32 for any safe integer; the rest times 2^-32 is exact.
  let n = rs.entryTime
  let lo = n >>> 0
  w[e] = lo
  w[e + 1] = (n - lo) * TWO_M32
  n = time[0]
  lo = n >>> 0
  w[t] = lo
  w[t + 1] = (n - lo) * TWO_M32
  n = time[1]
  lo = n >>> 0
  w[t + 2] = lo
  w[t + 3] = (n - lo) * TWO_M32
  n = time[2]
  lo = n >>> 0
  w[t + 4] = lo
  w[t + 5] = (n - lo) * TWO_M32
  n = time[3]
  lo = n >>> 0
  w[t + 6] = lo
  w[t + 7] = (n - lo) * TWO_M32
}

/**
 * The record into `bytes` (its layout's fields only; padding is never
 * written), flag clear, byte by byte (an area whose bytes cannot be viewed
 * as words, or a record past an epoch move).
 */
function writeRecord(bytes: Uint8Array, rs: RunstateInfo, layout: RunstateLayout): void {
  const hi = rs.hi
  if (hi !== undefined) return writeRecordHi(bytes, rs, hi, layout)
  const state = rs.state
  bytes[0] = state
  bytes[1] = state >>> 8
  bytes[2] = state >>> 16
  bytes[3] = state >>> 24
  const time = rs.time
  const t0 = layout.time0
  for (let k = 0; k < 5; k++) {
    const n = k === 0 ? rs.entryTime : time[k - 1]
    const at = k === 0 ? layout.stateEntryTime : t0 + 8 * (k - 1)
    const lo = n >>> 0
    const high = (n - lo) / TWO_32
    bytes[at] = lo
    bytes[at + 1] = lo >>> 8
    bytes[at + 2] = lo >>> 16
    bytes[at + 3] = lo >>> 24
    bytes[at + 4] = high
    bytes[at + 5] = high >>> 8
    bytes[at + 6] = high >>> 16
    bytes[at + 7] = high >>> 24
  }
}

/** After the epoch moved (rare): the same with each field's high part added (still no bigint). */
function writeRecordHi(bytes: Uint8Array, rs: RunstateInfo, hi: RunstateHi, layout: RunstateLayout): void {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  view.setInt32(0, rs.state, true)
  if (hi.entry) writeU64(view, layout.stateEntryTime, hi.entry[0], hi.entry[1])
  else writeU64(view, layout.stateEntryTime, hi.epoch, hi.epochLo + rs.entryTime)
  for (let i = 0; i < 4; i++) writeU64(view, layout.time0 + 8 * i, hi.time[i], rs.time[i])
}

/** The u64 high * 2^32 + n (n a non-negative safe integer), as two little-endian halves. */
function writeU64(view: DataView, offset: number, high: number, n: number): void {
  view.setUint32(offset, n % TWO_32, true)
  view.setUint32(offset + 4, high + Math.floor(n / TWO_32), true)
}
