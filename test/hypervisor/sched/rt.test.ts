// The RTDS scheduler (xen/common/sched/rt.c): reservations of budget per
// period by EDF, extratime, the depleted queue, replenishment, affinity,
// persistence and the debug key 'r' layout.
import {expect, test} from 'vitest'
import {addGuest, domainRun, MS, S, testHost, timeAt, schedSnapshot, reloadAsNewProcess} from './helpers.js'
import {
  advanceTo, dumpRunqueues, pcpuView, rtdsDomainDefaults, rtdsVcpuParams, saveScheduler, setFastForward, setRtdsDomainParams,
  setRtdsVcpuParams, vcpuChanged,
} from '../../../src/hypervisor/sched/index.js'
import {DOM0, setVcpuAffinity} from '../../../src/hypervisor/domctl.js'
import {checkInvariants} from '../../../src/hypervisor/invariants.js'
import {HypervisorError} from '../../../src/hypervisor/errno.js'
import type {Host} from '../../../src/hypervisor/host.js'
import type {Domain} from '../../../src/hypervisor/domain.js'
import {RUNSTATE_runnable, RUNSTATE_running} from '../../../src/hypervisor/types.js'

function exactHost(cpus: number): Host {
  const host = testHost(cpus, 'rtds')
  setFastForward(host, 0)
  return host
}

function expectSane(host: Host): void {
  // (Most of these hosts have no control domain, which is the core's own rule, not the scheduler's.)
  expect(checkInvariants(host).filter(p => p !== 'no control domain (domain 0)')).toEqual([])
  for (const d of host.domains.values()) {
    for (const v of d.vcpus) expect(timeAt(host, v).reduce((a, b) => a + b, 0)).toBe(host.now - Number(d.createdAt))
  }
}

function run(host: Host, until: number, step = 37 * MS, check?: () => void): void {
  while (host.now < until) {
    advanceTo(host, Math.min(until, host.now + step))
    expectSane(host)
    check?.()
  }
}

const reserve = (host: Host, d: Domain, periodUs: number, budgetUs: number, extratime: boolean) =>
  setRtdsVcpuParams(host, d, d.vcpus.map(v => ({vcpuId: v.vcpuId, periodUs, budgetUs, extratime})))

test('a 4 ms / 10 ms vCPU without extratime gets 40% of a contended pCPU, the rest is runnable (steal)', () => {
  const host = exactHost(1)
  const a = addGuest(host, 'a', {vcpus: 1, workload: 'cpu'})
  const b = addGuest(host, 'b', {vcpus: 1, workload: 'cpu'})
  reserve(host, a, 10_000, 4_000, false)
  reserve(host, b, 10_000, 4_000, false)
  run(host, 10 * S)
  for (const d of [a, b]) {
    const t = timeAt(host, d.vcpus[0])
    expect(Math.abs(t[RUNSTATE_running] / (10 * S) - 0.4)).toBeLessThan(0.02)
    expect(Math.abs(t[RUNSTATE_runnable] / (10 * S) - 0.6)).toBeLessThan(0.02)
    expect(t[2] + t[3]).toBe(0)
  }
})

test('with extratime the idle time is shared out: more than the reservation', () => {
  const host = exactHost(1)
  const a = addGuest(host, 'a', {vcpus: 1, workload: 'cpu'})
  const b = addGuest(host, 'b', {vcpus: 1, workload: 'cpu'})
  reserve(host, a, 10_000, 4_000, true)
  reserve(host, b, 10_000, 2_000, false)
  run(host, 10 * S)
  const ra = domainRun(host, a) / (10 * S), rb = domainRun(host, b) / (10 * S)
  expect(Math.abs(rb - 0.2)).toBeLessThan(0.02)
  expect(ra).toBeGreaterThan(0.75)
  expect(ra + rb).toBeGreaterThan(0.99)
})

test('defaults: 10 ms / 4 ms with extratime, so two hogs split a pCPU about evenly', () => {
  const host = exactHost(1)
  const a = addGuest(host, 'a', {vcpus: 1, workload: 'cpu'})
  const b = addGuest(host, 'b', {vcpus: 1, workload: 'cpu'})
  expect(rtdsVcpuParams(host, a)).toEqual([{vcpuId: 0, periodUs: 10_000, budgetUs: 4_000, extratime: true}])
  expect(rtdsDomainDefaults(host, a)).toEqual({periodUs: 10_000, budgetUs: 4_000})
  run(host, 10 * S)
  expect(Math.abs(domainRun(host, a) / domainRun(host, b) - 1)).toBeLessThan(0.05)
})

