// Per-runqueue summaries a policy keeps as its runqueues change, so that a
// decision taken at every wake-up or idle pCPU does not walk every
// runqueue of a big host. Xen's credit2 keeps such state for the same
// reason (xen/common/sched/credit2.c: the per-runqueue idle and tickled
// masks, prv->active_queues, max_weight kept per runqueue): with 64
// runqueues a walk per event made a simulated second of a 1024-pCPU host
// cost more than linear in its pCPUs.

/** A set of small integers (runqueue ids) as a bitmap: O(1) updates, search by word. */
export class IdSet {
  private readonly words: Int32Array
  constructor(readonly size: number) {
    this.words = new Int32Array((size + 31) >>> 5)
  }

  has(i: number): boolean {
    return (this.words[i >>> 5] & (1 << (i & 31))) !== 0
  }

  /** Put i in the set when `on`, take it out otherwise. */
  put(i: number, on: boolean): void {
    if (on) this.words[i >>> 5] |= 1 << (i & 31)
    else this.words[i >>> 5] &= ~(1 << (i & 31))
  }

  /** Members 0 to 31 as the bits of an int32. */
  word0(): number {
    return this.words.length > 0 ? this.words[0] : 0
  }

  /** The first member >= from (and < size), or -1. */
  next(from: number): number {
    const words = this.words
    if (from >= this.size) return -1
    let w = from >>> 5
    let bits = words[w] & (-1 << (from & 31))
    for (;;) {
      if (bits !== 0) {
        const i = (w << 5) + 31 - Math.clz32(bits & -bits)
        return i < this.size ? i : -1
      }
      if (++w >= words.length) return -1
      bits = words[w]
    }
  }
}

/**
 * Values by index with the question "the first index >= from whose value
 * is below `limit`" in O(log n): a segment tree of minimums. The values are
 * stored as given, so a comparison against them is exactly the one a
 * linear walk would make.
 */
export class MinIndex {
  private readonly n: number
  /** Leaves at [n, 2n); node k holds the minimum of its children 2k, 2k + 1. */
  private readonly min: Float64Array

  constructor(readonly size: number) {
    let n = 1
    while (n < size) n *= 2
    this.n = n
    this.min = new Float64Array(2 * n).fill(Infinity)
  }

  get(i: number): number {
    return this.min[this.n + i]
  }

  set(i: number, value: number): void {
    const min = this.min
    let k = this.n + i
    if (min[k] === value) return
    min[k] = value
    for (k >>= 1; k >= 1; k >>= 1) {
      const m = min[2 * k] < min[2 * k + 1] ? min[2 * k] : min[2 * k + 1]
      if (min[k] === m) break
      min[k] = m
    }
  }

  /** The first index >= from with value < limit, or -1. */
  firstBelow(from: number, limit: number): number {
    const min = this.min
    if (from >= this.size || !(min[1] < limit)) return -1
    let k = this.n + from
    if (min[k] < limit) return from
    // Up from the leaf: the right sibling of a left child covers the indices
    // just after it; the first such subtree with a match holds the answer.
    for (;;) {
      if (k <= 1) return -1
      if ((k & 1) === 0 && min[k + 1] < limit) break
      k >>= 1
    }
    k++
    while (k < this.n) k = min[2 * k] < limit ? 2 * k : 2 * k + 1
    const i = k - this.n
    return i < this.size ? i : -1
  }
}
