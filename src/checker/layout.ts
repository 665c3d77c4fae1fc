/**
 * The guest's copy of struct vcpu_runstate_info (xen/include/public/vcpu.h),
 * byte by byte, little-endian:
 *
 *   native (x86_64, arm32, arm64), 48 bytes    32-bit x86 PV (compat), 44 bytes
 *   0  state (int32) + 4 bytes padding          0  state
 *   8  state_entry_time (uint64)                4  state_entry_time
 *   16 time[0..3] (uint64 each)                 12 time[0..3]
 *
 * XEN_RUNSTATE_UPDATE is bit 63 of state_entry_time, i.e. the top bit of its
 * most significant byte: byte 15 (native) or 11 (compat). Xen writes that
 * byte alone to raise and drop the flag (update_runstate_area in
 * xen/arch/x86/domain.c and xen/arch/arm/domain.c).
 */

export interface Field {
  readonly name: string
  readonly offset: number
  readonly size: number
}

export interface Layout {
  readonly name: 'native' | 'compat'
  readonly size: number
  readonly fields: readonly Field[]
  readonly stateEntryTime: Field
  /** byte holding XEN_RUNSTATE_UPDATE */
  readonly flagByte: number
}

const fields = (setAt: number, timeAt: number): Field[] => [
  {name: 'state', offset: 0, size: 4},
  {name: 'state_entry_time', offset: setAt, size: 8},
  ...[0, 1, 2, 3].map((i) => ({name: `time[${i}]`, offset: timeAt + 8 * i, size: 8})),
]

const make = (name: 'native' | 'compat', size: number, setAt: number, timeAt: number): Layout => {
  const fs = fields(setAt, timeAt)
  return {name, size, fields: fs, stateEntryTime: fs[1]!, flagByte: setAt + 7}
}

export const NATIVE: Layout = make('native', 48, 8, 16)
export const COMPAT: Layout = make('compat', 44, 4, 12)

export const XEN_RUNSTATE_UPDATE = 1n << 63n

export const RUNSTATE_NAMES = ['running', 'runnable', 'blocked', 'offline'] as const

/**
 * The record published by update v (v = 0 is what the area holds before the
 * first update). Every field is different in every version, and both 32-bit
 * halves of every 64-bit field are too (values above 2^32 ns, as on any host
 * up for more than 4.3 s), so any mix of versions is visible.
 */
export interface RunstateRecord {
  readonly version: number
  readonly state: number
  readonly stateEntryTime: bigint
  readonly time: readonly bigint[]
}

export function publishedRecord(v: number): RunstateRecord {
  const V = BigInt(v + 1)
  return {
    version: v,
    state: v % 4,
    // 4.3 s, 8.6 s, 12.9 s, ...: high words 1, 2, 3, ..., low words distinct
    stateEntryTime: V * 4_300_000_000n,
    time: [0n, 1n, 2n, 3n].map((s) => V * 4_294_967_296n + (s + 1n) * V * 1_000_000n),
  }
}

export function fieldValue(r: RunstateRecord, f: Field, flag = false): bigint {
  if (f.name === 'state') return BigInt(r.state)
  if (f.name === 'state_entry_time') return flag ? r.stateEntryTime | XEN_RUNSTATE_UPDATE : r.stateEntryTime
  return r.time[Number(f.name.slice(5, 6))]!
}

export function leBytes(value: bigint, size: number): number[] {
  const out: number[] = []
  for (let i = 0; i < size; i++) out.push(Number((value >> BigInt(8 * i)) & 0xffn))
  return out
}

export function fromLeBytes(bytes: readonly number[]): bigint {
  let v = 0n
  for (let i = bytes.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(bytes[i]!)
  return v
}

/** The whole record as the area's bytes (padding zero). */
export function recordBytes(layout: Layout, r: RunstateRecord, flag = false): number[] {
  const out = new Array<number>(layout.size).fill(0)
  for (const f of layout.fields) leBytes(fieldValue(r, f, flag), f.size).forEach((b, i) => (out[f.offset + i] = b))
  return out
}

export function hex(value: bigint, size: number): string {
  return '0x' + value.toString(16).padStart(size * 2, '0')
}