test('EDF: the earlier deadline runs first; a reserved vCPU preempts an extratime one at once', () => {
  const host = exactHost(1)
  const hog = addGuest(host, 'hog', {vcpus: 1, workload: 'cpu'})
  const rt = addGuest(host, 'rt', {vcpus: 1, workload: 'duty:20:5ms'})
  reserve(host, hog, 100_000, 10_000, true)
  reserve(host, rt, 5_000, 1_000, false)
  run(host, 5 * S, 7 * MS)
  // Its 1 ms every 5 ms fits its reservation: it gets it all, never waits long.
  const t = timeAt(host, rt.vcpus[0])
  expect(Math.abs(t[RUNSTATE_running] / (5 * S) - 0.2)).toBeLessThan(0.01)
  expect(t[RUNSTATE_runnable] / (5 * S)).toBeLessThan(0.01)
})

test('overload by reservations: each gets its budget, deadlines are met for the ones that fit', () => {
  const host = exactHost(2)
  const ds = [1, 2, 3].map(i => addGuest(host, `g${i}`, {vcpus: 1, workload: 'cpu'}))
  reserve(host, ds[0], 10_000, 6_000, false)
  reserve(host, ds[1], 10_000, 6_000, false)
  reserve(host, ds[2], 20_000, 5_000, false)
  run(host, 4 * S)
  expect(Math.abs(domainRun(host, ds[0]) / (4 * S) - 0.6)).toBeLessThan(0.02)
  expect(Math.abs(domainRun(host, ds[1]) / (4 * S) - 0.6)).toBeLessThan(0.02)
  expect(Math.abs(domainRun(host, ds[2]) / (4 * S) - 0.25)).toBeLessThan(0.02)
})

test('budget and replenishment: a depleted vCPU waits in the depleted queue until its next period', () => {
  const host = exactHost(1)
  const a = addGuest(host, 'a', {vcpus: 1, workload: 'cpu'})
  reserve(host, a, 10_000, 3_000, false)
  advanceTo(host, 20 * MS)
  // The first period after the change: the parameters apply from the next replenishment.
  advanceTo(host, 104 * MS)
  const dump = dumpRunqueues(host)
  const at = dump.indexOf('Global DepletedQueue info:')
  expect(dump[at + 1]).toMatch(/^\[ {4}1\.0 \] cpu 0, \(10000000, 3000000\), cur_b=0 cur_d=\d+ last_start=\d+$/)
  expect(a.vcpus[0].runstate.state).toBe(RUNSTATE_runnable)
  expectSane(host)
  advanceTo(host, 110 * MS)
  expect(a.vcpus[0].runstate.state).toBe(RUNSTATE_running)
  advanceTo(host, 112 * MS)
  expect(a.vcpus[0].runstate.state).toBe(RUNSTATE_running)
  advanceTo(host, 113 * MS + 1)
  expect(a.vcpus[0].runstate.state).toBe(RUNSTATE_runnable)
  expectSane(host)
})

test('putvcpuinfo checks as rt_dom_cntl: budget <= period, both >= 10 us; putinfo refuses 0', () => {
  const host = exactHost(2)
  const a = addGuest(host, 'a', {vcpus: 2, workload: 'cpu'})
  const bad = (periodUs: number, budgetUs: number) => () => setRtdsVcpuParams(host, a, [{vcpuId: 0, periodUs, budgetUs, extratime: false}])
  for (const f of [bad(10_000, 10_001), bad(9, 9), bad(10_000, 9), bad(0, 0)]) {
    expect(f).toThrow(HypervisorError)
    try { f() } catch (err) { expect((err as HypervisorError).rc).toBe(-22) }
  }
  expect(bad(10, 10)).not.toThrow()
  expect(() => setRtdsVcpuParams(host, a, [{vcpuId: 2, periodUs: 100, budgetUs: 50, extratime: true}])).toThrow(HypervisorError)
  // In order: the first entry is set before the second one fails.
  expect(() => setRtdsVcpuParams(host, a, [
    {vcpuId: 1, periodUs: 20_000, budgetUs: 5_000, extratime: false},
    {vcpuId: 0, periodUs: 5, budgetUs: 5, extratime: false},
  ])).toThrow(HypervisorError)
  expect(rtdsVcpuParams(host, a, [1])).toEqual([{vcpuId: 1, periodUs: 20_000, budgetUs: 5_000, extratime: false}])
  expect(() => setRtdsDomainParams(host, a, 0, 100)).toThrow(HypervisorError)
  setRtdsDomainParams(host, a, 30_000, 40_000)
  expect(rtdsVcpuParams(host, a).map(p => [p.periodUs, p.budgetUs, p.extratime])).toEqual([[30_000, 40_000, false], [30_000, 40_000, false]])
  const credit = testHost(2, 'credit2')
  const c = addGuest(credit, 'c', {vcpus: 1})
  expect(() => rtdsVcpuParams(credit, c)).toThrow(HypervisorError)
})

