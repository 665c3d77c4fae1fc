// The units of RTDS's queues (rt-runq.ts, rt-replq.ts) by index, with the
// key each one was queued with (level, deadline), in flat arrays: a queue's
// blocks hold unit indexes, and a search or a scan reads two arrays of
// numbers rather than a scattered unit object per step (on a host of
// thousands of units, a cache miss each).
import type {Unit} from './policy.js'

export class UnitKeys {
  /** Per unit index: the unit, its key's level and deadline. */
  readonly unit: Unit[] = []
  pri = new Float64Array(64)
  dl = new Float64Array(64)

  /** Record u and its key as it is now. */
  take(u: Unit): number {
    const i = u.idx
    if (i >= this.pri.length) this.grow(i)
    fill(this.unit, i)
    this.unit[i] = u
    this.pri[i] = u.pri
    this.dl[i] = u.credit
    return i
  }

  private grow(i: number): void {
    let n = this.pri.length
    while (n <= i) n *= 2
    const pri = new Float64Array(n), dl = new Float64Array(n)
    pri.set(this.pri)
    dl.set(this.dl)
    this.pri = pri
    this.dl = dl
  }
}

/**
 * Make arr at least i + 1 long, filling with undefined: a store far past an
 * array's end turns it into a dictionary (slow) in V8, and a queue's first
 * unit may have any index.
 */
export function fill<T>(arr: (T | undefined)[], i: number): void {
  while (arr.length <= i) arr.push(undefined)
}
