// Cpupools (xen/common/sched/cpupool.c, core.c sched_move_domain and
// schedule_cpu_add/rm): each pool runs its own scheduler instance on its
// own pCPUs, vCPUs never leave their pool's pCPUs, moving a domain or a
// pCPU, the sysctls' refusals, persistence and the pool rules of host check.
import {expect, test} from 'vitest'
import {addGuest, MS, S, testHost, timeAt, schedSnapshot, reloadAsNewProcess} from './helpers.js'
import {
  advanceTo, checkScheduler, cpupoolAddCpu, cpupoolCreate, cpupoolDestroy, cpupoolMoveDomain, cpupoolRemoveCpu,
  dumpRunqueues, pcpuView, poolProblems, setFastForward, setSchedulerParams, schedulerParams,
} from '../../../src/hypervisor/sched/index.js'
import {cpupools, freeCpus} from '../../../src/hypervisor/sched/cpupool.js'
import {DOM0, destroyDomain, setVcpuAffinity} from '../../../src/hypervisor/domctl.js'
import {checkInvariants} from '../../../src/hypervisor/invariants.js'
import {EADDRNOTAVAIL, EBUSY, EINVAL, ENODEV, ENOENT, EPERM, HypervisorError} from '../../../src/hypervisor/errno.js'
import type {Host} from '../../../src/hypervisor/host.js'
import type {Domain} from '../../../src/hypervisor/domain.js'
import type {SchedulerName} from '../../../src/hypervisor/types.js'
import {RUNSTATE_running} from '../../../src/hypervisor/types.js'

/** A 4-pCPU host whose Pool-0 keeps pCPUs 0-1 and a second pool `sched` has 2-3. */
function twoPools(sched: SchedulerName, pool0: SchedulerName = 'credit2'): Host {
  const host = testHost(4, pool0)
  setFastForward(host, 0)
  const id = cpupoolCreate(host, sched, 'p1')
  cpupoolRemoveCpu(host, 0, 2)
  cpupoolRemoveCpu(host, 0, 3)
  cpupoolAddCpu(host, id, 2)
  cpupoolAddCpu(host, id, 3)
  return host
}

function expectSane(host: Host): void {
  expect(checkInvariants(host).filter(p => p !== 'no control domain (domain 0)')).toEqual([])
  expect(checkScheduler(host)).toEqual([])
  for (const d of host.domains.values()) {
    for (const v of d.vcpus) expect(timeAt(host, v).reduce((a, b) => a + b, 0)).toBe(host.now - Number(d.createdAt))
  }
}

function onlyOn(host: Host, d: Domain, cpus: number[]): void {
  for (const v of d.vcpus) expect(cpus).toContain(v.processor)
  // (A run queue may be shared by a pool's pCPUs: credit2's, rtds' global one; where it runs is what counts.)
  for (const p of pcpuView(host)) if (p.current?.domid === d.domid) expect(cpus).toContain(p.cpu)
}

function run(host: Host, until: number, check: () => void, step = 37 * MS): void {
  while (host.now < until) {
    advanceTo(host, Math.min(until, host.now + step))
    expectSane(host)
    check()
  }
}

const running = (host: Host, d: Domain) => d.vcpus.reduce((t, v) => t + timeAt(host, v)[RUNSTATE_running], 0)

test('the pools: Pool-0 keeps 0-1, the new pool 2-3, nothing free; each runs its own scheduler', () => {
  const host = twoPools('rtds')
  expect(cpupools(host).map(p => [p.id, p.name, p.sched, p.cpus])).toEqual([[0, 'Pool-0', 'credit2', [0, 1]], [1, 'p1', 'rtds', [2, 3]]])
  expect(freeCpus(host)).toEqual([])
  expect(schedulerParams(host, 1).scheduler).toBe('rtds')
})

test('vCPUs run only on their pool\'s pCPUs, and each pool shares out only its own', () => {
  for (const sched of ['credit', 'credit2', 'rtds', 'null'] as const) {
    const host = twoPools(sched)
    const a = addGuest(host, 'a', {vcpus: 4, workload: 'cpu'})
    const b = addGuest(host, 'b', {vcpus: 4, workload: 'cpu', pool: 1})
    run(host, 3 * S, () => {
      onlyOn(host, a, [0, 1])
      onlyOn(host, b, [2, 3])
    })
    // Each pool has two pCPUs, busy all the time: two pCPUs' worth each, whatever the other does.
    expect(Math.abs(running(host, a) / (3 * S) - 2)).toBeLessThan(0.02)
    expect(Math.abs(running(host, b) / (3 * S) - 2)).toBeLessThan(0.02)
  }
})

test('a hard affinity outside the pool is refused (-EINVAL); one partly in it runs on its part', () => {
  const host = twoPools('credit')
  const b = addGuest(host, 'b', {vcpus: 2, workload: 'cpu', pool: 1})
  expect(() => setVcpuAffinity(host, DOM0, b.domid, 0, [0, 1], undefined)).toThrow(expect.objectContaining({rc: -EINVAL}))
  setVcpuAffinity(host, DOM0, b.domid, 0, [1, 3], undefined)
  run(host, S, () => expect(b.vcpus[0].processor).toBe(3))
})

