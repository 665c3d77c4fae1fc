/**
 * The guest side: Linux reading a vCPU's runstate copy (drivers/xen/time.c).
 *
 * Linux 4.6, xen_get_runstate_snapshot() (own CPU only):
 *     do {
 *         state_time = get64(&state->state_entry_time);
 *         barrier();
 *         *res = *state;
 *         barrier();
 *     } while (get64(&state->state_entry_time) != state_time);
 *
 * Linux 4.8+, xen_get_runstate_snapshot_cpu_delta() (any CPU):
 *     do {
 *         state_time = get64(&state->state_entry_time);
 *         rmb();    // Hypervisor might update data.
 *         *res = READ_ONCE(*state);
 *         rmb();    // Hypervisor might update data.
 *     } while (get64(&state->state_entry_time) != state_time ||
 *              (state_time & XEN_RUNSTATE_UPDATE));
 *
 * rmb() is lfence on x86 (no extra ordering under TSO) and dsb ld on arm64;
 * we model it as smp_rmb (dmb ishld), the weaker of the two, so SAFE stays
 * sound. The struct copy is a memcpy: its loads are unordered (a group).
 *
 * get64() on a 32-bit kernel reads hi, lo, hi (READ_ONCE each, no barrier)
 * until both hi reads agree. We treat a hi mismatch as a failed attempt of
 * the outer loop (the outer loop re-reads everything, a subset of what the
 * real inner retry could return).
 *
 * The loop is unrolled into `attempts` attempts. An attempt fails as soon as
 * its registers show it (flag set, t != t'), and the snapshot of the first
 * attempt that succeeds is the one returned. A path on which every attempt
 * fails is dropped (the reader would still be spinning). Fewer attempts
 * never hide a torn snapshot: the loads of a later attempt could have been
 * the first attempt's at the same moments.
 */
import {fieldValue, leBytes, publishedRecord, type Field, type Layout} from './layout.js'
import type {Barrier, Fold, Settled, Step, ThreadProgram} from './program.js'

export interface ReaderSpec {
  readonly name: string
  readonly description: string
  readonly bits: 32 | 64
  /** the barrier primitive between t and the copy, or none */
  readonly rmb1?: Barrier
  /** the barrier primitive between the copy and the re-read, or none */
  readonly rmb2?: Barrier
  readonly flagTest: boolean
}

export const READERS: readonly ReaderSpec[] = [
  {name: 'linux-4.6', description: 'Linux 4.6 xen_get_runstate_snapshot: compare t before/after, compiler barriers, no flag test', bits: 64, rmb1: 'barrier', rmb2: 'barrier', flagTest: false},
  {name: 'linux-4.6-32bit', description: 'linux-4.6 on a 32-bit kernel (get64 as hi/lo/hi)', bits: 32, rmb1: 'barrier', rmb2: 'barrier', flagTest: false},
  {name: 'linux-4.8', description: 'Linux 4.8+ xen_get_runstate_snapshot_cpu_delta: t, rmb, copy, rmb, re-read t + XEN_RUNSTATE_UPDATE test', bits: 64, rmb1: 'smp_rmb', rmb2: 'smp_rmb', flagTest: true},
  {name: 'linux-4.8-32bit', description: 'linux-4.8 on a 32-bit kernel (get64 as hi/lo/hi)', bits: 32, rmb1: 'smp_rmb', rmb2: 'smp_rmb', flagTest: true},
  {name: 'linux-4.8-no-rmb1', description: 'linux-4.8 without the rmb between reading t and the copy (broken on purpose)', bits: 64, rmb2: 'smp_rmb', flagTest: true},
  {name: 'linux-4.8-no-rmb2', description: 'linux-4.8 without the rmb between the copy and the re-read (broken on purpose)', bits: 64, rmb1: 'smp_rmb', flagTest: true},
]

export function findReader(name: string): ReaderSpec | undefined {
  return READERS.find((r) => r.name === name)
}

/** One load of the reader's copy: which bytes, and which field they belong to. */
export interface CopyPiece {
  readonly field: Field
  readonly offset: number
  readonly size: number
  readonly name: string
}

export function copyPieces(reader: ReaderSpec, layout: Layout): CopyPiece[] {
  const out: CopyPiece[] = []
  for (const f of layout.fields) {
    if (reader.bits === 64 || f.size === 4) out.push({field: f, offset: f.offset, size: f.size, name: f.name})
    else {
      out.push({field: f, offset: f.offset, size: 4, name: `${f.name}.lo`})
      out.push({field: f, offset: f.offset + 4, size: 4, name: `${f.name}.hi`})
    }
  }
  return out
}

const str = (bytes: readonly number[]) => String.fromCharCode(...bytes)

export interface ReaderProgram {
  readonly thread: ThreadProgram
  /** registers per attempt */
  readonly stride: number
  /** register of the copy summary within an attempt */
  readonly copyReg: number
  readonly pieces: readonly CopyPiece[]
}

/**
 * The reader as a thread. `versions` is how many records were published
 * (the initial one plus K updates): the copy register keeps the bit mask of
 * versions every piece read so far agrees with (bits 0..7) and how many
 * pieces were read (bits 8..), which is all the verdict needs.
 */
