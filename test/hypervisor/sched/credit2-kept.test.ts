// What credit2 keeps beside the objects it mirrors, so that its hot paths
// do not read them (on a big host each is a cache miss): the pCPUs
// runq_tickle may preempt (tickleable, by pCPU), each unit's weight and cap
// (svc->weight, has_cap()) and whether its hard affinity is every pCPU
// (Unit.hardAll). Each is checked against the plain objects, recounted from
// scratch after every step of a run with wake-ups, pauses, weight and cap
// changes, pins, an affinity changed behind the scheduler, a fast-forward
// and a domain going away.
import {describe, expect, test} from 'vitest'
import {Engine} from '../../../src/hypervisor/sched/engine.js'
import {POLICIES} from '../../../src/hypervisor/sched/policies.js'
import {fastForward} from '../../../src/hypervisor/sched/fluid.js'
import type {Domain} from '../../../src/hypervisor/domain.js'
import {addGuest, MS, testHost} from './helpers.js'

/** The policy's private by-pCPU array (not part of any interface: read for the check only). */
function tickleable(e: Engine): Uint8Array {
  return (e.policy as unknown as {tickleable: Uint8Array}).tickleable
}

function expectKept(e: Engine): void {
  const ok = tickleable(e)
  expect(ok.length).toBe(e.nP)
  for (const p of e.pcpus) expect([p.id, ok[p.id]]).toEqual([p.id, p.curr !== null && !p.tickled ? 1 : 0])
  for (const u of e.units) {
    expect([u.key, u.weight, u.cap, u.hardAll]).toEqual([u.key, u.d.weight, u.d.cap, u.v.hardAffinity === null])
  }
}

describe('credit2: state kept beside the pCPUs, domains and vCPUs', () => {
  test('matches them through a contended run with every kind of change', () => {
    const host = testHost(6, 'credit2', {})
    const a = addGuest(host, 'a', {vcpus: 4, workload: ['cpu', 'io:2', 'idle', 'duty:40:20ms']})
    const b = addGuest(host, 'b', {vcpus: 3, workload: ['io:1', 'cpu', 'idle'], hard: [1, 2]})
    const c = addGuest(host, 'c', {vcpus: 4, workload: ['cpu', 'duty:70:5ms'], weight: 512})
    const d = addGuest(host, 'd', {vcpus: 4, workload: 'cpu', cap: 150})
    const e = Engine.load(host, POLICIES)
    const changed = (x: Domain) => {
      e.policy.adjust(x)
      for (const v of x.vcpus) {
        const u = e.unitOf(x.domid, v.vcpuId)
        if (u) e.unitChanged(u)
      }
    }
    let preemptable = 0, notPreemptable = 0
    for (let step = 1; step <= 500; step++) {
      e.runUntil(e.now + MS / 2)
      if (step === 50) { a.pauseCount++; changed(a) }
      if (step === 80) { c.weight = 128; changed(c) }
      if (step === 100) { b.vcpus[1].hardAffinity = [5]; e.affinityChanged(e.unitOf(b.domid, 1)!, true) }
      if (step === 120) { b.vcpus[0].hardAffinity = null; e.affinityChanged(e.unitOf(b.domid, 0)!, true) }
      if (step === 150) { a.pauseCount--; changed(a) }
      // Behind the scheduler: the new affinity is seen from the vcpuChanged on.
      if (step === 180) { c.vcpus[0].hardAffinity = [0]; changed(c) }
      if (step === 200) { d.cap = 0; changed(d) }
      if (step === 230) { d.cap = 50; c.weight = 1024; changed(d); changed(c) }
      if (step === 300) fastForward(e, e.now + 20 * MS)
      if (step === 400) e.removeDomain(c.domid)
      expectKept(e)
      for (const p of e.pcpus) if (p.curr !== null && !p.tickled) preemptable++; else notPreemptable++
    }
    // Both kinds of pCPU were seen.
    expect(preemptable).toBeGreaterThan(0)
    expect(notPreemptable).toBeGreaterThan(0)
  })

  test('is rebuilt from the pCPUs when the engine is loaded from its saved state', () => {
    const host = testHost(4, 'credit2')
    addGuest(host, 'a', {vcpus: 6, workload: ['cpu', 'io:1', 'duty:50:4ms'], hard: [0, 1, 2]})
    addGuest(host, 'b', {vcpus: 3, workload: 'cpu', weight: 64, cap: 80})
    const e = Engine.load(host, POLICIES)
    e.runUntil(e.now + 37 * MS)
    e.save()
    const again = Engine.load(host, POLICIES)
    expectKept(again)
    again.runUntil(again.now + 10 * MS)
    expectKept(again)
  })
})
