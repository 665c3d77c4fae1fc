import {describe, expect, test} from 'vitest'
import {Engine} from '../../../src/hypervisor/sched/engine.js'
import {POLICIES} from '../../../src/hypervisor/sched/policies.js'
import {addGuest, MS, testHost} from './helpers.js'

/** pCPUs running nothing with no reschedule pending, counted from scratch. */
function idleNow(e: Engine): number {
  return e.pcpus.filter(p => p.curr === null && !p.tickled).length
}

describe('Engine.idlePcpus', () => {
  test.each(['credit', 'credit2'] as const)('matches a recount through wake-ups, pauses, pins and a domain going away (%s)', sched => {
    const host = testHost(6, sched)
    const a = addGuest(host, 'a', {vcpus: 4, workload: ['cpu', 'io:2', 'idle', 'duty:40:20ms']})
    const b = addGuest(host, 'b', {vcpus: 3, workload: ['io:1', 'cpu', 'idle'], hard: [1, 2]})
    const c = addGuest(host, 'c', {vcpus: 2, workload: 'duty:70:5ms'})
    const e = Engine.load(host, POLICIES)
    const changed = (d: typeof a) => {
      for (const v of d.vcpus) {
        const u = e.unitOf(d.domid, v.vcpuId)
        if (u) e.unitChanged(u)
      }
    }
    const counts: number[] = []
    for (let step = 1; step <= 400; step++) {
      e.runUntil(e.now + MS / 2)
      if (step === 100) { a.pauseCount++; changed(a) }
      if (step === 150) { b.vcpus[1].hardAffinity = [5]; e.affinityChanged(e.unitOf(b.domid, 1)!, true) }
      if (step === 200) { a.pauseCount--; changed(a) }
      if (step === 300) e.removeDomain(c.domid)
      expect(e.idlePcpus).toBe(idleNow(e))
      counts.push(e.idlePcpus)
    }
    // Both a busy and a partly idle host were seen.
    expect(Math.min(...counts)).toBe(0)
    expect(Math.max(...counts)).toBeGreaterThan(0)
  })
})
