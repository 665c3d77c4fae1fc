import {describe, expect, test} from 'vitest'
import {addGuest, domainRun, MS, S, testHost, timeAt, schedSnapshot, reloadAsNewProcess} from './helpers.js'
import {
  advanceTo, domainChanged, dumpRunqueues, pcpuView, saveScheduler, setDomainSchedParams, setFastForward, vcpuAffinityChanged, vcpuChanged,
} from '../../../src/hypervisor/sched/index.js'
import type {Host} from '../../../src/hypervisor/host.js'
import type {Domain} from '../../../src/hypervisor/domain.js'

const SCHEDS = ['credit2', 'credit'] as const

function exactHost(cpus: number, sched: 'credit' | 'credit2'): Host {
  const host = testHost(cpus, sched)
  setFastForward(host, 0)
  return host
}

/** Advance in steps, checking invariants at every step. */
function run(host: Host, until: number, step = 100 * MS, check?: () => void): void {
  while (host.now < until) {
    advanceTo(host, Math.min(until, host.now + step))
    checkInvariants(host)
    check?.()
  }
}

function checkInvariants(host: Host): void {
  const onCpu = new Map<number, string>()
  for (const d of host.domains.values()) {
    for (const v of d.vcpus) {
      const t = timeAt(host, v)
      expect(t.reduce((a, b) => a + b, 0)).toBe(host.now - Number(d.createdAt))
      if (v.runstate.state === 0) {
        const key = `${d.domid}.${v.vcpuId}`
        expect(onCpu.has(v.processor), `pCPU ${v.processor} runs two vCPUs`).toBe(false)
        onCpu.set(v.processor, key)
      }
    }
  }
  const view = pcpuView(host)
  const seen = new Set<string>()
  for (const p of view) {
    if (!p.current) continue
    const key = `${p.current.domid}.${p.current.vcpuId}`
    expect(seen.has(key), `vCPU ${key} on two pCPUs`).toBe(false)
    seen.add(key)
    expect(onCpu.get(p.cpu)).toBe(key)
  }
  expect(seen.size).toBe(onCpu.size)
}

