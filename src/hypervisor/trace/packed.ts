// How the recorder keeps a pCPU's records until the file is written: packed.
// A trace of the bench host makes about 125 bytes of struct t_rec per
// scheduler event, and writing them into fresh memory was a third of
// tracing's cost. So the store holds the records with what repeats left
// out, and they are unpacked once, into the file's own buffer
// (encodeXentrace):
//  - a record as trace.h lays it out (its header has TRC_HD_CYCLE_FLAG set,
//    as every record the recorder makes has), without the TSC's high word:
//    header, tsc low word, its extra words;
//  - the same with PK_CHAIN set in its header (an event bit no scheduler
//    event has), when its TSC is the one after the entry before it in the
//    window (never the window's first, never carrying into the high word):
//    header, its extra words;
//  - PK_HI, hi: the TSC's high word of the records after it (each window
//    starts with one, and one comes whenever the high word changes);
//  - the groups of records core.c writes one after the other, as one entry
//    (their TSCs consecutive from the low word given, never carrying):
//      PK_SWITCH | prevNew << 4 | nextOld << 6, lo, pv | pd << 16,
//        nv | nd << 16, ran, waited, slice: sched_switch_units()'s
//        TRC_SCHED_SWITCH_INFPREV, _INFNEXT, TRC_SCHED_SWITCH, then prev's
//        and next's TRC_SCHED_RUNSTATE_CHANGE (28 words in the file);
//      PK_CONTINUE, lo, vid | dom << 16, ran, slice: sched_context_switch()'s
//        TRC_SCHED_SWITCH_INFCONT and TRC_SCHED_CONTINUE_RUNNING (11 words);
//      PK_WAKE | old << 4, lo, vid | dom << 16: vcpu_wake()'s TRC_SCHED_WAKE
//        and the change to runnable (9 words);
//      PK_RUN | count << 8, event, lo, then count words a | b << 16: count
//        records of `event` with the two extra words a and b each (credit's
//        TRC_CSCHED_STEAL_CHECK {peer_cpu, checked}, one per peer
//        csched_load_balance() looks at; 5 words each);
//      PK_RUN_MASK | start << 8, event, lo, mask, multi: the same records
//        for the set bits of mask, lowest first, bit j being peer_cpu
//        (j + start) & 31 with checked = bit j of multi (the walk of a host
//        of at most 32 pCPUs, round from start: 5 words for all its peers);
//        with PK_HEAD set, two words more, head event, a: a record of one
//        extra word before them (csched_schedule()'s TRC_CSCHED_SCHEDULE).
// A window's size in the file is counted as it is written (the buffer's
// room is in those words).
import {RUNSTATE_running, RUNSTATE_runnable} from '../types.js'
import {
  TRACE_EXTRA_SHIFT, TRC_HD_CYCLE_FLAG, TRC_SCHED_CONTINUE_RUNNING, TRC_SCHED_RUNSTATE_CHANGE, TRC_SCHED_SWITCH,
  TRC_SCHED_SWITCH_INFCONT, TRC_SCHED_SWITCH_INFNEXT, TRC_SCHED_SWITCH_INFPREV, TRC_SCHED_WAKE, recHeader,
} from './events.js'

export const PK_HI = 1
export const PK_SWITCH = 2
export const PK_CONTINUE = 3
export const PK_WAKE = 4
export const PK_RUN = 5
export const PK_RUN_MASK = 6
/** In a PK_RUN_MASK entry: a record of one word comes first. */
export const PK_HEAD = 1 << 13
/** In a record's header: its TSC's low word is the last one's plus 1, and left out. */
export const PK_CHAIN = 0x08000000

/** Words each group takes in the file. */
export const SWITCH_WORDS = 28
export const CONTINUE_WORDS = 11
export const WAKE_WORDS = 9

