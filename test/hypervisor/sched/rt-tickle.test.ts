// runq_tickle() from the tournament tree (hosts of more than 64 pCPUs) must
// choose exactly the pCPU the walk over every pCPU chooses: the same run,
// tree and walk, leaves the same runstates, processors and saved scheduler
// state, through pins, pauses, an epoch move, a reload and a destroyed domain.
// On a small host the tree is the reference for the walk's shortcuts (the
// bound on the running units' keys: no walk when the unit beats none, a walk
// that stops at the first pCPU of the bound's key).
import {createHash} from 'node:crypto'
import {afterEach, describe, expect, it} from 'vitest'
import type {Host} from '../../../src/hypervisor/host.js'
import {advanceTo, domainChanged, domainRemoved, moveEpoch, pcpuView, saveScheduler, setFastForward, vcpuAffinityChanged} from '../../../src/hypervisor/sched/index.js'
import {setRtdsTreeMinPcpus} from '../../../src/hypervisor/sched/rt.js'
import {TickleTree} from '../../../src/hypervisor/sched/rt-tickle.js'
import {Unit} from '../../../src/hypervisor/sched/policy.js'
import type {Domain, Vcpu} from '../../../src/hypervisor/domain.js'
import {addGuest, MS, reloadAsNewProcess, testHost} from './helpers.js'

const MIXED = ['cpu', 'duty:50', 'io:10', 'idle', 'duty:20:30ms', 'io:2', 'cpu', 'duty:70:5ms']

function run(treeAbove: number, cpus = 96, guests = 100, pinned = true): string {
  const old = setRtdsTreeMinPcpus(treeAbove)
  try {
    const host: Host = testHost(cpus, 'rtds')
    setFastForward(host, 0)
    for (let i = 0; i < guests; i++) {
      const hard = pinned && i % 9 === 4 ? [3, 4, 5, cpus - 26] : null
      addGuest(host, `g${i}`, {vcpus: 3, workload: MIXED.slice(i % 6, (i % 6) + 3), hard})
    }
    advanceTo(host, 120 * MS)
    const d7 = host.domains.get(7)!
    d7.pauseCount++
    domainChanged(host, d7)
    const d9 = host.domains.get(9)!
    d9.vcpus[1].hardAffinity = [cpus - 6, cpus - 5]
    vcpuAffinityChanged(host, d9, d9.vcpus[1], true)
    advanceTo(host, 200 * MS)
    reloadAsNewProcess(host)
    d7.pauseCount--
    domainChanged(host, host.domains.get(7)!)
    const d12 = host.domains.get(12)!
    domainRemoved(host, d12)
    host.domains.delete(12)
    advanceTo(host, 300 * MS)
    moveEpoch(host, 160 * MS)
    advanceTo(host, 350 * MS)
    const parts = [`now=${host.now}`, JSON.stringify(pcpuView(host))]
    for (const d of host.domains.values()) for (const v of d.vcpus) parts.push(`${d.domid}.${v.vcpuId} ${JSON.stringify(v.runstate)} ${v.processor}`)
    saveScheduler(host)
    parts.push(JSON.stringify(host.sched))
    return createHash('sha256').update(parts.join('\n')).digest('hex')
  } finally {
    setRtdsTreeMinPcpus(old)
  }
}

describe('rtds runq_tickle from the tree', () => {
  afterEach(() => setRtdsTreeMinPcpus(64))

  it('schedules a 96-pCPU host exactly as the walk over every pCPU does', () => {
    expect(run(64)).toBe(run(Infinity))
  })

  it('schedules a busy 16-pCPU host with the walk\'s shortcuts exactly as from the tree', () => {
    expect(run(Infinity, 16, 30, false)).toBe(run(0, 16, 30, false))
    expect(run(Infinity, 16, 30)).toBe(run(0, 16, 30))
    // Over-committed: mostly no idle pCPU, where the bound decides.
    expect(run(Infinity, 16, 60, false)).toBe(run(0, 16, 60, false))
  })

  it('answers (the root: from pCPU 0) the first idle pCPU round from the start, else the first with the lowest priority, never a tickled one', () => {
    const u = (pri: number, credit: number) => {
      const x = new Unit(0, 'x', {} as Domain, {} as Vcpu, {kind: 'idle'})
      x.pri = pri
      x.credit = credit
      return x
    }
    const t = new TickleTree(5)
    t.set(0, u(0, 10), false)
    t.set(1, u(1, 5), false)
    t.set(2, u(1, 5), false)
    t.set(3, u(0, 50), false)
    t.set(4, u(0, 10), false)
    // Level 1 is lower priority than any deadline at level 0; of two equal keys the first from the start.
    expect(t.query(0)).toBe(1)
    expect(t.query(2)).toBe(2)
    expect(t.query(3)).toBe(1)
    // The root: the first highest of all, whatever the start.
    expect(t.top()).toBe(1)
    t.set(4, null, false)
    expect(t.query(0)).toBe(4)
    expect(t.top()).toBe(4)
    t.set(4, null, true)
    t.set(1, u(1, 5), true)
    expect(t.query(0)).toBe(2)
    for (let c = 0; c < 5; c++) t.set(c, null, true)
    expect(t.query(3)).toBe(-1)
    expect(t.top()).toBe(-1)
  })
})
