// The null scheduler (xen/common/sched/null.c): one unit per pCPU, the
// rest in the waitqueue (runnable, never running), pCPUs handed on when a
// unit goes offline, moves or leaves; no time slicing.
import {expect, test} from 'vitest'
import {addGuest, MS, S, testHost, timeAt, schedSnapshot, reloadAsNewProcess} from './helpers.js'
import {advanceTo, dumpRunqueues, pcpuView, saveScheduler, setFastForward, vcpuChanged} from '../../../src/hypervisor/sched/index.js'
import {DOM0, destroyDomain, setVcpuAffinity} from '../../../src/hypervisor/domctl.js'
import {checkInvariants} from '../../../src/hypervisor/invariants.js'
import type {Host} from '../../../src/hypervisor/host.js'
import {RUNSTATE_blocked, RUNSTATE_offline, RUNSTATE_runnable, RUNSTATE_running} from '../../../src/hypervisor/types.js'

function exactHost(cpus: number): Host {
  const host = testHost(cpus, 'null')
  setFastForward(host, 0)
  host.nextDomid = 0
  return host
}

function expectSane(host: Host): void {
  expect(checkInvariants(host)).toEqual([])
  for (const d of host.domains.values()) {
    for (const v of d.vcpus) expect(timeAt(host, v).reduce((a, b) => a + b, 0)).toBe(host.now - Number(d.createdAt))
  }
}

function run(host: Host, until: number, step = 41 * MS): void {
  while (host.now < until) {
    advanceTo(host, Math.min(until, host.now + step))
    expectSane(host)
  }
}

const states = (d: {vcpus: {runstate: {state: number}}[]}) => d.vcpus.map(v => v.runstate.state)

test('one vCPU per pCPU: the first ones own theirs for good, the others wait runnable and get nothing', () => {
  const host = exactHost(3)
  addGuest(host, 'Domain-0', {vcpus: 1, workload: 'idle'})
  const g = addGuest(host, 'g', {vcpus: 3, workload: 'cpu'})
  run(host, 5 * S)
  expect(states(g)).toEqual([RUNSTATE_running, RUNSTATE_running, RUNSTATE_runnable])
  const t = timeAt(host, g.vcpus[2])
  expect(t[RUNSTATE_running]).toBe(0)
  expect(t[RUNSTATE_runnable]).toBe(5 * S)
  for (const v of g.vcpus.slice(0, 2)) expect(timeAt(host, v)[RUNSTATE_running]).toBe(5 * S)
  // Dom0 blocks, yet its pCPU stays its own: idle, while g's third vCPU waits.
  expect(pcpuView(host)[0].current).toBe(null)
  expect(host.domains.get(0)!.vcpus[0].runstate.state).toBe(RUNSTATE_blocked)
})

test('a vCPU taken offline hands its pCPU to the first waiter that may run there', () => {
  const host = exactHost(2)
  addGuest(host, 'Domain-0', {vcpus: 1, workload: 'idle'})
  const g = addGuest(host, 'g', {vcpus: 3, workload: 'cpu'})
  run(host, 1 * S)
  expect(states(g)).toEqual([RUNSTATE_running, RUNSTATE_runnable, RUNSTATE_runnable])
  g.vcpus[0].online = false
  vcpuChanged(host, g, g.vcpus[0])
  expect(states(g)).toEqual([RUNSTATE_offline, RUNSTATE_running, RUNSTATE_runnable])
  expect(g.vcpus[1].processor).toBe(1)
  expectSane(host)
  // Back online: its pCPU is taken, so it waits at the end of the queue.
  g.vcpus[0].online = true
  vcpuChanged(host, g, g.vcpus[0])
  run(host, 2 * S)
  expect(states(g)).toEqual([RUNSTATE_runnable, RUNSTATE_running, RUNSTATE_runnable])
  expect(dumpRunqueues(host)).toContain('Waitqueue: d1v2, d1v0')
})

test('a blocked owner going offline frees its pCPU too', () => {
  const host = exactHost(2)
  const d0 = addGuest(host, 'Domain-0', {vcpus: 2, workload: 'idle'})
  const g = addGuest(host, 'g', {vcpus: 1, workload: 'cpu'})
  run(host, 1 * S)
  expect(states(g)).toEqual([RUNSTATE_runnable])
  const v = d0.vcpus.find(v => v.runstate.state === RUNSTATE_blocked)!
  v.online = false
  vcpuChanged(host, d0, v)
  run(host, 2 * S)
  expect(states(g)).toEqual([RUNSTATE_running])
})

test('destroying a domain gives its pCPUs to the waiters', () => {
  const host = exactHost(2)
  addGuest(host, 'Domain-0', {vcpus: 1, workload: 'idle'})
  const a = addGuest(host, 'a', {vcpus: 1, workload: 'cpu'})
  const b = addGuest(host, 'b', {vcpus: 2, workload: 'cpu'})
  run(host, 1 * S)
  expect(states(b)).toEqual([RUNSTATE_runnable, RUNSTATE_runnable])
  destroyDomain(host, DOM0, a.domid)
  run(host, 2 * S)
  expect(states(b).sort()).toEqual([RUNSTATE_running, RUNSTATE_runnable])
  expect(timeAt(host, b.vcpus[0])[RUNSTATE_running]).toBe(1 * S)
})