describe.each(SCHEDS)('%s', sched => {
  test('two cpu-bound 4-vCPU guests on 4 pCPUs share equally, time[] sums to elapsed', () => {
    const host = exactHost(4, sched)
    const a = addGuest(host, 'a', {vcpus: 4, workload: 'cpu'})
    const b = addGuest(host, 'b', {vcpus: 4, workload: 'cpu'})
    run(host, 60 * S, 1000 * MS)
    const total = 4 * 60 * S
    for (const d of [a, b]) {
      expect(Math.abs(domainRun(host, d) / total - 0.5)).toBeLessThan(0.02)
      for (const v of d.vcpus) {
        const t = timeAt(host, v)
        expect(t[0] + t[1] + t[2] + t[3]).toBe(60 * S)
        expect(Math.abs(t[1] / (60 * S) - 0.5)).toBeLessThan(0.03)
        expect(t[2] + t[3]).toBe(0)
      }
    }
  })

  test('weight 512 against 256 gives about 2:1', () => {
    const host = exactHost(4, sched)
    const a = addGuest(host, 'a', {vcpus: 4, workload: 'cpu', weight: 512})
    const b = addGuest(host, 'b', {vcpus: 4, workload: 'cpu', weight: 256})
    run(host, 30 * S, 1000 * MS)
    const ratio = domainRun(host, a) / domainRun(host, b)
    expect(ratio).toBeGreaterThan(1.8)
    expect(ratio).toBeLessThan(2.2)
  })

  test('cap 25 keeps a domain at or under 25% of one pCPU', () => {
    const host = exactHost(4, sched)
    const a = addGuest(host, 'a', {vcpus: 2, workload: 'cpu', cap: 25})
    addGuest(host, 'b', {vcpus: 1, workload: 'cpu'})
    run(host, 30 * S, 1000 * MS)
    const share = domainRun(host, a) / (30 * S)
    expect(share).toBeLessThanOrEqual(0.26)
    expect(share).toBeGreaterThan(0.2)
    // Parked time is offline (steal), not runnable.
    const t = timeAt(host, a.vcpus[0])
    expect(t[3]).toBeGreaterThan(10 * S)
  })

  test('setDomainSchedParams changes the share on the fly', () => {
    const host = exactHost(2, sched)
    const a = addGuest(host, 'a', {vcpus: 2, workload: 'cpu'})
    const b = addGuest(host, 'b', {vcpus: 2, workload: 'cpu'})
    run(host, 10 * S, 1000 * MS)
    setDomainSchedParams(host, a, {weight: 768})
    const ra = domainRun(host, a), rb = domainRun(host, b)
    run(host, 40 * S, 1000 * MS)
    const ratio = (domainRun(host, a) - ra) / (domainRun(host, b) - rb)
    expect(ratio).toBeGreaterThan(2.2)
    expect(ratio).toBeLessThan(3.4)
  })

  test('pausing a domain moves its vCPUs offline and its steal grows by the paused time', () => {
    const host = exactHost(4, sched)
    const a = addGuest(host, 'a', {vcpus: 2, workload: 'cpu'})
    run(host, 5 * S)
    const steal = (d: Domain) => d.vcpus.map(v => { const t = timeAt(host, v); return t[1] + t[3] })
    const before = steal(a)
    a.pauseCount++
    domainChanged(host, a)
    for (const v of a.vcpus) expect(v.runstate.state).toBe(3)
    run(host, 12 * S)
    for (const v of a.vcpus) expect(v.runstate.state).toBe(3)
    const after = steal(a)
    for (let i = 0; i < 2; i++) expect(after[i] - before[i]).toBe(7 * S)
    a.pauseCount--
    domainChanged(host, a)
    for (const v of a.vcpus) expect(v.runstate.state).toBe(0)
  })

  test('a vCPU taken down is offline; brought back it runs again', () => {
    const host = exactHost(2, sched)
    const a = addGuest(host, 'a', {vcpus: 2, workload: 'cpu'})
    run(host, 1 * S)
    a.vcpus[1].online = false
    vcpuChanged(host, a, a.vcpus[1])
    expect(a.vcpus[1].runstate.state).toBe(3)
    run(host, 2 * S)
    expect(timeAt(host, a.vcpus[1])[3]).toBe(1 * S)
    a.vcpus[1].online = true
    vcpuChanged(host, a, a.vcpus[1])
    expect(a.vcpus[1].runstate.state).toBe(0)
  })

  test('hard affinity is respected; a pCPU never runs two vCPUs', () => {
    const host = exactHost(4, sched)
    const a = addGuest(host, 'a', {vcpus: 3, workload: 'cpu', hard: [1, 2]})
    addGuest(host, 'b', {vcpus: 4, workload: ['cpu', 'io:3', 'duty:40', 'idle']})
    run(host, 10 * S, 7 * MS, () => {
      for (const v of a.vcpus) if (v.runstate.state === 0) expect([1, 2]).toContain(v.processor)
    })
    // Re-pin to pCPU 3 only: it moves there.
    for (const v of a.vcpus) { v.hardAffinity = [3]; vcpuAffinityChanged(host, a, v, true) }
    run(host, 12 * S, 3 * MS, () => {
      for (const v of a.vcpus) if (v.runstate.state === 0) expect(v.processor).toBe(3)
    })
    expect(domainRun(host, a)).toBeGreaterThan(0)
  })

  test('workloads: idle guests mostly block, duty cycles get their share', () => {
    const host = exactHost(4, sched)
    const idle = addGuest(host, 'idle', {vcpus: 2, workload: 'idle'})
    const duty = addGuest(host, 'duty', {vcpus: 1, workload: 'duty:30'})
    const io = addGuest(host, 'io', {vcpus: 1, workload: 'io:5'})
    run(host, 20 * S, 1000 * MS)
    for (const v of idle.vcpus) {
      const t = timeAt(host, v)
      expect(t[0] / (20 * S)).toBeLessThan(0.01)
      expect(t[0]).toBeGreaterThan(0)
      expect(t[2] / (20 * S)).toBeGreaterThan(0.98)
    }
    expect(Math.abs(timeAt(host, duty.vcpus[0])[0] / (20 * S) - 0.3)).toBeLessThan(0.01)
    const ioRun = timeAt(host, io.vcpus[0])[0] / (20 * S)
    expect(ioRun).toBeGreaterThan(0.01)
    expect(ioRun).toBeLessThan(0.03)
  })

  test('a duty cycle needs CPU time: contended, it gets less and stays runnable', () => {
    const host = exactHost(1, sched)
    const duty = addGuest(host, 'duty', {vcpus: 1, workload: 'duty:70'})
    addGuest(host, 'hog', {vcpus: 1, workload: 'cpu'})
    run(host, 20 * S, 1000 * MS)
    const t = timeAt(host, duty.vcpus[0])
    expect(t[0] / (20 * S)).toBeLessThan(0.6)
    expect(t[0] / (20 * S)).toBeGreaterThan(0.4)
    expect(t[1] / (20 * S)).toBeGreaterThan(0.3)
  })

  test('two identical runs give identical runstate numbers', () => {
    const once = () => {
      const host = exactHost(4, sched)
      addGuest(host, 'a', {vcpus: 4, workload: ['cpu', 'idle', 'io:4', 'duty:25:20ms']})
      addGuest(host, 'b', {vcpus: 3, workload: ['cpu', 'idle', 'cpu'], weight: 384})
      run(host, 5 * S, 250 * MS)
      return JSON.stringify([...host.domains.values()].map(d => d.vcpus.map(v => [v.runstate, v.processor])))
        + host.rng + dumpRunqueues(host).join('\n')
    }
    expect(once()).toBe(once())
  })

  test('save/reload mid-run gives the same result as an uninterrupted run', () => {
    const build = () => {
      const host = exactHost(3, sched)
      addGuest(host, 'a', {vcpus: 4, workload: ['cpu', 'idle', 'io:4', 'duty:25:20ms'], cap: 150})
      addGuest(host, 'b', {vcpus: 3, workload: ['cpu', 'idle', 'cpu'], weight: 384})
      return host
    }
    const snapshot = schedSnapshot
    const plain = build()
    const reloaded = build()
    for (let i = 1; i <= 20; i++) {
      advanceTo(plain, i * 333 * MS + 17)
      advanceTo(reloaded, i * 333 * MS + 17)
      reloadAsNewProcess(reloaded)
      if (i === 10) {
        const pa = plain.domains.get(1)!, ra = reloaded.domains.get(1)!
        pa.pauseCount++; ra.pauseCount++
        domainChanged(plain, pa); domainChanged(reloaded, ra)
      }
      if (i === 12) {
        const pa = plain.domains.get(1)!, ra = reloaded.domains.get(1)!
        pa.pauseCount--; ra.pauseCount--
        domainChanged(plain, pa); domainChanged(reloaded, ra)
      }
    }
    expect(snapshot(reloaded)).toBe(snapshot(plain))
  })

  test('host.sched and vcpu.sched are plain JSON', () => {
    const host = exactHost(2, sched)
    const a = addGuest(host, 'a', {vcpus: 2, workload: ['cpu', 'idle'], cap: 50})
    advanceTo(host, 2 * S)
    saveScheduler(host)
    expect(JSON.parse(JSON.stringify(host.sched))).toEqual(host.sched)
    for (const v of a.vcpus) expect(JSON.parse(JSON.stringify(v.sched))).toEqual(v.sched)
  })

  test('advancing a small host by an hour, then a week, is fast and exact in total', () => {
    const host = testHost(4, sched)
    const a = addGuest(host, 'a', {vcpus: 4, workload: ['cpu', 'idle', 'io:10', 'duty:50']})
    const b = addGuest(host, 'b', {vcpus: 4, workload: 'cpu'})
    const t0 = performance.now()
    advanceTo(host, 3600 * S)
    advanceTo(host, 3600 * S + 7 * 24 * 3600 * S)
    expect(performance.now() - t0).toBeLessThan(3000)
    checkInvariants(host)
    const total = host.now
    // 5 cpu-bound vCPUs + light ones on 4 pCPUs: roughly fair.
    const hog = timeAt(host, b.vcpus[0])[0] / total
    expect(hog).toBeGreaterThan(0.6)
    expect(hog).toBeLessThan(0.9)
    expect(timeAt(host, a.vcpus[1])[2] / total).toBeGreaterThan(0.95)
    run(host, host.now + 2 * S)
  })
})

test('pcpuView shows running and queued vCPUs, vcpu.processor matches', () => {
  const host = exactHost(2, 'credit2')
  const a = addGuest(host, 'a', {vcpus: 4, workload: 'cpu'})
  advanceTo(host, 50 * MS)
  const view = pcpuView(host)
  expect(view.map(p => p.current !== null)).toEqual([true, true])
  expect(view[0].runq.length).toBe(2)
  for (const p of view) expect(a.vcpus[p.current!.vcpuId].processor).toBe(p.cpu)
})
