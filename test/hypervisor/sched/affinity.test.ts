// Changing a vCPU's affinity migrates it, as vcpu_set_affinity() does in
// Xen: whatever it was doing, it ends on a pCPU its hard affinity allows,
// runs again, and its runstate times still sum to the elapsed time.
import {describe, expect, test} from 'vitest'
import {addGuest, MS, S, testHost, timeAt} from './helpers.js'
import {advanceTo, domainChanged, dumpRunqueues, pcpuView, saveScheduler, setFastForward, vcpuChanged} from '../../../src/hypervisor/sched/index.js'
import {DOM0, setVcpuAffinity} from '../../../src/hypervisor/domctl.js'
import {checkInvariants} from '../../../src/hypervisor/invariants.js'
import {cpuSetHas, type CpuSet, type Domain} from '../../../src/hypervisor/domain.js'
import type {Host} from '../../../src/hypervisor/host.js'
import {RUNSTATE_blocked, RUNSTATE_running, RUNSTATE_runnable} from '../../../src/hypervisor/types.js'

const SCHEDS = ['credit', 'credit2'] as const

/** A control domain (idle, 2 vCPUs) and a busy 2-vCPU guest, as `xl create busy.cfg` leaves them. */
function busyHost(sched: 'credit' | 'credit2', cpus = 4): {host: Host; dom0: Domain; busy: Domain} {
  const host = testHost(cpus, sched)
  setFastForward(host, 0)
  host.nextDomid = 0
  const dom0 = addGuest(host, 'Domain-0', {vcpus: 2, workload: 'idle'})
  const busy = addGuest(host, 'busy', {vcpus: 2, workload: 'cpu'})
  return {host, dom0, busy}
}

const pin = (host: Host, d: Domain, vcpu: number, hard: CpuSet | undefined, soft?: CpuSet) =>
  setVcpuAffinity(host, DOM0, d.domid, vcpu, hard, soft)

const running = (host: Host, d: Domain) => d.vcpus.map(v => timeAt(host, v)[RUNSTATE_running])

function expectSane(host: Host): void {
  expect(checkInvariants(host)).toEqual([])
  for (const d of host.domains.values()) {
    for (const v of d.vcpus) {
      expect(timeAt(host, v).reduce((a, b) => a + b, 0)).toBe(host.now - Number(d.createdAt))
      // Xen moves a vCPU whatever its state, so even a blocked one sits where it may run.
      expect(cpuSetHas(v.hardAffinity, v.processor), `d${d.domid}v${v.vcpuId} on CPU${v.processor}`).toBe(true)
    }
  }
}