test('hard affinity: pins move units as for credit; time sums hold throughout', () => {
  const host = exactHost(4)
  host.nextDomid = 0
  addGuest(host, 'Domain-0', {vcpus: 2, workload: 'idle'})
  const busy = addGuest(host, 'busy', {vcpus: 3, workload: ['cpu', 'io:3', 'duty:40']})
  run(host, 1 * S)
  for (const v of busy.vcpus) setVcpuAffinity(host, DOM0, busy.domid, v.vcpuId, [2], undefined)
  expect(busy.vcpus.map(v => v.processor)).toEqual([2, 2, 2])
  expectSane(host)
  run(host, 3 * S, 3 * MS, () => {
    for (const v of busy.vcpus) if (v.runstate.state === RUNSTATE_running) expect(v.processor).toBe(2)
  })
  const before = domainRun(host, busy)
  for (const v of busy.vcpus) setVcpuAffinity(host, DOM0, busy.domid, v.vcpuId, [0, 1, 2, 3], undefined)
  run(host, 4 * S)
  expect(domainRun(host, busy) - before).toBeGreaterThan(1.3 * S)
})

test('vCPU offline and online again; pause; everything stays consistent', () => {
  const host = exactHost(2)
  const a = addGuest(host, 'a', {vcpus: 3, workload: ['cpu', 'io:2', 'cpu']})
  run(host, 1 * S)
  a.vcpus[0].online = false
  vcpuChanged(host, a, a.vcpus[0])
  expect(a.vcpus[0].runstate.state).toBe(3)
  run(host, 2 * S)
  a.vcpus[0].online = true
  vcpuChanged(host, a, a.vcpus[0])
  run(host, 3 * S)
  expect(timeAt(host, a.vcpus[0])[0]).toBeGreaterThan(1.2 * S)
})

test('save/reload mid-run gives the same result as an uninterrupted run', () => {
  const build = () => {
    const host = exactHost(3)
    const a = addGuest(host, 'a', {vcpus: 4, workload: ['cpu', 'idle', 'io:4', 'duty:25:20ms']})
    addGuest(host, 'b', {vcpus: 3, workload: ['cpu', 'idle', 'cpu']})
    setRtdsVcpuParams(host, a, [{vcpuId: 0, periodUs: 7_000, budgetUs: 2_000, extratime: false}])
    return host
  }
  const snapshot = schedSnapshot
  const plain = build()
  const reloaded = build()
  for (let i = 1; i <= 20; i++) {
    advanceTo(plain, i * 333 * MS + 17)
    advanceTo(reloaded, i * 333 * MS + 17)
    reloadAsNewProcess(reloaded)
    expectSane(reloaded)
  }
  expect(snapshot(reloaded)).toBe(snapshot(plain))
})

test('fast-forward: reservations plus extratime shares, close to the exact run', () => {
  const build = () => {
    const host = testHost(2, 'rtds')
    const a = addGuest(host, 'a', {vcpus: 2, workload: 'cpu'})
    const b = addGuest(host, 'b', {vcpus: 2, workload: ['cpu', 'duty:30']})
    reserve(host, a, 10_000, 2_000, false)
    setRtdsVcpuParams(host, b, [{vcpuId: 0, periodUs: 10_000, budgetUs: 3_000, extratime: true}])
    return {host, a, b}
  }
  const exact = build()
  setFastForward(exact.host, 0)
  advanceTo(exact.host, 30 * S)
  const ff = build()
  advanceTo(ff.host, 600 * S)
  expectSane(ff.host)
  for (const k of ['a', 'b'] as const) {
    for (let i = 0; i < 2; i++) {
      const e = timeAt(exact.host, exact[k].vcpus[i])[0] / exact.host.now
      const f = timeAt(ff.host, ff[k].vcpus[i])[0] / ff.host.now
      expect(Math.abs(e - f), `${k}${i}: exact ${e}, fast-forward ${f}`).toBeLessThan(0.03)
    }
  }
  // The 2 ms / 10 ms vCPUs without extratime get 20%, the rest is steal.
  expect(Math.abs(timeAt(ff.host, ff.a.vcpus[0])[0] / ff.host.now - 0.2)).toBeLessThan(0.01)
})

test('pcpuView: the global run queue, waiters shown where they may run', () => {
  const host = exactHost(2)
  addGuest(host, 'a', {vcpus: 4, workload: 'cpu'})
  advanceTo(host, 3 * MS)
  const view = pcpuView(host)
  expect(view.map(p => p.current !== null)).toEqual([true, true])
  expect(view.map(p => p.runqueue)).toEqual([0, 0])
  expect(view[0].runq.length).toBe(2)
})

