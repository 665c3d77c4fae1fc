// RTDS's global run queue (xen/common/sched/rt.c: the runq list, filled by
// runq_insert() through deadline_queue_insert(), read by runq_pick()). Unlike
// the replenishment queue it stays in priority order (compare_unit_priority:
// a lower priority_level, then an earlier deadline; equal units in the order
// they came): a queued unit's level and deadline change only as it is taken
// out and put back. rt.c walks the list from the head to insert; on a host
// of thousands of queued units that walk (or moving the units behind an
// insertion or a removal in an array) cost thousands of steps per event.
//
// Few keys are distinct: deadlines are whole periods from the same origin
// (rt_update_deadline), so the units replenished together share one, and
// priority levels are small. So the list is kept as its runs of equal keys
// ("buckets", in priority order), each a linked list of unit indexes in
// arrival order: an insertion finds its bucket by binary search over the
// few keys and goes to its tail (after every unit of at least its
// priority, as rt.c's scan puts it), a removal unlinks in O(1), and the
// head of the first bucket is the head of rt.c's list. On a host of a few
// hundred units one sorted array costs less (FlatRunQueue): the policy
// picks by the number of units.
import type {Unit} from './policy.js'

const NONE = -1

/** What the policy uses of its run queue (either kind). */
export interface RunQueue {
  readonly length: number
  first(): Unit
  toArray(): Unit[]
  has(u: Unit): boolean
  clear(): void
  rekey(): void
  push(u: Unit): void
  insert(u: Unit): boolean
  remove(u: Unit): boolean
  pick(cpu: number): Unit | null
}

/** The run queue of a host of more units than this is kept in buckets. */
export const BUCKETS_MIN_UNITS = 512

export function newRunQueue(units: number): RunQueue {
  return units > BUCKETS_MIN_UNITS ? new BucketRunQueue(units) : new FlatRunQueue()
}

/**
 * The run queue as one array in order: the same places, the same answers.
 * Its length is kept apart from the array's (q[n..] are stale): the array
 * only grows by a store at its end, and no insertion or removal calls
 * push() or shift() (Array builtins V8 may call rather than inline here, a
 * hundred instructions each, at every wake-up and preemption).
 */
export class FlatRunQueue implements RunQueue {
  private q: Unit[] = []
  private n = 0

  get length(): number {
    return this.n
  }

  first(): Unit {
    return this.q[0]
  }

  toArray(): Unit[] {
    return this.q.slice(0, this.n)
  }

  has(u: Unit): boolean {
    for (let i = 0; i < this.n; i++) if (this.q[i] === u) return true
    return false
  }

  clear(): void {
    this.q = []
    this.n = 0
  }

  /** The keys are read from the units (they do not change while queued). */
  rekey(): void {}

  push(u: Unit): void {
    this.q[this.n++] = u
  }

  insert(u: Unit): boolean {
    const q = this.q
    const n = this.n
    let lo = 0, hi = n
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      const x = q[mid]
      if (x.pri > u.pri || (x.pri === u.pri && x.credit > u.credit)) hi = mid
      else lo = mid + 1
    }
    for (let j = n; j > lo; j--) q[j] = q[j - 1]
    q[lo] = u
    this.n = n + 1
    return lo === 0
  }

  remove(u: Unit): boolean {
    const q = this.q
    const n = this.n
    let i = 0
    while (i < n && q[i] !== u) i++
    if (i === n) return false
    for (let j = i + 1; j < n; j++) q[j - 1] = q[j]
    this.n = n - 1
    return true
  }

  pick(cpu: number): Unit | null {
    const q = this.q
    for (let i = 0; i < this.n; i++) {
      const hard = q[i].v.hardAffinity
      if (hard === null || hard.includes(cpu)) return q[i]
    }
    return null
  }
}

/** The run queue in buckets of equal keys (see above). */
export class BucketRunQueue implements RunQueue {
  length = 0
  /** Per unit index: the unit, its neighbours in its bucket (NONE at either end), its bucket (NONE: not queued). */
  private unit: Unit[] = []
  private next: Int32Array
  private prev: Int32Array
  private at: Int32Array
  /** Per bucket: its key (level, deadline), first and last unit. */
  private bPri: Float64Array
  private bDl: Float64Array
  private bHead: Int32Array
  private bTail: Int32Array
  /** Bucket slots not in use. */
  private free: number[] = []
  /** The buckets in use, in priority order. */
  private order: number[] = []

  /** `units`: how many unit indexes to make room for at once (more grow the arrays). */
  constructor(units = 0) {
    const n = Math.max(16, units)
    this.next = new Int32Array(n)
    this.prev = new Int32Array(n)
    this.at = new Int32Array(n).fill(NONE)
    this.bPri = new Float64Array(n)
    this.bDl = new Float64Array(n)
    this.bHead = new Int32Array(n)
    this.bTail = new Int32Array(n)
    for (let b = n - 1; b >= 0; b--) this.free.push(b)
    for (let i = 0; i < n; i++) this.unit.push(undefined as unknown as Unit)
  }

  /** The head (the queue is not empty). */
  first(): Unit {
    return this.unit[this.bHead[this.order[0]]]
  }