describe.each(SCHEDS)('%s', sched => {
  test('pinning two running vCPUs to pCPU 0: both move there at once and share it', () => {
    const {host, busy} = busyHost(sched)
    advanceTo(host, 1 * S)
    expect(busy.vcpus.map(v => v.runstate.state)).toEqual([RUNSTATE_running, RUNSTATE_running])
    const before = running(host, busy)
    for (const v of busy.vcpus) pin(host, busy, v.vcpuId, [0])
    expect(busy.vcpus.map(v => v.processor)).toEqual([0, 0])
    expect(busy.vcpus.map(v => v.runstate.state).sort()).toEqual([RUNSTATE_running, RUNSTATE_runnable])
    const cpu0 = pcpuView(host)[0]
    expect(cpu0.current?.domid).toBe(busy.domid)
    expect(cpu0.runq).toContainEqual({domid: busy.domid, vcpuId: 1 - cpu0.current!.vcpuId})
    expectSane(host)
    advanceTo(host, 3 * S)
    const ran = running(host, busy).map((t, i) => t - before[i])
    for (const t of ran) {
      expect(t).toBeGreaterThan(0.8 * S)
      expect(t).toBeLessThan(1.2 * S)
    }
    expect(ran[0] + ran[1]).toBeLessThanOrEqual(2 * S)
    expectSane(host)
  })

  test('pinning them back to all spreads them again', () => {
    const {host, busy} = busyHost(sched)
    advanceTo(host, 1 * S)
    for (const v of busy.vcpus) pin(host, busy, v.vcpuId, [0])
    advanceTo(host, 2 * S)
    for (const v of busy.vcpus) pin(host, busy, v.vcpuId, null)
    advanceTo(host, 2 * S + 100 * MS)
    const before = running(host, busy)
    advanceTo(host, 3 * S)
    // Four pCPUs, two busy vCPUs: each runs nearly all the time again.
    for (const [i, t] of running(host, busy).entries()) expect(t - before[i]).toBeGreaterThan(0.85 * S)
    expectSane(host)
  })

  test('a blocked vCPU moves at once: its processor is its new pCPU (xl vcpu-pin g1 0 1)', () => {
    const {host} = busyHost(sched)
    const g1 = addGuest(host, 'g1', {vcpus: 2, workload: 'idle'})
    advanceTo(host, 1 * S)
    expect(g1.vcpus[0].runstate.state).toBe(RUNSTATE_blocked)
    pin(host, g1, 0, [1])
    expect(g1.vcpus[0].processor).toBe(1)
    expect(g1.vcpus[0].runstate.state).toBe(RUNSTATE_blocked)
    pin(host, g1, 0, [2, 3])
    expect([2, 3]).toContain(g1.vcpus[0].processor)
    expectSane(host)
  })

  test('an exclusive pin (one pCPU) is noted in the unit flags, as csched_aff_cntl / csched2_aff_cntl do', () => {
    const {host, busy} = busyHost(sched)
    advanceTo(host, 1 * S)
    const pinned = sched === 'credit' ? 0x4 : 0x20
    // A running unit is in both policies' dumps.
    const flags = () => {
      const line = dumpRunqueues(host).find(l => l.includes(`[${busy.domid}.0] `))!
      return parseInt(/flags=([0-9a-f]+)/.exec(line)![1], 16)
    }
    expect(flags() & pinned).toBe(0)
    pin(host, busy, 0, [1])
    expect(flags() & pinned).toBe(pinned)
    pin(host, busy, 0, [1, 2])
    expect(flags() & pinned).toBe(0)
  })

  test('a soft affinity change moves a blocked vCPU to a preferred idle pCPU, within its hard affinity', () => {
    const {host} = busyHost(sched)
    const g1 = addGuest(host, 'g1', {vcpus: 2, workload: 'idle'})
    advanceTo(host, 1 * S)
    const idle = pcpuView(host).filter(p => p.current === null).map(p => p.cpu)
    expect(idle.length).toBeGreaterThan(0)
    const target = idle[idle.length - 1]
    pin(host, g1, 1, undefined, [target])
    expect(g1.vcpus[1].processor).toBe(target)
    // Soft and hard together: hard first, then soft, each a migration.
    pin(host, g1, 0, [0, target], [target])
    expect(g1.vcpus[0].processor).toBe(target)
    expectSane(host)
  })

  test('a soft affinity change moves a running vCPU to a preferred idle pCPU', () => {
    const {host, busy} = busyHost(sched)
    advanceTo(host, 1 * S)
    const idle = pcpuView(host).filter(p => p.current === null).map(p => p.cpu)
    const target = idle[0]
    pin(host, busy, 0, undefined, [target])
    expect(busy.vcpus[0].processor).toBe(target)
    expect(busy.vcpus[0].runstate.state).toBe(RUNSTATE_running)
    expectSane(host)
  })

  test('random pins of vCPUs in every state: each ends where it may run and runs again', () => {
    const {host, busy} = busyHost(sched, 6)
    const mixed = addGuest(host, 'mixed', {vcpus: 4, workload: ['io:3', 'duty:40:20ms', 'cpu', 'idle']})
    const more = addGuest(host, 'more', {vcpus: 3, workload: 'cpu'})
    const doms = [busy, mixed, more]
    let seed = 12345
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31
      return Math.floor(seed / 65536) % n
    }
    for (let step = 1; step <= 60; step++) {
      advanceTo(host, step * 50 * MS + 3)
      for (let n = 0; n < 3; n++) {
        const d = doms[rnd(doms.length)]
        const v = d.vcpus[rnd(d.vcpus.length)]
        const k = 1 + rnd(3)
        const hard = rnd(4) === 0 ? null : Array.from(new Set(Array.from({length: k}, () => rnd(6)))).sort((a, b) => a - b)
        const soft = rnd(3) === 0 ? [rnd(6)] : undefined
        pin(host, d, v.vcpuId, hard, soft)
        expectSane(host)
      }
      if (step === 20) { mixed.pauseCount++; domainChanged(host, mixed) }
      if (step === 30) { mixed.pauseCount--; domainChanged(host, mixed) }
    }
    // Every cpu-bound vCPU keeps running after the last pin.
    const before = doms.map(d => running(host, d))
    advanceTo(host, host.now + 2 * S)
    for (const [i, d] of doms.entries()) {
      for (const v of d.vcpus) {
        if (v.workload !== 'cpu') continue
        expect(timeAt(host, v)[RUNSTATE_running] - before[i][v.vcpuId], `d${d.domid}v${v.vcpuId}`).toBeGreaterThan(50 * MS)
      }
    }
    expectSane(host)
  })

  test('save/reload mid-run with pins gives the same result as an uninterrupted run', () => {
    const build = () => busyHost(sched, 3)
    const plain = build()
    const reloaded = build()
    const snapshot = (h: Host) => JSON.stringify({
      now: h.now, rng: h.rng,
      v: [...h.domains.values()].map(d => d.vcpus.map(v => [v.runstate, v.processor, v.hardAffinity, v.softAffinity])),
      view: pcpuView(h),
    })
    for (let i = 1; i <= 16; i++) {
      for (const {host} of [plain, reloaded]) advanceTo(host, i * 211 * MS + 5)
      saveScheduler(reloaded.host)
      const h = reloaded.host
      h.sched = JSON.parse(JSON.stringify(h.sched))
      for (const d of h.domains.values()) {
        for (const v of d.vcpus) {
          v.sched = JSON.parse(JSON.stringify(v.sched))
          v.runstate = JSON.parse(JSON.stringify(v.runstate))
        }
      }
      for (const {host, busy, dom0} of [plain, reloaded]) {
        if (i === 3) pin(host, busy, 0, [2])
        if (i === 5) pin(host, busy, 1, [2], [2])
        if (i === 8) pin(host, dom0, 1, [2])
        if (i === 11) pin(host, busy, 0, null, [0])
        if (i === 13) pin(host, busy, 1, [0, 1])
      }
    }
    expect(snapshot(reloaded.host)).toBe(snapshot(plain.host))
    expectSane(reloaded.host)
  })

  test('vCPUs stranded by an affinity changed behind the scheduler are recovered by a pin to all', () => {
    const {host, busy} = busyHost(sched)
    advanceTo(host, 1 * S)
    // What the scheduler did before pins migrated: the affinity changes, the
    // vCPUs are descheduled at the end of their slice and queued nowhere.
    for (const v of busy.vcpus) { v.hardAffinity = [0]; vcpuChanged(host, busy, v) }
    advanceTo(host, 1 * S + 50 * MS)
    const problems = checkInvariants(host)
    expect(problems.some(p => p.includes('in no run queue'))).toBe(true)
    for (const v of busy.vcpus) pin(host, busy, v.vcpuId, null)
    expectSane(host)
    const before = running(host, busy)
    advanceTo(host, 2 * S)
    for (const [i, t] of running(host, busy).entries()) expect(t - before[i]).toBeGreaterThan(0.85 * S)
  })
})
