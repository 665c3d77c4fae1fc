// The run queue (in buckets of equal keys, or one array) must keep rt.c's
// runq exactly: each insertion where deadline_queue_insert()'s scan from
// the head puts it (after every unit of at least its priority), each
// runq_pick() the first unit its hard affinity lets run on the pCPU,
// through buckets made, emptied and made again, and its arrays grown.
import {describe, expect, it} from 'vitest'
import {BucketRunQueue, FlatRunQueue, type RunQueue} from '../../../src/hypervisor/sched/rt-runq.js'
import type {Unit} from '../../../src/hypervisor/sched/policy.js'
import {randBelow, rtListInsert, rtUnits} from './reference.js'

const units = (n: number) => rtUnits(n, i => ({hardAffinity: i % 7 === 3 ? [i % 4] : null}))

describe.each([
  ['buckets, room for every unit', (n: number) => new BucketRunQueue(n)],
  ['buckets, arrays grown as units come', () => new BucketRunQueue()],
  ['one array', () => new FlatRunQueue()],
] as const)('run queue in %s', (_, make: (n: number) => RunQueue) => {
  it('matches the plain list through inserts, removals and picks (blocks split, emptied and refilled)', () => {
    const rand = randBelow(11)
    for (const size of [5, 300, 1000]) {
      const all = units(size)
      const q = make(size)
      const ref: Unit[] = []
      const on = new Set<Unit>()
      for (let step = 0; step < 20000; step++) {
        const u = all[rand(size)]
        const op = rand(10)
        if (!on.has(u) && op < 6) {
          // Few distinct deadlines and levels: many equal keys, as after a replenishment.
          u.pri = rand(3)
          u.credit = 10 * rand(8)
          expect(q.insert(u)).toBe(rtListInsert(ref, u))
          on.add(u)
        } else if (on.has(u) && op < 8) {
          ref.splice(ref.indexOf(u), 1)
          expect(q.remove(u)).toBe(true)
          on.delete(u)
        } else {
          const cpu = rand(5)
          const want = ref.find(x => x.v.hardAffinity === null || x.v.hardAffinity.includes(cpu)) ?? null
          expect(q.pick(cpu)).toBe(want)
          if (want !== null && op === 9) {
            ref.splice(ref.indexOf(want), 1)
            q.remove(want)
            on.delete(want)
          }
        }
        expect(q.length).toBe(ref.length)
        if (ref.length > 0) expect(q.first()).toBe(ref[0])
        expect(q.has(u)).toBe(on.has(u))
      }
      expect(q.toArray()).toEqual(ref)
      const out = all.find(u => !on.has(u))
      if (out) expect(q.remove(out)).toBe(false)
      q.clear()
      expect(q.length).toBe(0)
      expect(q.toArray()).toEqual([])
      expect(q.pick(0)).toBe(null)
    }
  })

  it('rebuilds a saved queue in its own order, then inserts by priority', () => {
    const [a, b, c, d] = units(4)
    a.pri = 0; a.credit = 10
    b.pri = 0; b.credit = 20
    c.pri = 1; c.credit = 5
    const q = make(4)
    for (const u of [a, b, c]) q.push(u)
    expect(q.toArray()).toEqual([a, b, c])
    d.pri = 0; d.credit = 20
    // Behind b (the same priority came first), before c (a higher level).
    expect(q.insert(d)).toBe(false)
    expect(q.toArray()).toEqual([a, b, d, c])
    expect(q.remove(a)).toBe(true)
    expect(q.first()).toBe(b)
  })
})
