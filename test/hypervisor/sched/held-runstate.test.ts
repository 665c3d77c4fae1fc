// While the engine runs events it holds the runstate of each vCPU without a
// guest copy itself and writes it back when it stops (Engine.heldRs); a
// vCPU with a guest copy is written through at every switch. The two must
// give the same records: the same host run with every vCPU's area
// registered and with none has, at every stop, the same runstates,
// processors, queues and scheduler state, whatever the policy, across
// pauses, affinity changes, a reload as a new process and an epoch move.
import {describe, expect, it} from 'vitest'
import type {Host} from '../../../src/hypervisor/host.js'
import {advanceTo, moveEpoch, pcpuView, saveScheduler, setFastForward} from '../../../src/hypervisor/sched/index.js'
import type {SchedulerName} from '../../../src/hypervisor/types.js'
import {addGuest, MS, pausePinReload, testHost} from './helpers.js'

const MIXED = ['cpu', 'duty:50', 'io:10', 'idle', 'duty:20:30ms', 'io:2']

function build(sched: SchedulerName, areas: boolean): Host {
  const host = testHost(40, sched)
  setFastForward(host, 0)
  for (let i = 0; i < 30; i++) {
    const hard = i % 7 === 3 ? [5, 6, 20, 33] : null
    const d = addGuest(host, `g${i}`, {vcpus: 4, workload: MIXED.slice(i % 3, i % 3 + 4), weight: 128 + 64 * (i % 4), cap: i % 9 === 4 ? 120 : 0, hard})
    if (areas) for (const v of d.vcpus) v.runstateArea = {addr: 0x20000 + 64 * v.vcpuId, layout: 'native', bytes: new Uint8Array(48)}
  }
  return host
}

/** What the host shows between calls (the runstate areas aside). */
function state(host: Host): string {
  const parts: string[] = [`now=${host.now} rng=${host.rng}`]
  for (const d of host.domains.values()) for (const v of d.vcpus) parts.push(`${d.domid}.${v.vcpuId} ${JSON.stringify(v.runstate)} cpu=${v.processor}`)
  parts.push(JSON.stringify(pcpuView(host)))
  saveScheduler(host)
  parts.push(JSON.stringify(host.sched))
  for (const d of host.domains.values()) for (const v of d.vcpus) parts.push(JSON.stringify(v.sched))
  return parts.join('\n')
}

function run(sched: SchedulerName, areas: boolean): string[] {
  const host = build(sched, areas)
  const out: string[] = []
  const at = (t: number) => {
    advanceTo(host, t)
    out.push(state(host))
  }
  pausePinReload(host, at, true)
  // The high parts of the records exist from now on: every vCPU is written through.
  moveEpoch(host, 400 * MS)
  at(400 * MS)
  return out
}

describe.each(['credit2', 'credit', 'rtds', 'null'] as const)('%s', sched => {
  it('runstates held while events run match those written through at every switch', () => {
    const held = run(sched, false)
    const through = run(sched, true)
    expect(held.length).toBe(through.length)
    for (let i = 0; i < held.length; i++) expect(held[i], `stop ${i}`).toBe(through[i])
  })
})