const H_INFPREV = recHeader(TRC_SCHED_SWITCH_INFPREV, 3, true)
const H_INFNEXT = recHeader(TRC_SCHED_SWITCH_INFNEXT, 4, true)
const H_SWITCH = recHeader(TRC_SCHED_SWITCH, 4, true)
const H_INFCONT = recHeader(TRC_SCHED_SWITCH_INFCONT, 4, true)
const H_CONTINUE = recHeader(TRC_SCHED_CONTINUE_RUNNING, 1, true)
const H_WAKE = recHeader(TRC_SCHED_WAKE, 2, true)
/** A TRC_SCHED_RUNSTATE_CHANGE header with one extra word, for old << 8 | new << 4. */
const H_RUNSTATE = recHeader(TRC_SCHED_RUNSTATE_CHANGE, 1, true)

/** One window of one pCPU's buffer, as xentrace writes it after a TRC_TRACE_CPU_CHANGE record. */
export interface TraceWindow {
  cpu: number
  /** The poll that took it (windows of one poll and pCPU are one window of the file). */
  poll: number
  /** Its t_rec words as they lay in the buffer. */
  readonly words: Uint32Array
}

/** A window as the recorder keeps it: packed, unpacked when read (words) or written (unpackInto). */
export class PackedWindow implements TraceWindow {
  private unpacked: Uint32Array | null = null
  private view: Uint32Array | null = null

  /**
   * The packed words store[start .. end) (a view of them is made when first
   * read: making one at each poll, for every pCPU, cost more than the
   * records of a sparse host); size: its words in the file.
   */
  constructor(readonly cpu: number, readonly poll: number, private readonly store: Uint32Array, private readonly start: number, private readonly end: number, readonly size: number) {}

  /** Its packed words. */
  get data(): Uint32Array {
    if (this.view === null) this.view = this.store.subarray(this.start, this.end)
    return this.view
  }

  get words(): Uint32Array {
    if (this.unpacked === null) {
      const out = new Uint32Array(this.size)
      unpackInto(this.data, out, 0)
      this.unpacked = out
    }
    return this.unpacked
  }
}

/** Words a window takes in the file (its records, without the TRC_TRACE_CPU_CHANGE before them). */
export function windowSize(w: TraceWindow): number {
  return w instanceof PackedWindow ? w.size : w.words.length
}

/** Write w's records into out from `at`; returns where they end. */
export function writeWindow(w: TraceWindow, out: Uint32Array, at: number): number {
  if (w instanceof PackedWindow) return unpackInto(w.data, out, at)
  out.set(w.words, at)
  return at + w.words.length
}