test('moving a domain: its vCPUs leave the old pool\'s scheduler for the new one\'s, affinities reset', () => {
  const host = twoPools('rtds')
  const a = addGuest(host, 'a', {vcpus: 2, workload: 'cpu', hard: [1]})
  const other = addGuest(host, 'o', {vcpus: 2, workload: 'cpu'})
  run(host, S, () => onlyOn(host, a, [1]))
  const before = running(host, a)
  cpupoolMoveDomain(host, 1, a, DOM0)
  expect(a.cpupool).toBe(1)
  expect(a.vcpus.map(v => [v.processor, v.hardAffinity, v.softAffinity])).toEqual([[2, null, null], [3, null, null]])
  expectSane(host)
  run(host, 3 * S, () => {
    onlyOn(host, a, [2, 3])
    onlyOn(host, other, [0, 1])
  })
  // Alone in its new pool: a pCPU each from now on.
  expect(Math.abs((running(host, a) - before) / (2 * S) - 2)).toBeLessThan(0.02)
  // And back again.
  cpupoolMoveDomain(host, 0, a, DOM0)
  run(host, 4 * S, () => onlyOn(host, a, [0, 1]))
})

test('removing a pCPU with vCPUs on it moves them to the pool\'s others; an affinity left with none is broken', () => {
  for (const sched of ['credit', 'credit2', 'rtds', 'null'] as const) {
    const host = twoPools(sched)
    const b = addGuest(host, 'b', {vcpus: 2, workload: 'cpu', pool: 1})
    setVcpuAffinity(host, DOM0, b.domid, 1, [3], undefined)
    run(host, S, () => expect(b.vcpus[1].processor).toBe(3))
    cpupoolRemoveCpu(host, 1, 3)
    expect(freeCpus(host)).toEqual([3])
    expect(b.vcpus[1].hardAffinity).toBeNull()
    expectSane(host)
    run(host, 2 * S, () => onlyOn(host, b, [2]))
    // The free pCPU runs nothing; giving it back puts it to work again.
    expect(pcpuView(host)[3].current).toBeNull()
    cpupoolAddCpu(host, 1, 3)
    run(host, 3 * S, () => onlyOn(host, b, [2, 3]))
  }
})

test('the sysctls refuse as cpupool.c does', () => {
  const host = twoPools('credit')
  const dom0 = addGuest(host, 'Domain-0', {vcpus: 1})
  const b = addGuest(host, 'b', {vcpus: 1, workload: 'cpu', pool: 1})
  const rc = (f: () => void) => {
    try {
      f()
    } catch (e) {
      if (e instanceof HypervisorError) return e.rc
      throw e
    }
    return 0
  }
  expect(rc(() => cpupoolRemoveCpu(host, 0, 0))).toBe(-EINVAL)
  expect(rc(() => cpupoolRemoveCpu(host, 0, 3))).toBe(-EADDRNOTAVAIL)
  expect(rc(() => cpupoolRemoveCpu(host, 7, 3))).toBe(-ENOENT)
  expect(rc(() => cpupoolAddCpu(host, 0, 3))).toBe(-ENODEV)
  expect(rc(() => cpupoolAddCpu(host, 0, 9))).toBe(-EINVAL)
  expect(rc(() => cpupoolDestroy(host, 1))).toBe(-EBUSY)
  cpupoolRemoveCpu(host, 1, 3)
  expect(rc(() => cpupoolRemoveCpu(host, 1, 2))).toBe(-EBUSY)
  const empty = cpupoolCreate(host, 'null', 'empty')
  expect(rc(() => cpupoolMoveDomain(host, empty, b, DOM0))).toBe(-ENOENT)
  expect(dom0.domid).toBe(1)
  expect(rc(() => cpupoolMoveDomain(host, 1, dom0, dom0.domid))).toBe(-EPERM)
  expect(rc(() => cpupoolDestroy(host, empty))).toBe(0)
  cpupoolMoveDomain(host, 0, b, DOM0)
  cpupoolRemoveCpu(host, 1, 2)
  expect(rc(() => cpupoolDestroy(host, 1))).toBe(0)
  expect(cpupools(host).map(p => p.id)).toEqual([0])
  expect(freeCpus(host)).toEqual([2, 3])
  expectSane(host)
})

test('each pool has its own parameters', () => {
  const host = twoPools('credit', 'credit')
  setSchedulerParams(host, {tsliceMs: 5}, 1)
  expect(schedulerParams(host, 1).tsliceMs).toBe(5)
  expect(schedulerParams(host, 0).tsliceMs).toBe(30)
})

