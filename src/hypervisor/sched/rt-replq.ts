// RTDS's replenishment queue (xen/common/sched/rt.c: the replq list and
// deadline_queue_insert()). rt.c inserts a unit after every unit of at least
// its priority (compare_unit_priority: a lower priority_level, or the same
// level and an earlier deadline), scanning from the head. The list is not
// always in that order: burn_budget() raises the level of a running unit
// (extratime) where it stands in the queue. So a binary search would put
// units elsewhere than rt.c does; this keeps the list's exact order and the
// exact scan, but in blocks of at most 2 * BLOCK units, each with the
// highest key (level, deadline) among its units. The scan skips a whole
// block when none of its units has a key above the newcomer's: on a host
// of thousands of units (replenished together at each period, and each
// re-inserted behind the others) that turns a quadratic walk into a short
// one.
import type {Unit} from './policy.js'

const BLOCK = 64

export class ReplQueue {
  /** The queue, in order, cut into blocks (never an empty one). */
  private blocks: Unit[][] = []
  /** Per block: the highest (level, deadline) of its units, or above it (a key only goes up in place). */
  private maxPri: number[] = []
  private maxDl: number[] = []
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

  clear(): void {
    for (const b of this.blocks) for (const u of b) this.where[u.idx] = undefined
    this.blocks = []
    this.maxPri = []
    this.maxDl = []
    this.length = 0
  }

  /** Append u (a saved queue, rebuilt in its own order). */
  push(u: Unit): void {
    const n = this.blocks.length
    if (n === 0 || this.blocks[n - 1].length >= 2 * BLOCK) {
      this.blocks.push([u])
      this.maxPri.push(u.pri)
      this.maxDl.push(u.credit)
    } else {
      const b = this.blocks[n - 1]
      b.push(u)
      this.raise(n - 1, u)
    }
    this.where[u.idx] = this.blocks[this.blocks.length - 1]
    this.length++
  }

  /** Take the head off and return it (the queue is not empty). */
  shift(): Unit {
    const b = this.blocks[0]
    const u = b.shift()!
    this.where[u.idx] = undefined
    this.length--
    if (b.length === 0) this.dropBlock(0)
    else if (this.wasMax(0, u)) this.recompute(0)
    return u
  }

  /** deadline_queue_insert(): after every unit of at least u's priority; true when u lands first. */
  insert(u: Unit): boolean {
    const pri = u.pri, dl = u.credit
    const blocks = this.blocks
    for (let bi = 0; bi < blocks.length; bi++) {
      const mp = this.maxPri[bi]
      if (mp < pri || (mp === pri && this.maxDl[bi] <= dl)) continue
      const b = blocks[bi]
      for (let i = 0; i < b.length; i++) {
        const x = b[i]
        if (x.pri > pri || (x.pri === pri && x.credit > dl)) {
          this.insertAt(bi, i, u)
          return bi === 0 && i === 0
        }
      }
    }
    // Behind every unit.
    this.push(u)
    return this.length === 1
  }

  /** Take u out: where it was (0: the head, 1: elsewhere), -1 when it was not there. */
  remove(u: Unit): number {
    const b = this.where[u.idx]
    if (b === undefined) return -1
    const bi = this.blocks.indexOf(b)
    const i = b.indexOf(u)
    for (let j = i + 1; j < b.length; j++) b[j - 1] = b[j]
    b.pop()
    this.where[u.idx] = undefined
    this.length--
    if (b.length === 0) this.dropBlock(bi)
    else if (this.wasMax(bi, u)) this.recompute(bi)
    return bi === 0 && i === 0 ? 0 : 1
  }

  /** u's level or deadline went up where it stands (burn_budget()). */
  raised(u: Unit): void {
    const b = this.where[u.idx]
    if (b !== undefined) this.raise(this.blocks.indexOf(b), u)
  }

  /** Every key moved (a rebase): the blocks' highest keys afresh. */
  rekey(): void {
    for (let bi = 0; bi < this.blocks.length; bi++) this.recompute(bi)
  }

  private insertAt(bi: number, i: number, u: Unit): void {
    const b = this.blocks[bi]
    b.push(u)
    for (let j = b.length - 1; j > i; j--) b[j] = b[j - 1]
    b[i] = u
    this.where[u.idx] = b
    this.length++
    this.raise(bi, u)
    if (b.length > 2 * BLOCK) {
      const tail = b.splice(BLOCK)
      this.blocks.splice(bi + 1, 0, tail)
      this.maxPri.splice(bi + 1, 0, 0)
      this.maxDl.splice(bi + 1, 0, 0)
      for (const x of tail) this.where[x.idx] = tail
      this.recompute(bi)
      this.recompute(bi + 1)
    }
  }

  private raise(bi: number, u: Unit): void {
    const mp = this.maxPri[bi]
    if (u.pri > mp || (u.pri === mp && u.credit > this.maxDl[bi])) {
      this.maxPri[bi] = u.pri
      this.maxDl[bi] = u.credit
    }
  }

  /** Was u's key block bi's highest (it may be lower once u is gone)? */
  private wasMax(bi: number, u: Unit): boolean {
    return u.pri === this.maxPri[bi] && u.credit === this.maxDl[bi]
  }

  private recompute(bi: number): void {
    const b = this.blocks[bi]
    let mp = b[0].pri, md = b[0].credit
    for (let i = 1; i < b.length; i++) {
      const x = b[i]
      if (x.pri > mp || (x.pri === mp && x.credit > md)) {
        mp = x.pri
        md = x.credit
      }
    }
    this.maxPri[bi] = mp
    this.maxDl[bi] = md
  }

  private dropBlock(bi: number): void {
    this.blocks.splice(bi, 1)
    this.maxPri.splice(bi, 1)
    this.maxDl.splice(bi, 1)
  }
}
