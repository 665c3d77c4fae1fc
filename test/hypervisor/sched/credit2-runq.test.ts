// credit2's ring of waiters against the plain list runq_insert() keeps:
// the same order, the same positions, after any mix of inserts, removals
// from anywhere (the head most), credit resets and growth.
import {describe, expect, it} from 'vitest'
import {Credit2Runq} from '../../../src/hypervisor/sched/credit2-runq.js'
import type {Unit} from '../../../src/hypervisor/sched/policy.js'
import {rng} from './reference.js'

/** Only `credit` and identity matter to the queue. */
function unit(id: number, credit: number): Unit {
  return {idx: id, credit} as unknown as Unit
}

/** runq_insert() as credit2.c does it: scan from the head, in before the first unit with less credit. */
function refInsert(list: Unit[], u: Unit): number {
  let i = 0
  while (i < list.length && list[i].credit >= u.credit) i++
  list.splice(i, 0, u)
  return i
}

describe('Credit2Runq', () => {
  it.each([1, 2, 3, 4, 5])('matches the scanned list through inserts, removals, resets and growth (seed %i)', seed => {
    const r = rng(seed)
    const q = new Credit2Runq(seed === 1 ? 1 : 8)
    const ref: Unit[] = []
    let next = 0
    for (let step = 0; step < 3000; step++) {
      const x = r()
      if (x < 0.45 || ref.length === 0) {
        // Credits from a few values, so that ties (FIFO among equals) are common.
        const u = unit(next++, Math.floor(r() * 12) * 1000 - 3000)
        expect(q.insert(u), `step ${step}: position`).toBe(refInsert(ref, u))
      } else if (x < 0.75) {
        q.removeAt(0)
        ref.shift()
      } else if (x < 0.95) {
        const i = Math.floor(r() * ref.length)
        expect(q.indexOf(ref[i])).toBe(i)
        q.removeAt(i)
        ref.splice(i, 1)
      } else {
        // reset_credit(): the same amount for all, clipped: the order holds.
        for (const u of ref) u.credit = Math.min(u.credit + 5000, 9000)
        q.syncCredits()
      }
      expect(q.length).toBe(ref.length)
      expect(q.toArray(), `step ${step}`).toEqual(ref)
      for (let i = 0; i < ref.length; i++) expect(q.creditAt(i)).toBe(ref[i].credit)
    }
  })

  it('keeps a saved queue in the order it is pushed, then inserts into it', () => {
    const q = new Credit2Runq()
    const a = unit(0, 500), b = unit(1, 300), c = unit(2, 400)
    for (const u of [a, b]) q.push(u)
    expect(q.insert(c)).toBe(1)
    expect(q.toArray()).toEqual([a, c, b])
    expect(q.indexOf(unit(9, 0))).toBe(-1)
    q.clear()
    expect(q.length).toBe(0)
    expect(q.toArray()).toEqual([])
  })
})
