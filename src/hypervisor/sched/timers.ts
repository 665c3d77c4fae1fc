// The event queue: a fixed set of timers (one per owner: a pCPU's slice or
// softirq, a vCPU's workload, the policy's tick), each armed at most once,
// fired in (time, seq) order. `seq` breaks ties in arming order, which keeps
// runs deterministic and survives a save/reload (it is persisted with the
// timer). The order is exactly that of a single priority queue on
// (time, seq); the structure only makes the common operations cheap:
//
//  - the wheel: time is cut into buckets of 2^shift ns, and a timer of
//    bucket b waits, unsorted, in the list of slot b mod nSlots (a list can
//    also hold timers of later revolutions, skipped until their turn). Arming
//    and cancelling are O(1) list operations; a bitmap of non-empty slots
//    finds the next bucket with timers.
//  - the run: the ids of the timers of the current bucket `cur` (and any
//    armed for an earlier bucket), sorted with the earliest last, so taking
//    the next one is O(1). Buckets are short enough to hold a few timers
//    each, and a timer armed "now" (the engine's reschedule requests) is
//    inserted at or near the end. Only ids move: a timer's key stays in
//    time[] and its record, so a step of the insertion moves one int, not
//    three values.
//
// Every timer in the wheel is in a later bucket than every timer in the run,
// so the run's last entry is the next timer.

/** What timers are armed relative to (the engine: its current time). */
export interface Clock {
  readonly now: number
}

const NONE = -1
/** at[id] of a timer not armed, and of one in the run; a timer in the wheel has its bucket (>= 0) there. */
const IDLE = -1
const IN_RUN = -2

/** The wheel covers about 2^27 ns (134 ms), the longest gap of most workloads, in one revolution. */
const REVOLUTION_SHIFT = 27
/** Slots per timer: keeps buckets short on big hosts (events are denser there). */
const SLOTS_PER_TIMER = 8
const MIN_SLOTS = 1024
/** A run longer than this takes an insertion by binary search (see runInsert). */
const RUN_SCAN_MAX = 16

/**
 * The rest of a timer's state, side by side in one 32-byte record per id
 * (read as doubles through `rec` and as int32s through `link32`): on a big
 * host timers are touched at random, and five separate arrays were five
 * cache misses where one record is one.
 */
const REC = 4
/** rec[id * REC + AT]: where the timer is armed: IDLE, IN_RUN, or its absolute bucket in the wheel. */
const AT = 0
/** rec[id * REC + SEQ]: the seq it was armed with. */
const SEQ = 1
/** link[id * LINK + NEXT / PREV]: its neighbours in its wheel slot's list (NONE at either end). */
const LINK = 2 * REC
const NEXT = 4
const PREV = 5

export class TimerQueue {
  /** Armed time per timer id (valid while armed; after popUntil(), the time it fired at). */
  readonly time: Float64Array
  /**
   * The time the timer popUntil() last returned fired at (its time[id]):
   * the engine reads it here, where popUntil() already had it.
   */
  firedAt = 0
  private readonly rec: Float64Array
  private readonly link32: Int32Array

  // The wheel.
  private readonly nSlots: number
  private readonly slotMask: number
  /** 2^-shift: time * scale, floored, is the bucket (exact: a power of two). */
  private readonly scale: number
  private readonly head: Int32Array
  /** Bit s set: slot s has a timer. */
  private readonly occupied: Int32Array
  private inWheel = 0

  // The run (ids by descending key: the earliest timer is at runN - 1).
  private cur = -1
  private readonly runId: Int32Array
  private runN = 0

  constructor(readonly size: number, private readonly clock: Clock = {now: 0}) {
    this.time = new Float64Array(size).fill(-1)
    this.rec = new Float64Array(size * REC)
    this.link32 = new Int32Array(this.rec.buffer)
    for (let id = 0; id < size; id++) this.rec[id * REC + AT] = IDLE
    let slots = MIN_SLOTS
    while (slots < SLOTS_PER_TIMER * size) slots *= 2
    this.nSlots = slots
    this.slotMask = slots - 1
    this.scale = 2 ** -Math.max(0, REVOLUTION_SHIFT - Math.log2(slots))
    this.head = new Int32Array(slots).fill(NONE)
    this.occupied = new Int32Array(slots >> 5)
    this.runId = new Int32Array(size)
  }

