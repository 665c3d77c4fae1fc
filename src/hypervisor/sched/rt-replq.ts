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
// one. A block's key is only a bound (a removal leaves it, a scan that
// finds no place in the block lowers it to the newcomer's), and so is the
// queue's: a newcomer no unit outranks goes to the end at once, as every
// unit of a replenishment does. Blocks hold unit
// indexes, and the keys are kept in flat arrays (rt-keys.ts; burn_budget()
// reports a raise), so a scan reads numbers, not scattered unit objects.
//
// On a host of few units the blocks buy nothing (the queue is one block)
// and keeping the keys apart costs more than it saves: FlatReplQueue there
// is one array in rt.c's order, scanned on the units' own keys (a queued
// unit's key changes in place only through burn_budget(), which the scan
// then sees, or in rt_unit_wake() right before replq_reinsert()).
import type {Unit} from './policy.js'
import {UnitKeys, fill} from './rt-keys.js'

const BLOCK = 64

/** What the policy uses of its replenishment queue (either kind). */
export interface ReplQ {
  readonly length: number
  first(): Unit
  toArray(): Unit[]
  clear(): void
  push(u: Unit): void
  shift(): Unit
  insert(u: Unit): boolean
  remove(u: Unit): number
  raised(u: Unit): void
  rekey(): void
}

/** The replenishment queue of a host of more units than this is kept in blocks. */
export const BLOCKS_MIN_UNITS = 128

export function newReplQueue(units: number): ReplQ {
  return units > BLOCKS_MIN_UNITS ? new ReplQueue() : new FlatReplQueue()
}

/**
 * The queue as one array in order (its length kept apart: the array only
 * grows by a store at its end, see FlatRunQueue): the same places, the
 * same answers as ReplQueue.
 */
export class FlatReplQueue implements ReplQ {
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

  clear(): void {
    this.q = []
    this.n = 0
  }

  push(u: Unit): void {
    this.q[this.n++] = u
  }

  shift(): Unit {
    const q = this.q
    const u = q[0]
    const n = --this.n
    for (let j = 0; j < n; j++) q[j] = q[j + 1]
    return u
  }

  /** deadline_queue_insert(): after every unit of at least u's priority; true when u lands first. */
  insert(u: Unit): boolean {
    const q = this.q
    const n = this.n
    const p = u.pri, d = u.credit
    let i = 0
    while (i < n) {
      const x = q[i]
      if (x.pri > p || (x.pri === p && x.credit > d)) break
      i++
    }
    for (let j = n; j > i; j--) q[j] = q[j - 1]
    q[i] = u
    this.n = n + 1
    return i === 0
  }

  /** Take u out: where it was (0: the head, 1: elsewhere), -1 when it was not there. */
  remove(u: Unit): number {
    const q = this.q
    const n = this.n
    let i = 0
    while (i < n && q[i] !== u) i++
    if (i === n) return -1
    for (let j = i + 1; j < n; j++) q[j - 1] = q[j]
    this.n = n - 1
    return i === 0 ? 0 : 1
  }

  /** The scan reads the units' keys: nothing to note. */
  raised(): void {}

  rekey(): void {}
}

/** A run of the queue: unit indexes, and the highest key of its units, or above it. */
interface Block {ids: number[]; maxPri: number; maxDl: number}

export class ReplQueue implements ReplQ {
  /** The queue, in order, cut into blocks (never an empty one). */
  private blocks: Block[] = []
  /** The highest key in the queue, or above it. */
  private topPri = -Infinity
  private topDl = -Infinity
  /** Per unit index: the block holding it. */
  private where: (Block | undefined)[] = []
  private readonly keys = new UnitKeys()
  length = 0

  /** The head (the queue is not empty). */
  first(): Unit {
    return this.keys.unit[this.blocks[0].ids[0]]
  }

  /** Every unit, in order. */
  toArray(): Unit[] {
    const out: Unit[] = []
    for (const b of this.blocks) for (const i of b.ids) out.push(this.keys.unit[i])
    return out
  }

  clear(): void {
    for (const b of this.blocks) for (const i of b.ids) this.where[i] = undefined
    this.blocks = []
    this.length = 0
    this.topPri = -Infinity
    this.topDl = -Infinity
  }

  /** Append u (a saved queue, rebuilt in its own order). */
  push(u: Unit): void {
    const blocks = this.blocks
    const n = blocks.length
    let b: Block
    if (n === 0 || blocks[n - 1].ids.length >= 2 * BLOCK) {
      b = {ids: [], maxPri: -Infinity, maxDl: -Infinity}
      blocks.push(b)
    } else b = blocks[n - 1]
    // A store at the end, not push(): see insertAt().
    const ids = b.ids
    ids[ids.length] = this.keys.take(u)
    fill(this.where, u.idx)
    this.where[u.idx] = b
    this.length++
    raise(b, u)
    this.raiseTopTo(u)
  }

