// A credit2 runqueue's list of waiting units (rqd->runq in
// xen/common/sched/credit2.c): in credit order, highest first, a newcomer
// after every unit with at least its credit (runq_insert()). The list is
// always in that order (a queued unit's credit only changes in
// reset_credit(), by the same amount for all, clipped at the same bound),
// so the place is found by a binary search.
//
// Kept as a ring: a busy runqueue of a big host holds dozens of waiters,
// and most removals take its head (do_schedule picks the first), which in a
// plain array moved every unit behind it; a ring moves the shorter side
// instead, so taking the head moves nothing and a woken unit, with much
// credit, goes in near the head by moving the few ahead of it. The credits
// of the queued units are kept beside them (written by insert() and
// syncCredits()) so the search does not touch the units themselves.
import type {Unit} from './policy.js'

export class Credit2Runq {
  private buf: (Unit | null)[]
  private credits: Float64Array
  private mask: number
  /** Slot of the head (position 0). */
  private head = 0
  length = 0

  constructor(capacity = 8) {
    let n = 8
    while (n < capacity) n *= 2
    this.buf = new Array<Unit | null>(n).fill(null)
    this.credits = new Float64Array(n)
    this.mask = n - 1
  }

  /** The unit at position i (0: the head; i < length). */
  at(i: number): Unit {
    return this.buf[(this.head + i) & this.mask]!
  }

  /** The credit unit at(i) had when queued, or at the last syncCredits(). */
  creditAt(i: number): number {
    return this.credits[(this.head + i) & this.mask]
  }

  /** runq_insert(): queue u after every unit with at least its credit; returns its position. */
  insert(u: Unit): number {
    const n = this.length
    if (n === this.mask + 1) this.grow()
    const credit = u.credit
    const credits = this.credits, mask = this.mask, head = this.head
    let lo = 0, hi = n
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (credits[(head + mid) & mask] < credit) hi = mid
      else lo = mid + 1
    }
    const buf = this.buf
    if (lo < n - lo) {
      // The units ahead of it move one slot towards the head.
      const h = (head - 1) & mask
      for (let k = 0; k < lo; k++) {
        const to = (h + k) & mask, from = (h + k + 1) & mask
        buf[to] = buf[from]
        credits[to] = credits[from]
      }
      this.head = h
    } else {
      for (let k = n; k > lo; k--) {
        const to = (head + k) & mask, from = (head + k - 1) & mask
        buf[to] = buf[from]
        credits[to] = credits[from]
      }
    }
    const at = (this.head + lo) & mask
    buf[at] = u
    credits[at] = credit
    this.length = n + 1
    return lo
  }

  /** Append u at the tail whatever its credit (a saved queue read back in its order). */
  push(u: Unit): void {
    if (this.length === this.mask + 1) this.grow()
    const at = (this.head + this.length) & this.mask
    this.buf[at] = u
    this.credits[at] = u.credit
    this.length++
  }

  /** Take the unit at position i out. */
  removeAt(i: number): void {
    const n = this.length
    const buf = this.buf, credits = this.credits, mask = this.mask, head = this.head
    if (i < n - 1 - i) {
      // The units ahead of it move one slot towards the tail.
      for (let k = i; k > 0; k--) {
        const to = (head + k) & mask, from = (head + k - 1) & mask
        buf[to] = buf[from]
        credits[to] = credits[from]
      }
      buf[head] = null
      this.head = (head + 1) & mask
    } else {
      for (let k = i; k < n - 1; k++) {
        const to = (head + k) & mask, from = (head + k + 1) & mask
        buf[to] = buf[from]
        credits[to] = credits[from]
      }
      buf[(head + n - 1) & mask] = null
    }
    this.length = n - 1
  }

  /** Position of u, or -1. */
  indexOf(u: Unit): number {
    const buf = this.buf, mask = this.mask, head = this.head
    for (let i = 0; i < this.length; i++) if (buf[(head + i) & mask] === u) return i
    return -1
  }

  /** The queued units' credits changed (reset_credit): read them again. */
  syncCredits(): void {
    const buf = this.buf, credits = this.credits, mask = this.mask
    for (let i = 0; i < this.length; i++) {
      const at = (this.head + i) & mask
      credits[at] = buf[at]!.credit
    }
  }

  clear(): void {
    this.buf.fill(null)
    this.head = 0
    this.length = 0
  }

  /** The units in queue order. */
  toArray(): Unit[] {
    const out: Unit[] = []
    for (let i = 0; i < this.length; i++) out.push(this.at(i))
    return out
  }

  private grow(): void {
    const n = this.length
    const buf = new Array<Unit | null>(2 * (this.mask + 1)).fill(null)
    const credits = new Float64Array(buf.length)
    for (let i = 0; i < n; i++) {
      const at = (this.head + i) & this.mask
      buf[i] = this.buf[at]
      credits[i] = this.credits[at]
    }
    this.buf = buf
    this.credits = credits
    this.mask = buf.length - 1
    this.head = 0
  }
}