test('debug key r: the layout of rt_dump and rt_dump_pcpu', () => {
  const host = exactHost(2)
  host.nextDomid = 0
  addGuest(host, 'Domain-0', {vcpus: 1, workload: 'idle'})
  const g = addGuest(host, 'g', {vcpus: 3, workload: 'cpu', hard: [0, 1]})
  setRtdsVcpuParams(host, g, [{vcpuId: 2, periodUs: 10_000, budgetUs: 1_000, extratime: false}])
  advanceTo(host, 1000 * MS + 500_000)
  const out = dumpRunqueues(host)
  const sched = out.indexOf('Scheduler: SMP RTDS Scheduler (rtds)')
  expect(sched).toBeGreaterThan(0)
  const body = out.slice(sched + 1, out.indexOf('CPUs info:'))
  const unit = [
    /^\[ {0,4}\d+\.\d {1}\] cpu \d+, \(\d+, \d+\), cur_b=-?\d+ cur_d=\d+ last_start=\d+$/,
    /^ \t\t priority_level=\d+ has_extratime=[01]$/,
    /^ \t\t onQ=[01] runnable=[01] flags=[0-9a-f]+ effective hard_affinity=[0-9,-]+$/,
  ]
  const heads = ['Global RunQueue info:', 'Global DepletedQueue info:', 'Global Replenishment Events info:', 'Domain info:']
  let k = 0
  for (let i = 0; i < body.length; i++) {
    if (heads.includes(body[i])) { k = 0; continue }
    if (/^\tdomain: \d+$/.test(body[i])) continue
    expect(body[i]).toMatch(unit[k])
    k = (k + 1) % 3
  }
  expect(heads.map(h => body.indexOf(h))).toEqual([...heads.map(h => body.indexOf(h))].sort((x, y) => x - y))
  expect(body.filter(l => l.startsWith('\tdomain: '))).toEqual(['\tdomain: 0', '\tdomain: 1'])
  // Domain info lists every unit: 4 units of 3 lines.
  expect(body.length - body.indexOf('Domain info:') - 1).toBe(2 + 4 * 3)
  expect(body).toContain('[    1.2 ] cpu ' + g.vcpus[2].processor + ', (10000000, 1000000),' + body.find(l => l.startsWith('[    1.2 ]'))!.split('1000000),')[1])
  // Running: RTDS_scheduled | RTDS_extratime; waiting without extratime: no flag.
  expect(body.some(l => l === ' \t\t onQ=0 runnable=1 flags=12 effective hard_affinity=0-1')).toBe(true)
  expect(body.some(l => l === ' \t\t onQ=1 runnable=1 flags=0 effective hard_affinity=0-1')).toBe(true)
  const cpus = out.slice(out.indexOf('CPUs info:') + 1)
  expect(cpus[0]).toMatch(/^CPU\[00\] current=d\dv\d, curr=d\dv\d, prev=NULL$/)
  expect(cpus[1]).toBe('CPU[00]')
  expect(cpus[2]).toMatch(unit[0])
})

test('an hour, then a week, fast-forwarded: totals exact, invariants hold, reservations kept', () => {
  const host = testHost(2, 'rtds')
  const a = addGuest(host, 'a', {vcpus: 2, workload: ['cpu', 'io:10']})
  const b = addGuest(host, 'b', {vcpus: 2, workload: 'cpu'})
  reserve(host, b, 20_000, 5_000, false)
  advanceTo(host, 3600 * S)
  advanceTo(host, 3600 * S + 7 * 24 * 3600 * S)
  expectSane(host)
  for (const v of b.vcpus) expect(Math.abs(timeAt(host, v)[RUNSTATE_running] / host.now - 0.25)).toBeLessThan(0.01)
  // a's hog: what an exact run of the same host gives it.
  const exact = testHost(2, 'rtds')
  setFastForward(exact, 0)
  const ea = addGuest(exact, 'a', {vcpus: 2, workload: ['cpu', 'io:10']})
  reserve(exact, addGuest(exact, 'b', {vcpus: 2, workload: 'cpu'}), 20_000, 5_000, false)
  advanceTo(exact, 30 * S)
  const want = timeAt(exact, ea.vcpus[0])[RUNSTATE_running] / exact.now
  expect(Math.abs(timeAt(host, a.vcpus[0])[RUNSTATE_running] / host.now - want), `exact ${want}`).toBeLessThan(0.02)
  run(host, host.now + 1 * S)
})