  /** Take the head off and return it (the queue is not empty). */
  shift(): Unit {
    const b = this.blocks[0]
    const i = b.ids.shift()!
    this.where[i] = undefined
    this.length--
    if (b.ids.length === 0) this.blocks.shift()
    return this.keys.unit[i]
  }

  /** deadline_queue_insert(): after every unit of at least u's priority; true when u lands first. */
  insert(u: Unit): boolean {
    const p = u.pri, d = u.credit
    if (this.topPri > p || (this.topPri === p && this.topDl > d)) {
      const blocks = this.blocks
      const {pri, dl} = this.keys
      for (let bi = 0; bi < blocks.length; bi++) {
        const b = blocks[bi]
        if (b.maxPri < p || (b.maxPri === p && b.maxDl <= d)) continue
        const ids = b.ids
        for (let i = 0; i < ids.length; i++) {
          const x = ids[i]
          if (pri[x] > p || (pri[x] === p && dl[x] > d)) {
            this.insertAt(bi, i, u)
            return bi === 0 && i === 0
          }
        }
        // No place in this block: no key in it is above u's, which is a bound.
        b.maxPri = p
        b.maxDl = d
      }
      // No unit outranks u: once u is in, the queue's key is u's.
      this.topPri = -Infinity
      this.topDl = -Infinity
    }
    // Behind every unit.
    this.push(u)
    return this.length === 1
  }

  /** Take u out: where it was (0: the head, 1: elsewhere), -1 when it was not there. */
  remove(u: Unit): number {
    const idx = u.idx
    const b = this.where[idx]
    if (b === undefined) return -1
    const ids = b.ids
    const head = b === this.blocks[0] && ids[0] === idx
    if (ids[0] === idx) ids.shift()
    else {
      const i = ids.indexOf(idx)
      for (let j = i + 1; j < ids.length; j++) ids[j - 1] = ids[j]
      ids.pop()
    }
    this.where[idx] = undefined
    this.length--
    if (ids.length === 0) this.blocks.splice(this.blocks.indexOf(b), 1)
    return head ? 0 : 1
  }

  /** u's level or deadline went up where it stands (burn_budget()). */
  raised(u: Unit): void {
    const b = this.where[u.idx]
    if (b === undefined) return
    this.keys.take(u)
    raise(b, u)
    this.raiseTopTo(u)
  }

  /** Every key moved (a rebase): the keys and the blocks' highest afresh. */
  rekey(): void {
    this.topPri = -Infinity
    this.topDl = -Infinity
    const unit = this.keys.unit
    for (const b of this.blocks) {
      b.maxPri = -Infinity
      b.maxDl = -Infinity
      for (const i of b.ids) {
        const u = unit[i]
        this.keys.take(u)
        raise(b, u)
      }
      this.raiseTop(b.maxPri, b.maxDl)
    }
  }

  private insertAt(bi: number, i: number, u: Unit): void {
    const b = this.blocks[bi]
    const ids = b.ids
    const idx = this.keys.take(u)
    // One longer by a store at the end: V8 may call Array.prototype.push
    // rather than inline it (a hundred instructions, at every wake-up).
    const n = ids.length
    for (let j = n; j > i; j--) ids[j] = ids[j - 1]
    ids[i] = idx
    fill(this.where, idx)
    this.where[idx] = b
    this.length++
    raise(b, u)
    this.raiseTopTo(u)
    if (ids.length > 2 * BLOCK) {
      const tail: Block = {ids: ids.splice(BLOCK), maxPri: -Infinity, maxDl: -Infinity}
      this.blocks.splice(bi + 1, 0, tail)
      for (const x of tail.ids) this.where[x] = tail
      this.recompute(b)
      this.recompute(tail)
    }
  }

  private recompute(b: Block): void {
    const {pri, dl} = this.keys
    b.maxPri = -Infinity
    b.maxDl = -Infinity
    for (const x of b.ids) {
      if (pri[x] > b.maxPri || (pri[x] === b.maxPri && dl[x] > b.maxDl)) {
        b.maxPri = pri[x]
        b.maxDl = dl[x]
      }
    }
  }

  /**
   * raiseTop() for u's key, read here: a deadline (past 2^31 ns, not a
   * small integer) passed to a call V8 does not inline is boxed, a heap
   * allocation per insertion.
   */
  private raiseTopTo(u: Unit): void {
    const p = u.pri
    if (p > this.topPri || (p === this.topPri && u.credit > this.topDl)) {
      this.topPri = p
      this.topDl = u.credit
    }
  }

  private raiseTop(p: number, d: number): void {
    if (p > this.topPri || (p === this.topPri && d > this.topDl)) {
      this.topPri = p
      this.topDl = d
    }
  }
}

/** A key went into block b (or up in it). */
function raise(b: Block, u: Unit): void {
  if (u.pri > b.maxPri || (u.pri === b.maxPri && u.credit > b.maxDl)) {
    b.maxPri = u.pri
    b.maxDl = u.credit
  }
}
