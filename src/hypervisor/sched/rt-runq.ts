// RTDS's global run queue (xen/common/sched/rt.c: the runq list, filled by
// runq_insert() through deadline_queue_insert(), read by runq_pick()). Unlike
// the replenishment queue it stays in priority order (compare_unit_priority:
// a lower priority_level, then an earlier deadline; equal units in the order
// they came): a queued unit's level and deadline change only as it is taken
// out and put back. rt.c walks the list from the head to insert; on a host
// of thousands of queued units that walk, and moving the units behind an
// insertion or a removal in one array, cost thousands of steps per event.
// This keeps the same list cut into blocks of at most 2 * BLOCK units: an
// insertion finds its place (after every unit of at least its priority) by
// binary search over the blocks' last units, then within one block, and
// moves at most one block's units; each unit knows its block.
import type {Unit} from './policy.js'

const BLOCK = 64

/** compare_unit_priority(a, b) < 0 for a queued x and a newcomer u: u goes before x. */
function beats(u: Unit, x: Unit): boolean {
  return x.pri > u.pri || (x.pri === u.pri && x.credit > u.credit)
}

export class RunQueue {
  /**
   * The queue, in order, cut into blocks: never an empty one but the first
   * when the queue is empty (kept, as a queue on a small host is emptied
   * and refilled all the time).
   */
  private blocks: Unit[][] = [[]]
  /** Per unit (by idx): the block holding it. */
  private where: (Unit[] | undefined)[] = []
  length = 0

  /** The head (the queue is not empty). */
  first(): Unit {
    return this.blocks[0][0]
  }

  /** Every unit, in order. */
  toArray(): Unit[] {
    const out: Unit[] = []
    for (const b of this.blocks) for (const u of b) out.push(u)
    return out
  }

  has(u: Unit): boolean {
    return this.where[u.idx] !== undefined
  }

  clear(): void {
    for (const b of this.blocks) for (const u of b) this.where[u.idx] = undefined
    this.blocks = [[]]
    this.length = 0
  }

  /** Append u (a saved queue, rebuilt in its own order). */
  push(u: Unit): void {
    const blocks = this.blocks
    const n = blocks.length
    let b: Unit[]
    if (blocks[n - 1].length >= 2 * BLOCK) {
      b = [u]
      blocks.push(b)
    } else {
      b = blocks[n - 1]
      b.push(u)
    }
    this.where[u.idx] = b
    this.length++
  }

  /** deadline_queue_insert(): after every unit of at least u's priority; true when u lands first. */
  insert(u: Unit): boolean {
    const blocks = this.blocks
    if (this.length === 0) {
      this.push(u)
      return true
    }
    // The first block whose last unit u beats (the queue is sorted, so
    // every unit before that block stays ahead of u).
    let lo = 0, hi = blocks.length
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      const b = blocks[mid]
      if (beats(u, b[b.length - 1])) hi = mid
      else lo = mid + 1
    }
    if (lo === blocks.length) {
      this.push(u)
      return false
    }
    const bi = lo
    const b = blocks[bi]
    let l = 0, h = b.length - 1
    while (l < h) {
      const mid = (l + h) >>> 1
      if (beats(u, b[mid])) h = mid
      else l = mid + 1
    }
    b.push(u)
    for (let j = b.length - 1; j > l; j--) b[j] = b[j - 1]
    b[l] = u
    this.where[u.idx] = b
    this.length++
    if (b.length > 2 * BLOCK) this.split(bi)
    return bi === 0 && l === 0
  }

  /** Take u out: true when it was there. */
  remove(u: Unit): boolean {
    const b = this.where[u.idx]
    if (b === undefined) return false
    this.where[u.idx] = undefined
    this.length--
    if (b[0] === u) b.shift()
    else {
      const i = b.indexOf(u)
      for (let j = i + 1; j < b.length; j++) b[j - 1] = b[j]
      b.pop()
    }
    if (b.length === 0 && this.blocks.length > 1) this.blocks.splice(this.blocks.indexOf(b), 1)
    return true
  }

  /** runq_pick(): the first unit that may run on cpu (its hard affinity), null for none. */
  pick(cpu: number): Unit | null {
    const blocks = this.blocks
    for (let bi = 0; bi < blocks.length; bi++) {
      const b = blocks[bi]
      for (let i = 0; i < b.length; i++) {
        const hard = b[i].v.hardAffinity
        if (hard === null || hard.includes(cpu)) return b[i]
      }
    }
    return null
  }

  private split(bi: number): void {
    const b = this.blocks[bi]
    const tail = b.splice(BLOCK)
    this.blocks.splice(bi + 1, 0, tail)
    for (const x of tail) this.where[x.idx] = tail
  }
}
