// RTDS's global run queue (xen/common/sched/rt.c: the runq list, filled by
// runq_insert() through deadline_queue_insert(), read by runq_pick()). Unlike
// the replenishment queue it stays in priority order (compare_unit_priority:
// a lower priority_level, then an earlier deadline; equal units in the order
// they came): a queued unit's level and deadline change only as it is taken
// out and put back. rt.c walks the list from the head to insert; on a host
// of thousands of queued units that walk, and moving the units behind an
// insertion or a removal in one array, cost thousands of steps per event.
// This keeps the same list cut into blocks of at most 2 * BLOCK unit
// indexes: an insertion finds its place (after every unit of at least its
// priority) by binary search over the blocks' last keys, then within one
// block, and moves at most one block's entries; each unit knows its block.
// On a host of a few hundred units one sorted array costs less
// (FlatRunQueue): the policy picks by the number of units.
import type {Unit} from './policy.js'
import {UnitKeys, fill} from './rt-keys.js'

const BLOCK = 64

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

/** The run queue of a host of more units than this is kept in blocks. */
export const BLOCKS_MIN_UNITS = 512

export function newRunQueue(units: number): RunQueue {
  return units > BLOCKS_MIN_UNITS ? new BlockRunQueue() : new FlatRunQueue()
}

/** The run queue as one array in order: the same places, the same answers. */
export class FlatRunQueue implements RunQueue {
  private q: Unit[] = []

  get length(): number {
    return this.q.length
  }

  first(): Unit {
    return this.q[0]
  }

  toArray(): Unit[] {
    return this.q.slice()
  }

  has(u: Unit): boolean {
    return this.q.includes(u)
  }

  clear(): void {
    this.q = []
  }

  /** The keys are read from the units (they do not change while queued). */
  rekey(): void {}

  push(u: Unit): void {
    this.q.push(u)
  }

  insert(u: Unit): boolean {
    const q = this.q
    let lo = 0, hi = q.length
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      const x = q[mid]
      if (x.pri > u.pri || (x.pri === u.pri && x.credit > u.credit)) hi = mid
      else lo = mid + 1
    }
    q.push(u)
    for (let j = q.length - 1; j > lo; j--) q[j] = q[j - 1]
    q[lo] = u
    return lo === 0
  }

  remove(u: Unit): boolean {
    const q = this.q
    const n = q.length
    let i = 0
    while (i < n && q[i] !== u) i++
    if (i === n) return false
    // The head (mostly): shift() takes it off without moving the rest (V8 trims the array's start).
    if (i === 0) q.shift()
    else {
      for (let j = i + 1; j < n; j++) q[j - 1] = q[j]
      q.pop()
    }
    return true
  }

  pick(cpu: number): Unit | null {
    const q = this.q
    for (let i = 0; i < q.length; i++) {
      const hard = q[i].v.hardAffinity
      if (hard === null || hard.includes(cpu)) return q[i]
    }
    return null
  }
}

/** The run queue in blocks (see above). */
export class BlockRunQueue implements RunQueue {
  /**
   * The queue, in order, cut into blocks of unit indexes: never an empty
   * one but the first when the queue is empty (kept, as a queue on a small
   * host is emptied and refilled all the time).
   */
  private blocks: number[][] = [[]]
  /** Per unit index: the block holding it. */
  private where: (number[] | undefined)[] = []
  /** Each queued unit's key as it was queued (it does not change while the unit waits). */
  private readonly keys = new UnitKeys()
  length = 0

  /** The head (the queue is not empty). */
  first(): Unit {
    return this.keys.unit[this.blocks[0][0]]
  }

  /** Every unit, in order. */
  toArray(): Unit[] {
    const out: Unit[] = []
    for (const b of this.blocks) for (const i of b) out.push(this.keys.unit[i])
    return out
  }

  has(u: Unit): boolean {
    return this.where[u.idx] !== undefined
  }

  clear(): void {
    for (const b of this.blocks) for (const i of b) this.where[i] = undefined
    this.blocks = [[]]
    this.length = 0
  }

  /** Every unit's deadline moved (a rebase): the keys afresh. */
  rekey(): void {
    for (const b of this.blocks) for (const i of b) this.keys.take(this.keys.unit[i])
  }

  /** Append u (a saved queue, rebuilt in its own order). */
  push(u: Unit): void {
    const blocks = this.blocks
    let b = blocks[blocks.length - 1]
    if (b.length >= 2 * BLOCK) {
      b = []
      blocks.push(b)
    }
    b.push(this.keys.take(u))
    fill(this.where, u.idx)
    this.where[u.idx] = b
    this.length++
  }

  /** deadline_queue_insert(): after every unit of at least u's priority; true when u lands first. */
  insert(u: Unit): boolean {
    if (this.length === 0) {
      this.push(u)
      return true
    }
    const blocks = this.blocks
    const {pri, dl} = this.keys
    const p = u.pri, d = u.credit
    // The first block whose last unit u outranks (the queue is sorted, so
    // every unit before that block stays ahead of u).
    let lo = 0, hi = blocks.length
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      const b = blocks[mid]
      const x = b[b.length - 1]
      if (pri[x] > p || (pri[x] === p && dl[x] > d)) hi = mid
      else lo = mid + 1
    }
    if (lo === blocks.length) {
      this.push(u)
      return false
    }
    const b = blocks[lo]
    let l = 0, h = b.length - 1
    while (l < h) {
      const mid = (l + h) >>> 1
      const x = b[mid]
      if (pri[x] > p || (pri[x] === p && dl[x] > d)) h = mid
      else l = mid + 1
    }
    const idx = this.keys.take(u)
    b.push(idx)
    for (let j = b.length - 1; j > l; j--) b[j] = b[j - 1]
    b[l] = idx
    fill(this.where, idx)
    this.where[idx] = b
    this.length++
    if (b.length > 2 * BLOCK) this.split(lo)
    return lo === 0 && l === 0
  }

  /** Take u out: true when it was there. */
  remove(u: Unit): boolean {
    const idx = u.idx
    const b = this.where[idx]
    if (b === undefined) return false
    this.where[idx] = undefined
    this.length--
    if (b[0] === idx) b.shift()
    else {
      const i = b.indexOf(idx)
      for (let j = i + 1; j < b.length; j++) b[j - 1] = b[j]
      b.pop()
    }
    if (b.length === 0 && this.blocks.length > 1) this.blocks.splice(this.blocks.indexOf(b), 1)
    return true
  }

  /** runq_pick(): the first unit that may run on cpu (its hard affinity), null for none. */
  pick(cpu: number): Unit | null {
    const blocks = this.blocks
    const unit = this.keys.unit
    for (let bi = 0; bi < blocks.length; bi++) {
      const b = blocks[bi]
      for (let i = 0; i < b.length; i++) {
        const u = unit[b[i]]
        const hard = u.v.hardAffinity
        if (hard === null || hard.includes(cpu)) return u
      }
    }
    return null
  }

  private split(bi: number): void {
    const b = this.blocks[bi]
    const tail = b.splice(BLOCK)
    this.blocks.splice(bi + 1, 0, tail)
    for (const i of tail) this.where[i] = tail
  }
}
