// The event queue: an indexed 4-ary min-heap over a fixed set of timers,
// keyed by (time, seq), plus a FIFO "lane" for timers armed in key order
// (reschedule requests raised "now"). Every timer owner (a pCPU, a vCPU's
// workload, the policy's tick) has exactly one slot, so arming a timer is a
// decrease/increase-key and the heap never allocates after construction.
// Keys are kept in heap order (not behind the id) so comparisons touch
// contiguous memory. `seq` breaks ties in arming order, which keeps runs
// deterministic and survives a save/reload (it is persisted with the timer).
//
// The lane holds timers whose keys were appended in non-decreasing order, so
// its head is its minimum; popUntil() takes the smaller of the lane head and
// the heap top, which gives exactly the order a single heap would. Entries
// the lane no longer owns (cancelled or re-armed) are skipped lazily.
//
// Removals from the heap are deferred where the slot is likely to be armed
// again soon, because re-keying a slot in place is one sift where removing
// it and inserting it again are two:
//  - popUntil() leaves the timer it returns in its heap slot ("fired"): the
//    event handler usually re-arms that very timer (a pCPU's next slice, a
//    vCPU's next burst or wake-up). The slot is removed at the next
//    popUntil() if nobody re-armed it.
//  - a timer moved into the lane keeps its old heap slot ("parked"): a
//    tickled pCPU re-arms its slice timer as soon as it has rescheduled.
// Fired and parked slots are not armed, and popUntil() drops them before
// it looks at the top, so their stale keys are never returned.

const NONE = -1

export class TimerHeap {
  /** Armed time per timer id (valid while armed). */
  readonly time: Float64Array
  readonly seq: Float64Array
  private readonly hTime: Float64Array
  private readonly hSeq: Float64Array
  private readonly hId: Int32Array
  /** Index of each timer id's heap slot (live, fired or parked), or NONE. */
  private readonly pos: Int32Array
  /** Slots in the heap, including fired and parked ones. */
  private n = 0
  /** The timer popUntil() returned last while it still holds its heap slot, or NONE. */
  private fired = NONE
  /** The lane: ids in key order from laneHead to laneTail (some may be stale). */
  private lane: Int32Array
  /** Lane index of each id's live lane entry, or NONE: an id with one is armed in the lane. */
  private readonly laneAt: Int32Array
  private laneHead = 0
  private laneTail = 0
  /** Live lane entries. */
  private laneLive = 0
  /** Key of the last entry appended to the lane. */
  private laneLastTime = 0
  private laneLastSeq = 0

  constructor(readonly size: number) {
    this.time = new Float64Array(size).fill(-1)
    this.seq = new Float64Array(size)
    this.hTime = new Float64Array(size)
    this.hSeq = new Float64Array(size)
    this.hId = new Int32Array(size)
    this.pos = new Int32Array(size).fill(NONE)
    this.lane = new Int32Array(Math.max(16, 2 * size))
    this.laneAt = new Int32Array(size).fill(NONE)
  }

  armed(id: number): boolean {
    return this.laneAt[id] !== NONE || (this.pos[id] !== NONE && id !== this.fired)
  }

  set(id: number, time: number, seq: number): void {
    if (this.laneAt[id] !== NONE) this.laneDrop(id)
    if (id === this.fired) this.fired = NONE
    this.time[id] = time
    this.seq[id] = seq
    const i = this.pos[id]
    if (i === NONE) {
      this.siftUp(this.n++, id, time, seq)
    } else {
      const ot = this.hTime[i], os = this.hSeq[i]
      if (time < ot || (time === ot && seq < os)) this.siftUp(i, id, time, seq)
      else this.siftDown(i, id, time, seq)
    }
  }

  /**
   * Arm a timer whose key is not below any key armed through setInOrder()
   * still pending (the engine's "reschedule now" requests, armed at the
   * current time with a fresh seq). Same effect as set(), without heap work.
   */
  setInOrder(id: number, time: number, seq: number): void {
    if (this.laneLive > 0) {
      // Live entries are a subsequence of what was appended, in key order.
      const lt = this.laneLastTime
      if (time < lt || (time === lt && seq < this.laneLastSeq)) {
        this.set(id, time, seq)
        return
      }
    }
    if (this.laneAt[id] !== NONE) this.laneDrop(id)
    // A heap slot of this id stays where it is, parked.
    if (id === this.fired) this.fired = NONE
    this.time[id] = time
    this.seq[id] = seq
    if (this.laneLive === 0) {
      this.laneHead = 0
      this.laneTail = 0
    } else if (this.laneTail === this.lane.length) {
      this.compactLane()
    }
    const at = this.laneTail++
    this.lane[at] = id
    this.laneAt[id] = at
    this.laneLive++
    this.laneLastTime = time
    this.laneLastSeq = seq
  }