  armed(id: number): boolean {
    return this.rec[id * REC + AT] !== IDLE
  }

  /** The seq timer `id` was last armed with. */
  seqOf(id: number): number {
    return this.rec[id * REC + SEQ]
  }

  set(id: number, time: number, seq: number): void {
    this.time[id] = time
    this.place(id, seq)
  }

  /**
   * Arm timer `id` `delay` ns after clock.now. The event loop arms through
   * this: a delay is a small integer, while a time (ns since boot) is a
   * double that V8 boxes, a heap allocation, whenever it is passed to a call
   * it does not inline.
   */
  setAfter(id: number, delay: number, seq: number): void {
    this.time[id] = this.clock.now + delay
    this.place(id, seq)
  }

  cancel(id: number): void {
    this.disarm(id)
  }

  /** Record `seq` as the one timer `id` (not armed) was last armed with: it was armed and cancelled in one go. */
  noteSeq(id: number, seq: number): void {
    this.rec[id * REC + SEQ] = seq
  }

  /**
   * Remove and return the earliest timer id if it is due at or before `t`,
   * else -1. time[id] still holds the key it fired at.
   */
  popUntil(t: number): number {
    // refill() takes t's bucket, a small integer: t itself (a double)
    // would be boxed, a heap allocation, at a call not inlined.
    if (this.runN === 0 && this.inWheel > 0) this.refill(Math.floor(t * this.scale))
    const last = this.runN - 1
    if (last < 0) return -1
    const id = this.runId[last]
    const at = this.time[id]
    if (at > t) return -1
    this.runN = last
    this.rec[id * REC + AT] = IDLE
    this.firedAt = at
    return id
  }

  // ---- internals ----

  private disarm(id: number): void {
    const a = this.rec[id * REC + AT]
    if (a === IDLE) return
    if (a === IN_RUN) this.runRemove(id)
    else this.wheelRemove(id)
    this.rec[id * REC + AT] = IDLE
  }

  /**
   * Arm `id` at the key (time[id], seq) (wherever it was armed before). The
   * wheel's unlinking and insertion are written out here, not called: most
   * events arm one timer into the wheel, and the calls (not always inlined
   * into the large engine functions that arm) cost about as much as the
   * list work itself.
   */
  private place(id: number, seq: number): void {
    const rec = this.rec
    const r = id * REC
    const a = rec[r + AT]
    const link = this.link32
    if (a === IN_RUN) {
      this.runRemove(id)
    } else if (a !== IDLE) {
      // wheelRemove(), written out as the insertion below is.
      const l = id * LINK
      const p = link[l + PREV], n = link[l + NEXT]
      if (p !== NONE) {
        link[p * LINK + NEXT] = n
      } else {
        const s = a & this.slotMask
        this.head[s] = n
        if (n === NONE) this.occupied[s >> 5] &= ~(1 << (s & 31))
      }
      if (n !== NONE) link[n * LINK + PREV] = p
      this.inWheel--
    }
    rec[r + SEQ] = seq
    const b = Math.floor(this.time[id] * this.scale)
    if (b <= this.cur) {
      this.runInsert(id, seq)
      return
    }
    const s = b & this.slotMask
    const head = this.head
    const h = head[s]
    const l = id * LINK
    link[l + NEXT] = h
    link[l + PREV] = NONE
    if (h === NONE) this.occupied[s >> 5] |= 1 << (s & 31)
    else link[h * LINK + PREV] = id
    head[s] = id
    rec[r + AT] = b
    this.inWheel++
  }

  /** Put `id` at the head of slot s's list. */
  private link(id: number, s: number): void {
    const link = this.link32
    const h = this.head[s]
    link[id * LINK + NEXT] = h
    link[id * LINK + PREV] = NONE
    if (h !== NONE) link[h * LINK + PREV] = id
    this.head[s] = id
  }

  private wheelRemove(id: number): void {
    const link = this.link32
    const p = link[id * LINK + PREV], n = link[id * LINK + NEXT]
    if (p !== NONE) {
      link[p * LINK + NEXT] = n
    } else {
      const s = this.rec[id * REC + AT] & this.slotMask
      this.head[s] = n
      if (n === NONE) this.occupied[s >> 5] &= ~(1 << (s & 31))
    }
    if (n !== NONE) link[n * LINK + PREV] = p
    this.inWheel--
  }