test('save/reload mid-run gives the same result as an uninterrupted run, with pools of four schedulers', () => {
  const build = () => {
    const host = testHost(8, 'credit2')
    setFastForward(host, 0)
    for (const [i, sched] of (['credit', 'rtds', 'null'] as const).entries()) {
      const id = cpupoolCreate(host, sched, sched)
      for (const c of [2 + 2 * i, 3 + 2 * i]) {
        cpupoolRemoveCpu(host, 0, c)
        cpupoolAddCpu(host, id, c)
      }
    }
    for (let p = 0; p < 4; p++) {
      addGuest(host, `busy${p}`, {vcpus: 3, workload: 'cpu', pool: p})
      addGuest(host, `web${p}`, {vcpus: 2, workload: 'duty:40:20ms', pool: p})
    }
    return host
  }
  const plain = build()
  advanceTo(plain, 5 * S)
  const reloaded = build()
  for (let i = 1; i * 333 * MS < 5 * S; i++) {
    advanceTo(reloaded, i * 333 * MS + 17)
    reloadAsNewProcess(reloaded)
    expectSane(reloaded)
  }
  advanceTo(reloaded, 5 * S)
  expect(schedSnapshot(reloaded)).toBe(schedSnapshot(plain))
})

test('a long advance fast-forwards every pool on its own pCPUs', () => {
  const host = twoPools('null')
  const a = addGuest(host, 'a', {vcpus: 4, workload: 'cpu'})
  const b = addGuest(host, 'b', {vcpus: 4, workload: 'cpu', pool: 1})
  setFastForward(host, 120 * S)
  advanceTo(host, 600 * S)
  expectSane(host)
  expect(Math.abs(running(host, a) / (600 * S) - 2)).toBeLessThan(0.02)
  expect(Math.abs(running(host, b) / (600 * S) - 2)).toBeLessThan(0.02)
})

test('debug key r: free pCPUs, then each pool with its scheduler (dump_runq)', () => {
  const host = twoPools('rtds')
  cpupoolRemoveCpu(host, 1, 3)
  addGuest(host, 'b', {vcpus: 1, workload: 'cpu', pool: 1})
  const out = dumpRunqueues(host)
  const at = (l: string) => out.indexOf(l)
  expect(out.slice(0, 3)).toEqual(['sched_smt_power_savings: disabled', expect.stringMatching(/^NOW=\d+$/), 'Online Cpus: 0-3'])
  expect(out.slice(3, 6)).toEqual(['Free Cpus: 3', 'CPUs info:', 'CPU[03] current=d[IDLE]v3, curr=d[IDLE]v3, prev=NULL'])
  expect(out.slice(6, 10)).toEqual(['Cpupool 0:', 'Cpus: 0-1', 'Scheduling granularity: cpu, 1 CPU per sched-resource', 'Scheduler: SMP Credit Scheduler rev2 (credit2)'])
  expect(at('Cpupool 1:')).toBeGreaterThan(at('Cpupool 0:'))
  expect(out.slice(at('Cpupool 1:'), at('Cpupool 1:') + 4)).toEqual(['Cpupool 1:', 'Cpus: 2', 'Scheduling granularity: cpu, 1 CPU per sched-resource', 'Scheduler: SMP RTDS Scheduler (rtds)'])
  expect(out.filter(l => l.startsWith('CPU[02] current=d1v0'))).toHaveLength(1)
})

test('host check names a pCPU in two pools and a vCPU outside its pool', () => {
  const host = twoPools('credit')
  const b = addGuest(host, 'b', {vcpus: 1, pool: 1})
  expect(poolProblems(host)).toEqual([])
  const pools = host.sched.cpupools as {cpus: number[]}[]
  pools[1].cpus = [1, 2, 3]
  b.vcpus[0].processor = 0
  expect(poolProblems(host)).toEqual(['CPU1: in cpupool 0 and in cpupool 1', 'd1v0: on CPU0, outside its cpupool 1 (1-3)'])
  expect(checkScheduler(host)).toEqual(poolProblems(host))
})

test('a domain of a pool destroyed: its pool\'s scheduler forgets it, the others go on', () => {
  const host = twoPools('credit')
  const a = addGuest(host, 'a', {vcpus: 2, workload: 'cpu'})
  const b = addGuest(host, 'b', {vcpus: 2, workload: 'cpu', pool: 1})
  const c = addGuest(host, 'c', {vcpus: 2, workload: 'cpu', pool: 1})
  run(host, S, () => onlyOn(host, b, [2, 3]))
  destroyDomain(host, DOM0, b.domid)
  expect(cpupools(host).map(p => p.id)).toEqual([0, 1])
  run(host, 2 * S, () => {
    onlyOn(host, a, [0, 1])
    onlyOn(host, c, [2, 3])
  })
  const before = running(host, c)
  run(host, 3 * S, () => onlyOn(host, c, [2, 3]))
  // Alone in its pool now: two pCPUs' worth.
  expect(Math.abs((running(host, c) - before) / S - 2)).toBeLessThan(0.02)
})