/** Unpack a packed stream into out from `at` (the file's words); returns where they end. */
export function unpackInto(data: Uint32Array, out: Uint32Array, at: number): number {
  let hi = 0
  // The low word of the last TSC written (a chained record's is the next).
  let last = 0
  let k = 0
  let i = at
  const len = data.length
  while (k < len) {
    const h = data[k]
    if ((h & TRC_HD_CYCLE_FLAG) !== 0) {
      const n = (h >>> TRACE_EXTRA_SHIFT) & 7
      // A chained record keeps no TSC low word: its own is the last one's next.
      let from = k + 1
      if ((h & PK_CHAIN) !== 0) last = (last + 1) >>> 0
      else last = data[from++]
      out[i] = (h & ~PK_CHAIN) >>> 0
      out[i + 1] = last
      out[i + 2] = hi
      for (let j = 0; j < n; j++) out[i + 3 + j] = data[from + j]
      i += 3 + n
      k = from + n
      continue
    }
    const lo = data[k + 1]
    switch (h & 15) {
      case PK_HI:
        hi = lo
        k += 2
        break
      case PK_SWITCH: {
        const p = data[k + 2], nx = data[k + 3]
        const pd = p >>> 16, pv = p & 0xffff, nd = nx >>> 16, nv = nx & 0xffff
        out[i] = H_INFPREV
        out[i + 1] = lo
        out[i + 2] = hi
        out[i + 3] = pd
        out[i + 4] = pv
        out[i + 5] = data[k + 4]
        out[i + 6] = H_INFNEXT
        out[i + 7] = lo + 1
        out[i + 8] = hi
        out[i + 9] = nd
        out[i + 10] = nv
        out[i + 11] = data[k + 5]
        out[i + 12] = data[k + 6]
        out[i + 13] = H_SWITCH
        out[i + 14] = lo + 2
        out[i + 15] = hi
        out[i + 16] = pd
        out[i + 17] = pv
        out[i + 18] = nd
        out[i + 19] = nv
        out[i + 20] = (H_RUNSTATE | (RUNSTATE_running << 8) | (((h >>> 4) & 3) << 4)) >>> 0
        out[i + 21] = lo + 3
        out[i + 22] = hi
        out[i + 23] = p
        out[i + 24] = (H_RUNSTATE | (((h >>> 6) & 3) << 8) | (RUNSTATE_running << 4)) >>> 0
        out[i + 25] = lo + 4
        out[i + 26] = hi
        out[i + 27] = nx
        last = lo + 4
        i += SWITCH_WORDS
        k += 7
        break
      }
      case PK_CONTINUE: {
        const who = data[k + 2]
        out[i] = H_INFCONT
        out[i + 1] = lo
        out[i + 2] = hi
        out[i + 3] = who >>> 16
        out[i + 4] = who & 0xffff
        out[i + 5] = data[k + 3]
        out[i + 6] = data[k + 4]
        out[i + 7] = H_CONTINUE
        out[i + 8] = lo + 1
        out[i + 9] = hi
        out[i + 10] = who
        last = lo + 1
        i += CONTINUE_WORDS
        k += 5
        break
      }
      case PK_WAKE: {
        const who = data[k + 2]
        out[i] = H_WAKE
        out[i + 1] = lo
        out[i + 2] = hi
        out[i + 3] = who >>> 16
        out[i + 4] = who & 0xffff
        out[i + 5] = (H_RUNSTATE | (((h >>> 4) & 3) << 8) | (RUNSTATE_runnable << 4)) >>> 0
        out[i + 6] = lo + 1
        out[i + 7] = hi
        out[i + 8] = who
        last = lo + 1
        i += WAKE_WORDS
        k += 3
        break
      }
      case PK_RUN: {
        const count = h >>> 8
        const header = ((data[k + 1] & 0x0fffffff) | (2 << TRACE_EXTRA_SHIFT) | TRC_HD_CYCLE_FLAG) >>> 0
        const first = data[k + 2]
        for (let j = 0; j < count; j++) {
          const ab = data[k + 3 + j]
          out[i] = header
          out[i + 1] = first + j
          out[i + 2] = hi
          out[i + 3] = ab & 0xffff
          out[i + 4] = ab >>> 16
          i += 5
        }
        last = first + count - 1
        k += 3 + count
        break
      }
      case PK_RUN_MASK: {
        const start = (h >>> 8) & 31
        const header = ((data[k + 1] & 0x0fffffff) | (2 << TRACE_EXTRA_SHIFT) | TRC_HD_CYCLE_FLAG) >>> 0
        let tsc = data[k + 2]
        let mask = data[k + 3] | 0
        const multi = data[k + 4]
        if ((h & PK_HEAD) !== 0) {
          out[i] = ((data[k + 5] & 0x0fffffff) | (1 << TRACE_EXTRA_SHIFT) | TRC_HD_CYCLE_FLAG) >>> 0
          out[i + 1] = tsc++
          out[i + 2] = hi
          out[i + 3] = data[k + 6]
          i += 4
          k += 2
        }
        while (mask !== 0) {
          const low = mask & -mask
          mask ^= low
          const j = 31 - Math.clz32(low)
          out[i] = header
          out[i + 1] = tsc++
          out[i + 2] = hi
          out[i + 3] = (j + start) & 31
          out[i + 4] = (multi >>> j) & 1
          i += 5
        }
        last = tsc - 1
        k += 5
        break
      }
      default:
        throw new Error(`packed trace window: unknown entry 0x${h.toString(16)} at word ${k}`)
    }
  }
  return i
}