  /**
   * Remove and return the earliest timer id if it is due at or before `t`,
   * else -1. time[id] still holds the key it fired at.
   */
  popUntil(t: number): number {
    this.dropFired()
    this.dropParkedTops()
    const n = this.n
    if (this.laneLive > 0) {
      const lid = this.laneFront()
      const lt = this.time[lid]
      if (n === 0 || lt < this.hTime[0] || (lt === this.hTime[0] && this.seq[lid] < this.hSeq[0])) {
        if (lt > t) return -1
        this.laneHead++
        this.laneLive--
        this.laneAt[lid] = NONE
        // Its parked heap slot (if any) now waits to be re-armed like a fired one.
        if (this.pos[lid] !== NONE) this.fired = lid
        return lid
      }
    } else if (n === 0) {
      return -1
    }
    if (this.hTime[0] > t) return -1
    const id = this.hId[0]
    this.fired = id
    return id
  }

  cancel(id: number): void {
    if (this.laneAt[id] !== NONE) this.laneDrop(id)
    if (id === this.fired) this.fired = NONE
    const i = this.pos[id]
    if (i !== NONE) this.removeAt(i)
  }

  // ---- internals ----

  /** The last fired timer was not re-armed: its slot goes now. */
  private dropFired(): void {
    const f = this.fired
    if (f === NONE) return
    this.fired = NONE
    this.removeAt(this.pos[f])
  }

  /** A parked slot whose stale key reached the top is removed (its timer is in the lane). */
  private dropParkedTops(): void {
    while (this.n > 0 && this.laneAt[this.hId[0]] !== NONE) this.removeAt(0)
  }

  /** The live lane entry at the head (laneLive > 0), skipping stale ones. */
  private laneFront(): number {
    const lane = this.lane, laneAt = this.laneAt
    let h = this.laneHead
    for (;;) {
      const id = lane[h]
      if (laneAt[id] === h) {
        this.laneHead = h
        return id
      }
      h++
    }
  }

  private laneDrop(id: number): void {
    this.laneAt[id] = NONE
    this.laneLive--
  }

  private compactLane(): void {
    const lane = this.lane, laneAt = this.laneAt
    let w = 0
    for (let r = this.laneHead; r < this.laneTail; r++) {
      const id = lane[r]
      if (laneAt[id] === r) {
        lane[w] = id
        laneAt[id] = w
        w++
      }
    }
    this.laneHead = 0
    this.laneTail = w
    if (w === lane.length) {
      const bigger = new Int32Array(2 * lane.length)
      bigger.set(lane)
      this.lane = bigger
    }
  }

  private removeAt(i: number): void {
    const id = this.hId[i]
    this.pos[id] = NONE
    const n = --this.n
    if (i === n) return
    const lid = this.hId[n], lt = this.hTime[n], ls = this.hSeq[n]
    const pt = this.hTime[i], ps = this.hSeq[i]
    if (lt < pt || (lt === pt && ls < ps)) this.siftUp(i, lid, lt, ls)
    else this.siftDown(i, lid, lt, ls)
  }

  private siftUp(i: number, id: number, t: number, s: number): void {
    const hT = this.hTime, hS = this.hSeq, hI = this.hId, pos = this.pos
    while (i > 0) {
      const p = (i - 1) >> 2
      const pt = hT[p]
      if (pt < t || (pt === t && hS[p] < s)) break
      hT[i] = pt
      hS[i] = hS[p]
      const pid = hI[p]
      hI[i] = pid
      pos[pid] = i
      i = p
    }
    hT[i] = t
    hS[i] = s
    hI[i] = id
    pos[id] = i
  }

  private siftDown(i: number, id: number, t: number, s: number): void {
    const hT = this.hTime, hS = this.hSeq, hI = this.hId, pos = this.pos, n = this.n
    for (;;) {
      const first = 4 * i + 1
      if (first >= n) break
      let c = first
      let ct = hT[c], cs = hS[c]
      const end = first + 4 < n ? first + 4 : n
      for (let k = first + 1; k < end; k++) {
        const kt = hT[k]
        if (kt < ct || (kt === ct && hS[k] < cs)) { c = k; ct = kt; cs = hS[k] }
      }
      if (t < ct || (t === ct && s < cs)) break
      hT[i] = ct
      hS[i] = cs
      const cid = hI[c]
      hI[i] = cid
      pos[cid] = i
      i = c
    }
    hT[i] = t
    hS[i] = s
    hI[i] = id
    pos[id] = i
  }
}
