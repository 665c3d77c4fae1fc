// `xl host check`'s scheduler rules: states broken on purpose must fail it.
import {describe, expect, test} from 'vitest'
import {addGuest, MS, S, testHost} from './helpers.js'
import {advanceTo, saveScheduler, setFastForward, vcpuChanged} from '../../../src/hypervisor/sched/index.js'
import {Engine} from '../../../src/hypervisor/sched/engine.js'
import {POLICIES} from '../../../src/hypervisor/sched/policies.js'
import {schedulerProblems} from '../../../src/hypervisor/sched/check.js'
import {checkInvariants} from '../../../src/hypervisor/invariants.js'
import type {Domain} from '../../../src/hypervisor/domain.js'
import type {Host} from '../../../src/hypervisor/host.js'
import {RUNSTATE_blocked, RUNSTATE_running, RUNSTATE_runnable} from '../../../src/hypervisor/types.js'

const SCHEDS = ['credit', 'credit2'] as const

function host3(sched: 'credit' | 'credit2'): {host: Host; busy: Domain; idle: Domain} {
  const host = testHost(4, sched)
  setFastForward(host, 0)
  host.nextDomid = 0
  addGuest(host, 'Domain-0', {vcpus: 2, workload: 'idle'})
  const busy = addGuest(host, 'busy', {vcpus: 2, workload: 'cpu'})
  const idle = addGuest(host, 'idle', {vcpus: 2, workload: 'idle'})
  advanceTo(host, 1 * S)
  // Tests that take the engine apart load their own from the saved state.
  saveScheduler(host)
  return {host, busy, idle}
}

/** A blocked vCPU made runnable and queued by the policy (a pCPU is tickled for it). */
function wakeByHand(e: Engine, d: Domain, vcpu: number): void {
  const u = e.unitOf(d.domid, vcpu)!
  expect(d.vcpus[vcpu].runstate.state).toBe(RUNSTATE_blocked)
  u.awake = true
  d.vcpus[vcpu].runstate.state = RUNSTATE_runnable
  e.policy.wake(u)
}

const has = (problems: string[], text: string) =>
  expect(problems.some(p => p.includes(text)), `no "${text}" in ${JSON.stringify(problems)}`).toBe(true)

describe.each(SCHEDS)('%s', sched => {
  test('a healthy host passes', () => {
    const {host} = host3(sched)
    expect(checkInvariants(host)).toEqual([])
  })

  test('a running vCPU outside its hard affinity fails', () => {
    const {host, busy} = host3(sched)
    const v = busy.vcpus[0]
    expect(v.runstate.state).toBe(RUNSTATE_running)
    v.hardAffinity = [(v.processor + 1) % 4]
    has(checkInvariants(host), `d${busy.domid}v0: running on CPU${v.processor}, outside its hard affinity`)
  })

  test('a runnable vCPU in no run queue (stranded) fails', () => {
    const {host, busy} = host3(sched)
    // The affinity changed behind the scheduler: at the end of its slice
    // the vCPU is switched out and queued nowhere (what pins used to do).
    for (const v of busy.vcpus) { v.hardAffinity = [0]; vcpuChanged(host, busy, v) }
    advanceTo(host, host.now + 50 * MS)
    const problems = checkInvariants(host)
    for (const v of busy.vcpus) {
      expect(v.runstate.state).toBe(RUNSTATE_runnable)
      has(problems, `d${busy.domid}v${v.vcpuId}: runnable but in no run queue: no pCPU will ever pick it`)
      has(problems, `d${busy.domid}v${v.vcpuId}: runnable on CPU${v.processor}, outside its hard affinity`)
    }
  })

  test('a runnable vCPU waiting only for pCPUs its hard affinity forbids fails', () => {
    const {host, idle} = host3(sched)
    const e = Engine.load(host, POLICIES)
    wakeByHand(e, idle, 0)
    // Then its affinity shrinks to nothing behind the scheduler's back.
    idle.vcpus[0].hardAffinity = []
    const problems = schedulerProblems(e)
    has(problems, `d${idle.domid}v0: runnable only in the run queue of CPU`)
    has(problems, 'which its hard affinity forbids: no pCPU will ever pick it')
  })

  test('a runnable vCPU whose only pCPUs are idle with no reschedule pending fails', () => {
    const {host, idle} = host3(sched)
    const e = Engine.load(host, POLICIES)
    // Only an idle pCPU may run it.
    const free = e.pcpus.find(p => p.curr === null)!.id
    idle.vcpus[1].hardAffinity = [free]
    idle.vcpus[1].processor = free
    wakeByHand(e, idle, 1)
    // Then the tickle is lost.
    for (const p of e.pcpus) {
      if (!p.tickled) continue
      p.tickled = false
      if (p.curr === null) e.idlePcpus++
      e.timers.cancel(p.id)
    }
    has(schedulerProblems(e), 'idle with no reschedule pending: none will pick it')
  })

  test('runstates that disagree with the scheduler fail', () => {
    const {host, busy, idle} = host3(sched)
    const e = Engine.load(host, POLICIES)
    busy.vcpus[0].runstate.state = RUNSTATE_runnable
    idle.vcpus[0].runstate.state = RUNSTATE_runnable
    const problems = schedulerProblems(e)
    has(problems, `whose runstate is runnable`)
    has(problems, `d${idle.domid}v0: runstate runnable, but the scheduler has it blocked`)
  })

  test('a wrong idle pCPU count fails', () => {
    const {host} = host3(sched)
    const e = Engine.load(host, POLICIES)
    e.idlePcpus++
    has(schedulerProblems(e), 'scheduler: counts')
  })
})
