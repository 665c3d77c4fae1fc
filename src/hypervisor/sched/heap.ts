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
// its head is its minimum; pop() takes the smaller of the lane head and the
// heap top, which gives exactly the order a single heap would. Entries the
// lane no longer owns (cancelled or re-armed) are skipped lazily.

const IN_LANE = -2

export class TimerHeap {
  /** Armed time per timer id (valid while armed). */
  readonly time: Float64Array
  readonly seq: Float64Array
  private readonly hTime: Float64Array
  private readonly hSeq: Float64Array
  private readonly hId: Int32Array
  /** Index of each timer id in the heap, IN_LANE, or -1. */
  private readonly pos: Int32Array
  private n = 0
  /** The lane: ids in key order from laneHead to laneTail (some may be stale). */
  private lane: Int32Array
  /** Lane index of each id's live lane entry. */
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
    this.pos = new Int32Array(size).fill(-1)
    this.lane = new Int32Array(Math.max(16, 2 * size))
    this.laneAt = new Int32Array(size).fill(-1)
  }

  get length(): number { return this.n + this.laneLive }

  /** The earliest timer id, or -1. */
  peek(): number {
    if (this.laneLive > 0) {
      const lid = this.laneFront()
      if (this.n === 0 || this.laneFirst(lid)) return lid
    }
    return this.n > 0 ? this.hId[0] : -1
  }

  peekTime(): number {
    if (this.laneLive > 0) {
      const lt = this.time[this.laneFront()]
      if (this.n === 0 || lt <= this.hTime[0]) return lt
    }
    return this.n > 0 ? this.hTime[0] : Infinity
  }

  armed(id: number): boolean { return this.pos[id] !== -1 }

  set(id: number, time: number, seq: number): void {
    const i = this.pos[id]
    if (i === IN_LANE) this.laneDrop(id)
    this.time[id] = time
    this.seq[id] = seq
    if (i < 0) {
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
    const i = this.pos[id]
    if (i >= 0) this.removeAt(i)
    else if (i === IN_LANE) this.laneDrop(id)
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
    this.pos[id] = IN_LANE
    this.laneLive++
    this.laneLastTime = time
    this.laneLastSeq = seq
  }

  /** Remove and return the earliest timer id (the queue must not be empty). */
  pop(): number {
    if (this.laneLive > 0) {
      const lid = this.laneFront()
      if (this.n === 0 || this.laneFirst(lid)) {
        this.laneHead++
        this.laneLive--
        this.pos[lid] = -1
        this.laneAt[lid] = -1
        return lid
      }
    }
    const id = this.hId[0]
    this.pos[id] = -1
    const n = --this.n
    if (n > 0) this.siftDown(0, this.hId[n], this.hTime[n], this.hSeq[n])
    return id
  }

  /**
   * Remove and return the earliest timer id if it is due at or before `t`,
   * else -1 (peekTime() <= t, then pop(), in one pass).
   */
  popUntil(t: number): number {
    const n = this.n
    if (this.laneLive > 0) {
      const lid = this.laneFront()
      if (n === 0 || this.laneFirst(lid)) {
        if (this.time[lid] > t) return -1
        this.laneHead++
        this.laneLive--
        this.pos[lid] = -1
        this.laneAt[lid] = -1
        return lid
      }
    } else if (n === 0) {
      return -1
    }
    const hT = this.hTime
    if (hT[0] > t) return -1
    const id = this.hId[0]
    this.pos[id] = -1
    const m = this.n = n - 1
    if (m > 0) this.siftDown(0, this.hId[m], hT[m], this.hSeq[m])
    return id
  }

  cancel(id: number): void {
    const i = this.pos[id]
    if (i === -1) return
    if (i === IN_LANE) {
      this.laneDrop(id)
      this.pos[id] = -1
      return
    }
    this.removeAt(i)
  }

  // ---- internals ----

  /** The live lane entry at the head (laneLive > 0), skipping stale ones. */
  private laneFront(): number {
    const lane = this.lane, laneAt = this.laneAt
    let h = this.laneHead
    for (;;) {
      const id = lane[h]
      if (laneAt[id] === h && this.pos[id] === IN_LANE) {
        this.laneHead = h
        return id
      }
      h++
    }
  }

  /** Does lane entry `lid` come before the heap top (n > 0)? */
  private laneFirst(lid: number): boolean {
    const lt = this.time[lid], ht = this.hTime[0]
    return lt < ht || (lt === ht && this.seq[lid] < this.hSeq[0])
  }

  private laneDrop(id: number): void {
    this.laneAt[id] = -1
    this.laneLive--
  }

  private compactLane(): void {
    const lane = this.lane, laneAt = this.laneAt
    let w = 0
    for (let r = this.laneHead; r < this.laneTail; r++) {
      const id = lane[r]
      if (laneAt[id] === r && this.pos[id] === IN_LANE) {
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
    this.pos[id] = -1
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