  /**
   * Insert `id` into the run after every later key (its key: time[id] and
   * seq `s`, a small integer; a time passed to a call not inlined would be
   * boxed).
   */
  private runInsert(id: number, s: number): void {
    const rI = this.runId, time = this.time, rec = this.rec
    const t = time[id]
    const n = this.runN++
    if (n > RUN_SCAN_MAX) {
      // A long run (a burst armed for one time, as when a policy tickles
      // hundreds of pCPUs at once): the place by binary search and one
      // move, not a step per later timer (quadratic over the burst).
      let lo = 0, hi = n
      while (lo < hi) {
        const mid = (lo + hi) >>> 1
        const m = rI[mid]
        const mt = time[m]
        if (mt > t || (mt === t && rec[m * REC + SEQ] > s)) lo = mid + 1
        else hi = mid
      }
      rI.copyWithin(lo + 1, lo, n)
      rI[lo] = id
      rec[id * REC + AT] = IN_RUN
      return
    }
    let i = n
    while (i > 0) {
      const p = rI[i - 1]
      const pt = time[p]
      if (pt > t || (pt === t && rec[p * REC + SEQ] > s)) break
      rI[i] = p
      i--
    }
    rI[i] = id
    rec[id * REC + AT] = IN_RUN
  }

  private runRemove(id: number): void {
    const i = this.runIndex(id)
    const n = --this.runN
    if (i < n) this.runId.copyWithin(i, i + 1, n + 1)
  }

  /** Index of `id` in the run (a run holds a bucket's few timers: a scan from the early end). */
  private runIndex(id: number): number {
    const rI = this.runId
    let i = this.runN - 1
    while (rI[i] !== id) i--
    return i
  }

  /**
   * The run is empty: make the earliest bucket in the wheel current and sort
   * its timers into the run. Nothing moves if that bucket is after `limit`,
   * the bucket of the time popUntil() runs to (none of its timers is due).
   */
  private refill(limit: number): void {
    const from = this.cur + 1
    const mask = this.slotMask, occupied = this.occupied
    let d = 0
    while (d < this.nSlots) {
      const s = (from + d) & mask
      const bits = occupied[s >> 5] >>> (s & 31)
      if (bits === 0) {
        d += 32 - (s & 31)
        continue
      }
      d += 31 - Math.clz32(bits & -bits)
      if (d >= this.nSlots) break
      const b = from + d
      if (b > limit) return
      if (this.takeBucket(b)) return
      d++
    }
    // Nothing within a revolution: jump to the earliest bucket at once.
    const b = this.earliestBucket()
    if (b <= limit) this.takeBucket(b)
  }

  /**
   * Move the wheel's timers of bucket b into the (empty) run and make b
   * current; false if it has none. The insertion of a bucket's few timers
   * is written out here (a call per timer cost more than the sorting).
   */
  private takeBucket(b: number): boolean {
    const s = b & this.slotMask
    // The slot's list is taken whole; timers of later revolutions go back.
    const rec = this.rec, link = this.link32, time = this.time
    const rI = this.runId
    let id = this.head[s]
    this.head[s] = NONE
    let moved = 0
    while (id !== NONE) {
      const next = link[id * LINK + NEXT]
      const r = id * REC
      if (rec[r + AT] !== b) {
        this.link(id, s)
      } else if (this.runN >= RUN_SCAN_MAX) {
        this.runInsert(id, rec[r + SEQ])
        moved++
      } else {
        const t = time[id], q = rec[r + SEQ]
        let i = this.runN++
        while (i > 0) {
          const p = rI[i - 1]
          const pt = time[p]
          if (pt > t || (pt === t && rec[p * REC + SEQ] > q)) break
          rI[i] = p
          i--
        }
        rI[i] = id
        rec[r + AT] = IN_RUN
        moved++
      }
      id = next
    }
    if (this.head[s] === NONE) this.occupied[s >> 5] &= ~(1 << (s & 31))
    this.inWheel -= moved
    if (moved > 0) this.cur = b
    return moved > 0
  }

  private earliestBucket(): number {
    let min = Infinity
    const rec = this.rec
    for (let s = 0; s < this.nSlots; s++) {
      for (let id = this.head[s]; id !== NONE; id = this.link32[id * LINK + NEXT]) {
        if (rec[id * REC + AT] < min) min = rec[id * REC + AT]
      }
    }
    return min
  }
}