test('affinity: a move to a free pCPU takes it; a move to a taken one waits; the old pCPU goes to a waiter', () => {
  const host = exactHost(3)
  addGuest(host, 'Domain-0', {vcpus: 1, workload: 'idle', hard: [0]})
  const g = addGuest(host, 'g', {vcpus: 3, workload: 'cpu', hard: [1]})
  run(host, 1 * S)
  // Only pCPU 1 allowed: one runs, two wait; pCPU 2 stays free.
  expect(states(g)).toEqual([RUNSTATE_running, RUNSTATE_runnable, RUNSTATE_runnable])
  expect(dumpRunqueues(host)).toContain('\tcpus_free = 2')
  setVcpuAffinity(host, DOM0, g.domid, 2, [2], undefined)
  expect(g.vcpus[2].processor).toBe(2)
  run(host, 2 * S)
  expect(states(g)).toEqual([RUNSTATE_running, RUNSTATE_runnable, RUNSTATE_running])
  // The owner of pCPU 1 moves to taken pCPU 2: it waits, and its pCPU goes to v1.
  setVcpuAffinity(host, DOM0, g.domid, 0, [2], undefined)
  run(host, 3 * S)
  expect(states(g)).toEqual([RUNSTATE_runnable, RUNSTATE_running, RUNSTATE_running])
  expect(g.vcpus.map(v => v.processor)).toEqual([2, 1, 2])
  expect(dumpRunqueues(host)).toContain('Waitqueue: d1v0')
})

test('save/reload mid-run gives the same result as an uninterrupted run', () => {
  const build = () => {
    const host = exactHost(3)
    addGuest(host, 'Domain-0', {vcpus: 1, workload: 'idle'})
    addGuest(host, 'a', {vcpus: 4, workload: ['cpu', 'idle', 'io:4', 'duty:25:20ms']})
    return host
  }
  const snapshot = schedSnapshot
  const plain = build()
  const reloaded = build()
  for (let i = 1; i <= 12; i++) {
    advanceTo(plain, i * 333 * MS + 17)
    advanceTo(reloaded, i * 333 * MS + 17)
    reloadAsNewProcess(reloaded)
    if (i === 6) {
      for (const h of [plain, reloaded]) {
        const a = h.domains.get(1)!
        a.vcpus[1].online = false
        vcpuChanged(h, a, a.vcpus[1])
      }
    }
    expectSane(reloaded)
  }
  expect(snapshot(reloaded)).toBe(snapshot(plain))
})

test('fast-forward: owners get their demand, waiters nothing (runnable), as the exact run', () => {
  const host = testHost(2, 'null')
  host.nextDomid = 0
  addGuest(host, 'Domain-0', {vcpus: 1, workload: 'duty:30'})
  const g = addGuest(host, 'g', {vcpus: 3, workload: ['cpu', 'io:5', 'cpu']})
  advanceTo(host, 7 * 24 * 3600 * S)
  expectSane(host)
  const total = host.now
  const d0 = timeAt(host, host.domains.get(0)!.vcpus[0])
  expect(Math.abs(d0[RUNSTATE_running] / total - 0.3)).toBeLessThan(0.01)
  expect(timeAt(host, g.vcpus[0])[RUNSTATE_running] / total).toBeGreaterThan(0.999)
  for (const v of g.vcpus.slice(1)) {
    expect(timeAt(host, v)[RUNSTATE_running]).toBe(0)
    expect(timeAt(host, v)[RUNSTATE_runnable]).toBe(total)
  }
})

test('debug key r: the layout of null_dump and null_dump_pcpu', () => {
  const host = exactHost(2)
  addGuest(host, 'Domain-0', {vcpus: 1, workload: 'idle'})
  addGuest(host, 'g', {vcpus: 26, workload: 'cpu'})
  advanceTo(host, 500 * MS)
  const out = dumpRunqueues(host)
  const at = out.indexOf('Scheduler: null Scheduler (null)')
  expect(out.slice(at + 1, at + 6)).toEqual(['\tcpus_free = ', 'Domain info:', '\tDomain: 0', '\t  1: [0.0] pcpu=0', '\tDomain: 1'])
  expect(out[at + 6]).toBe('\t  2: [1.0] pcpu=1')
  expect(out[at + 7]).toBe('\t  3: [1.1] pcpu=-1')
  // 25 waiters: a line break before the 24th, after its ", ".
  const wq = out.indexOf(out.find(l => l.startsWith('Waitqueue: '))!)
  expect(out[wq]).toBe('Waitqueue: ' + Array.from({length: 23}, (_, i) => `d1v${i + 1}`).join(', ') + ', ')
  expect(out[wq + 1]).toBe('\td1v24, d1v25')
  expect(out[wq + 2]).toBe('CPUs info:')
  expect(out.slice(wq + 3)).toEqual([
    'CPU[00] current=d[IDLE]v0, curr=d[IDLE]v0, prev=NULL',
    // an arm64 host (the default): each pCPU is its own core (xen/arch/arm/smpboot.c:94)
    'CPU[00] sibling={0}, core={0}, unit=d0v0',
    'CPU[01] current=d1v0, curr=d1v0, prev=NULL',
    'CPU[01] sibling={1}, core={1}, unit=d1v0',
    '\trun: [1.0] pcpu=1',
  ])
})
