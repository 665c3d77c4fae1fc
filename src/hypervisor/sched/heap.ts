// The event queue: an indexed binary min-heap over a fixed set of timers,
// keyed by (time, seq). Every timer owner (a pCPU, a vCPU's workload, the
// policy's tick) has exactly one slot, so arming a timer is a
// decrease/increase-key and the queue never allocates after construction.
// Keys are kept in heap order (not behind the id) so comparisons touch
// contiguous memory. `seq` breaks ties in arming order, which keeps runs
// deterministic and survives a save/reload (it is persisted with the timer).

export class TimerHeap {
  /** Armed time per timer id (valid while armed). */
  readonly time: Float64Array
  readonly seq: Float64Array
  private readonly hTime: Float64Array
  private readonly hSeq: Float64Array
  private readonly hId: Int32Array
  /** Index of each timer id in the heap, or -1. */
  private readonly pos: Int32Array
  private n = 0

  constructor(readonly size: number) {
    this.time = new Float64Array(size).fill(-1)
    this.seq = new Float64Array(size)
    this.hTime = new Float64Array(size)
    this.hSeq = new Float64Array(size)
    this.hId = new Int32Array(size)
    this.pos = new Int32Array(size).fill(-1)
  }

  get length(): number { return this.n }

  /** The earliest timer id, or -1. */
  peek(): number { return this.n > 0 ? this.hId[0] : -1 }
  peekTime(): number { return this.n > 0 ? this.hTime[0] : Infinity }

  armed(id: number): boolean { return this.pos[id] >= 0 }

  set(id: number, time: number, seq: number): void {
    this.time[id] = time
    this.seq[id] = seq
    const i = this.pos[id]
    if (i < 0) {
      this.siftUp(this.n++, id, time, seq)
    } else {
      const ot = this.hTime[i], os = this.hSeq[i]
      if (time < ot || (time === ot && seq < os)) this.siftUp(i, id, time, seq)
      else this.siftDown(i, id, time, seq)
    }
  }

  /** Remove and return the earliest timer id (the heap must not be empty). */
  pop(): number {
    const id = this.hId[0]
    this.pos[id] = -1
    const n = --this.n
    if (n > 0) this.siftDown(0, this.hId[n], this.hTime[n], this.hSeq[n])
    return id
  }

  cancel(id: number): void {
    const i = this.pos[id]
    if (i < 0) return
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
      const p = (i - 1) >> 1
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
      let c = 2 * i + 1
      if (c >= n) break
      let ct = hT[c], cs = hS[c]
      if (c + 1 < n) {
        const rt = hT[c + 1], rs = hS[c + 1]
        if (rt < ct || (rt === ct && rs < cs)) { c++; ct = rt; cs = rs }
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
