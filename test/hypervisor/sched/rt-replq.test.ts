// The replenishment queue (block-split, or one array) must keep rt.c's list
// exactly: each insertion where deadline_queue_insert()'s scan from the head
// puts it, even once levels were raised in place and the list is out of
// priority order.
import {describe, expect, it} from 'vitest'
import {FlatReplQueue, ReplQueue, newReplQueue, type ReplQ} from '../../../src/hypervisor/sched/rt-replq.js'
import type {Unit} from '../../../src/hypervisor/sched/policy.js'
import {randBelow, rtListInsert, rtUnits} from './reference.js'

const units = rtUnits

describe.each([
  ['blocks', () => new ReplQueue()],
  ['one array', () => new FlatReplQueue()],
] as const)('replenishment queue in %s', (_, make: () => ReplQ) => {
  it('matches the plain list through inserts, removals, shifts and raised levels (blocks split and emptied)', () => {
    const rand = randBelow(7)
    for (const size of [5, 300, 1000]) {
      const all = units(size)
      const q = make()
      const ref: Unit[] = []
      const on = new Set<Unit>()
      for (let step = 0; step < 20000; step++) {
        const u = all[rand(size)]
        const op = rand(10)
        if (!on.has(u) && op < 5) {
          // Few distinct deadlines and levels: many equal keys, as after a replenishment.
          u.pri = rand(3)
          u.credit = 10 * rand(8)
          expect(q.insert(u)).toBe(rtListInsert(ref, u))
          on.add(u)
        } else if (on.has(u) && op < 7) {
          const i = ref.indexOf(u)
          ref.splice(i, 1)
          expect(q.remove(u)).toBe(i === 0 ? 0 : 1)
          on.delete(u)
        } else if (on.has(u) && op < 9) {
          // burn_budget() raises the level where the unit stands.
          u.pri++
          q.raised(u)
        } else if (ref.length > 0) {
          const h = ref.shift()!
          expect(q.first()).toBe(h)
          expect(q.shift()).toBe(h)
          on.delete(h)
        }
        expect(q.length).toBe(ref.length)
      }
      expect(q.toArray()).toEqual(ref)
      expect(q.remove(all.find(u => !on.has(u)) ?? all[0])).toBe(on.size === size ? 1 : -1)
      q.clear()
      expect(q.length).toBe(0)
      expect(q.toArray()).toEqual([])
    }
  })

  it('rebuilds a saved queue in its own order and re-keys after a rebase', () => {
    const [a, b, c, d] = units(4)
    a.pri = 1; a.credit = 50
    b.pri = 0; b.credit = 10
    c.pri = 0; c.credit = 20
    const q = make()
    for (const u of [a, b, c]) q.push(u)
    expect(q.toArray()).toEqual([a, b, c])
    for (const u of [a, b, c]) u.credit -= 5
    q.rekey()
    d.pri = 0; d.credit = 10
    // a (level 1) has a lower priority: d lands first.
    expect(q.insert(d)).toBe(true)
    expect(q.toArray()).toEqual([d, a, b, c])
  })
})

describe('newReplQueue', () => {
  it('keeps a small host\'s queue in one array and a big one\'s in blocks', () => {
    expect(newReplQueue(64)).toBeInstanceOf(FlatReplQueue)
    expect(newReplQueue(4096)).toBeInstanceOf(ReplQueue)
  })
})