  /** Every unit, in order. */
  toArray(): Unit[] {
    const out: Unit[] = []
    for (const b of this.order) for (let i = this.bHead[b]; i !== NONE; i = this.next[i]) out.push(this.unit[i])
    return out
  }

  has(u: Unit): boolean {
    return u.idx < this.at.length && this.at[u.idx] !== NONE
  }

  clear(): void {
    for (const b of this.order) {
      for (let i = this.bHead[b]; i !== NONE; i = this.next[i]) this.at[i] = NONE
      this.free.push(b)
    }
    this.order.length = 0
    this.length = 0
  }

  /** Every unit's deadline moved by the same amount (a rebase): each bucket's key afresh from its units. */
  rekey(): void {
    for (const b of this.order) {
      const u = this.unit[this.bHead[b]]
      this.bPri[b] = u.pri
      this.bDl[b] = u.credit
    }
  }

  /** Append u (a saved queue, rebuilt in its own order). */
  push(u: Unit): void {
    const order = this.order
    const last = order.length > 0 ? order[order.length - 1] : NONE
    if (last !== NONE && this.bPri[last] === u.pri && this.bDl[last] === u.credit) this.append(last, u)
    else this.append(this.newBucket(order.length, u), u)
  }

  /** deadline_queue_insert(): after every unit of at least u's priority; true when u lands first. */
  insert(u: Unit): boolean {
    const order = this.order
    const bPri = this.bPri, bDl = this.bDl
    const p = u.pri, d = u.credit
    // The first bucket whose key u's outranks.
    let lo = 0, hi = order.length
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      const b = order[mid]
      if (bPri[b] > p || (bPri[b] === p && bDl[b] > d)) hi = mid
      else lo = mid + 1
    }
    if (lo > 0) {
      const b = order[lo - 1]
      if (bPri[b] === p && bDl[b] === d) {
        this.append(b, u)
        return false
      }
    }
    this.append(this.newBucket(lo, u), u)
    return lo === 0
  }

  /** Take u out: true when it was there. */
  remove(u: Unit): boolean {
    const i = u.idx
    if (i >= this.at.length) return false
    const b = this.at[i]
    if (b === NONE) return false
    this.at[i] = NONE
    this.length--
    const n = this.next[i], p = this.prev[i]
    if (p === NONE) this.bHead[b] = n
    else this.next[p] = n
    if (n === NONE) this.bTail[b] = p
    else this.prev[n] = p
    if (this.bHead[b] === NONE) this.dropBucket(b)
    return true
  }

  /** runq_pick(): the first unit that may run on cpu (its hard affinity), null for none. */
  pick(cpu: number): Unit | null {
    const order = this.order
    for (let k = 0; k < order.length; k++) {
      for (let i = this.bHead[order[k]]; i !== NONE; i = this.next[i]) {
        const u = this.unit[i]
        const hard = u.v.hardAffinity
        if (hard === null || hard.includes(cpu)) return u
      }
    }
    return null
  }

  /** Put u at the tail of bucket b. */
  private append(b: number, u: Unit): void {
    const i = u.idx
    if (i >= this.at.length) this.grow(i)
    if (this.unit[i] !== u) this.unit[i] = u
    const t = this.bTail[b]
    this.prev[i] = t
    this.next[i] = NONE
    if (t === NONE) this.bHead[b] = i
    else this.next[t] = i
    this.bTail[b] = i
    this.at[i] = b
    this.length++
  }

  /** A new, empty bucket with u's key, at place k of the order. */
  private newBucket(k: number, u: Unit): number {
    if (this.free.length === 0) this.growBuckets()
    const b = this.free.pop()!
    this.bPri[b] = u.pri
    this.bDl[b] = u.credit
    this.bHead[b] = NONE
    this.bTail[b] = NONE
    const order = this.order
    if (k === order.length) order.push(b)
    else order.splice(k, 0, b)
    return b
  }

  private dropBucket(b: number): void {
    const order = this.order
    // Mostly the first (the head is what schedule() takes).
    if (order[0] === b) order.shift()
    else order.splice(order.indexOf(b), 1)
    this.free.push(b)
  }

  private grow(i: number): void {
    let n = this.at.length
    while (n <= i) n *= 2
    const widen = (a: Int32Array, fill: number) => {
      const w = new Int32Array(n).fill(fill)
      w.set(a)
      return w
    }
    this.next = widen(this.next, NONE)
    this.prev = widen(this.prev, NONE)
    this.at = widen(this.at, NONE)
    while (this.unit.length < n) this.unit.push(undefined as unknown as Unit)
  }

  private growBuckets(): void {
    const old = this.bHead.length, n = 2 * old
    const f64 = (a: Float64Array) => {
      const w = new Float64Array(n)
      w.set(a)
      return w
    }
    const i32 = (a: Int32Array) => {
      const w = new Int32Array(n)
      w.set(a)
      return w
    }
    this.bPri = f64(this.bPri)
    this.bDl = f64(this.bDl)
    this.bHead = i32(this.bHead)
    this.bTail = i32(this.bTail)
    for (let b = n - 1; b >= old; b--) this.free.push(b)
  }
}
