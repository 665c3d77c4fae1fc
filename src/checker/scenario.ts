/**
 * A runstate scenario: one writer (Xen rewriting a vCPU's guest copy, K
 * updates) and one reader (a guest CPU taking a snapshot of it), as a
 * Program for the explorer, plus what is needed to explain a violation.
 *
 * "remote": the reader runs on another CPU while Xen rewrites the record
 *   (runqueue steal time reading another CPU's steal clock).
 * "local": the reader reads its own vCPU's record. Xen only rewrites it
 *   when that vCPU is switched in or out, i.e. never during the read: each
 *   update and the whole read are atomic sections with respect to each other.
 */
import {COMPAT, fromLeBytes, hex, leBytes, NATIVE, publishedRecord, recordBytes, fieldValue, RUNSTATE_NAMES, XEN_RUNSTATE_UPDATE, type Field, type Layout} from './layout.js'
import type {ModelName} from './models.js'
import type {Program} from './program.js'
import {readerProgram, type ReaderSpec} from './readers.js'
import {writerSteps, type WriterSpec} from './writers.js'
import type {ReplayStep} from './explore.js'

export type Mode = 'remote' | 'local'

export interface Scenario {
  readonly program: Program
  readonly layout: Layout
  readonly versions: number
  readonly readerThread: number
  readonly stride: number
  readonly copyReg: number
}

/**
 * 32-bit readers are a 32-bit x86 PV guest (compat layout) under sc/tso, and
 * an arm32 guest (native layout, 64-bit fields read as two words) under armv8.
 */
export function layoutFor(reader: ReaderSpec, model: ModelName): Layout {
  return reader.bits === 32 && model !== 'armv8' ? COMPAT : NATIVE
}

export function buildScenario(writer: WriterSpec, reader: ReaderSpec, model: ModelName, updates: number, mode: Mode, attempts: number): Scenario {
  const layout = layoutFor(reader, model)
  const versions = updates + 1
  const local = mode === 'local'
  const r = readerProgram(reader, layout, versions, attempts, local ? 'CPU1 guest (own vCPU)' : 'CPU1 guest', local)
  return {
    program: {
      memory: recordBytes(layout, publishedRecord(0)),
      threads: [{cpu: 'pCPU0 xen', steps: writerSteps(writer, layout, updates), regs: [], atomic: local}, r.thread],
    },
    layout, versions, readerThread: 1, stride: r.stride, copyReg: r.copyReg,
  }
}

export const versionName = (v: number) => (v === 0 ? 'initial' : `update ${v}`)

/** Which published records some bytes of the area agree with. */
export function describeBytes(layout: Layout, versions: number, addr: number, bytes: readonly number[]): string {
  const f = layout.fields.find((x) => addr >= x.offset && addr + bytes.length <= x.offset + x.size)
  if (!f) return ''
  const from = addr - f.offset
  const plain: number[] = []
  const flagged: number[] = []
  for (let v = 0; v < versions; v++) {
    const rec = publishedRecord(v)
    const same = (flag: boolean) => leBytes(fieldValue(rec, f, flag), f.size).slice(from, from + bytes.length).every((b, i) => b === bytes[i])
    if (same(false)) plain.push(v)
    else if (f.name === 'state_entry_time' && same(true)) flagged.push(v)
  }
  const names = (vs: number[]) => vs.map(versionName).join(' = ')
  if (plain.length) return names(plain)
  if (flagged.length) return `${names(flagged)}, XEN_RUNSTATE_UPDATE set`
  if (f.name === 'state_entry_time' && from + bytes.length === 8 && bytes.length >= 4) {
    // low bytes of one version under the flag byte of an update in flight
    const low = bytes.slice(0, bytes.length - 1)
    for (let v = 0; v < versions; v++) {
      const b = leBytes(fieldValue(publishedRecord(v), f), 8).slice(from, 7)
      if (b.every((x, i) => x === low[i]) && (bytes[bytes.length - 1]! & 0x80)) return `${versionName(v)}, XEN_RUNSTATE_UPDATE set`
    }
  }
  return 'no published value'
}

export function formatValue(bytes: readonly number[]): string {
  return hex(fromLeBytes(bytes), bytes.length)
}

export interface SnapshotField {
  readonly field: string
  readonly value: string
  /** published versions this field equals (empty: none, e.g. flag set or halves mixed) */
  readonly versions: readonly number[]
  readonly note: string
}

export interface Snapshot {
  readonly attempt: number
  readonly fields: readonly SnapshotField[]
  /** versions that some field uniquely comes from */
  readonly mixes: readonly number[]
  readonly flagSet: boolean
}

/** The snapshot the reader returned, from a replayed violating schedule. */
export function snapshotOf(s: Scenario, steps: readonly ReplayStep[], attempt: number): Snapshot {
  const bytes = new Map<number, number>()
  for (const st of steps) {
    if (st.thread !== s.readerThread || st.kind !== 'load') continue
    if (!st.label.startsWith(`attempt ${attempt + 1}: copy `)) continue
    st.bytes.forEach((b, i) => bytes.set(st.addr + i, b))
  }
  const fields: SnapshotField[] = []
  let flagSet = false
  const unique = new Set<number>()
  for (const f of s.layout.fields) {
    const b = Array.from({length: f.size}, (_, i) => bytes.get(f.offset + i) ?? 0)
    const versions: number[] = []
    for (let v = 0; v < s.versions; v++) {
      if (leBytes(fieldValue(publishedRecord(v), f), f.size).every((x, i) => x === b[i])) versions.push(v)
    }
    if (versions.length === 1) unique.add(versions[0]!)
    const value = fromLeBytes(b)
    let note = versions.length ? versions.map(versionName).join(' = ') : describeBytes(s.layout, s.versions, f.offset, b)
    if (f.name === 'state_entry_time' && (value & XEN_RUNSTATE_UPDATE) !== 0n) flagSet = true
    if (versions.length === 0 && f.size === 8 && note === 'no published value') {
      const lo = describeBytes(s.layout, s.versions, f.offset, b.slice(0, 4))
      const hi = describeBytes(s.layout, s.versions, f.offset + 4, b.slice(4))
      note = `lo word ${lo}, hi word ${hi}`
    }
    const shown = f.name === 'state' ? `${value} (${RUNSTATE_NAMES[Number(value)] ?? '?'})` : hex(value, 8)
    fields.push({field: f.name, value: shown, versions, note})
  }
  return {attempt: attempt + 1, fields, mixes: [...unique].sort((a, b) => a - b), flagSet}
}

export type {Field}