export function readerProgram(reader: ReaderSpec, layout: Layout, versions: number, attempts: number, cpu: string, atomic: boolean): ReaderProgram {
  const set = layout.stateEntryTime
  const tLoads = reader.bits === 64 ? 1 : 3
  const stride = 2 * tLoads + 1
  const copyReg = tLoads
  const pieces = copyPieces(reader, layout)
  const all = (1 << versions) - 1

  // t values are interned: code = (index << 1) | XEN_RUNSTATE_UPDATE bit
  const codes = new Map<string, number>()
  const intern: Fold = (_prev, value) => {
    let c = codes.get(value)
    if (c === undefined) {
      // only consulted for t / t.hi, whose last byte is the flag byte
      const flag = (value.charCodeAt(value.length - 1) & 0x80) !== 0
      c = (codes.size << 1) | (flag ? 1 : 0)
      codes.set(value, c)
    }
    return c
  }

  const pieceFold = (p: CopyPiece): Fold => {
    const masks = new Map<string, number>()
    for (let v = 0; v < versions; v++) {
      const bytes = leBytes(fieldValue(publishedRecord(v), p.field), p.field.size).slice(p.offset - p.field.offset, p.offset - p.field.offset + p.size)
      const k = str(bytes)
      masks.set(k, (masks.get(k) ?? 0) | (1 << v))
    }
    return (prev, value) => ((((prev >> 8) + 1) << 8) | (prev & (masks.get(value) ?? 0)))
  }

  const steps: Step[] = []
  const regs: number[] = []
  const readT = (a: number, base: number, what: string) => {
    if (reader.bits === 64) {
      steps.push({kind: 'load', addr: set.offset, size: 8, reg: base, fold: intern, label: `attempt ${a}: ${what} = state_entry_time (bytes ${set.offset}-${set.offset + 7})`})
    } else {
      const hi = {kind: 'load' as const, addr: set.offset + 4, size: 4, fold: intern}
      steps.push({...hi, reg: base, label: `attempt ${a}: ${what}.hi = state_entry_time hi word (bytes ${set.offset + 4}-${set.offset + 7})`})
      steps.push({kind: 'load', addr: set.offset, size: 4, reg: base + 1, fold: intern, label: `attempt ${a}: ${what}.lo = state_entry_time lo word (bytes ${set.offset}-${set.offset + 3})`})
      steps.push({...hi, reg: base + 2, label: `attempt ${a}: ${what}.hi again (get64 check)`})
    }
  }
  const rmb = (b: Barrier | undefined, a: number) => {
    if (b) steps.push({kind: 'barrier', barrier: b, label: `attempt ${a}: ${b === 'barrier' ? 'barrier()' : 'rmb()'}`})
  }
  for (let a = 1; a <= attempts; a++) {
    const base = (a - 1) * stride
    for (let i = 0; i < tLoads; i++) regs.push(-1)
    regs.push(all)
    for (let i = 0; i < tLoads; i++) regs.push(-1)
    readT(a, base, 't')
    rmb(reader.rmb1, a)
    for (const p of pieces) {
      steps.push({kind: 'load', addr: p.offset, size: p.size, reg: base + copyReg, fold: pieceFold(p), group: a, label: `attempt ${a}: copy ${p.name} (bytes ${p.offset}-${p.offset + p.size - 1})`})
    }
    rmb(reader.rmb2, a)
    readT(a, base + copyReg + 1, "t'")
  }

  const n = pieces.length
  // 0 pending, 1 failed, 2 succeeded
  const status = (r: Int32Array, base: number): 0 | 1 | 2 => {
    const copy = r[base + copyReg]!
    if (tLoads === 1) {
      const t = r[base]!
      const t2 = r[base + 2]!
      if (t >= 0 && reader.flagTest && (t & 1) === 1) return 1
      if (t < 0 || t2 < 0) return 0
      if (t !== t2) return 1
      return copy >> 8 === n ? 2 : 0
    }
    const h = r[base]!, l = r[base + 1]!, h2 = r[base + 2]!
    const th = r[base + 4]!, tl = r[base + 5]!, th2 = r[base + 6]!
    if (h >= 0 && reader.flagTest && (h & 1) === 1) return 1
    if (h >= 0 && h2 >= 0 && h !== h2) return 1
    if (th >= 0 && th2 >= 0 && th !== th2) return 1
    if (h >= 0 && th >= 0 && h !== th) return 1
    if (l >= 0 && tl >= 0 && l !== tl) return 1
    if (h < 0 || l < 0 || h2 < 0 || th < 0 || tl < 0 || th2 < 0) return 0
    return copy >> 8 === n ? 2 : 0
  }
  // the explorer settles every state: one object per outcome, made once
  const ok = Array.from({length: attempts}, (_, a): Settled => ({verdict: 'ok', detail: a}))
  const violation = Array.from({length: attempts}, (_, a): Settled => ({verdict: 'violation', detail: a}))
  const gaveup: Settled = {verdict: 'gaveup'}
  const settle = (r: Int32Array): Settled | undefined => {
    for (let a = 0; a < attempts; a++) {
      const s = status(r, a * stride)
      if (s === 0) return undefined
      if (s === 2) return (r[a * stride + copyReg]! & all) !== 0 ? ok[a] : violation[a]
    }
    return gaveup
  }
  const canon = (r: Int32Array, out: Uint16Array, at: number): void => {
    for (let a = 0, base = 0; a < attempts; a++, base += stride) {
      if (status(r, base) === 1) out.fill(0xfffe, at + base, at + base + stride)
      else for (let i = 0; i < stride; i++) out[at + base + i] = r[base + i]!
    }
  }
  return {thread: {cpu, steps, regs, settle, canon, atomic}, stride, copyReg, pieces}
}
