// While the engine runs events for credit2 it holds each vCPU's processor
// on its unit (Unit.processor: the switch in writes it, the wake reads it)
// and writes it back to the vCPU when it stops; a traced run holds
// nothing (every switch writes the vCPU). Both must leave the same
// processors, runstates and scheduler state at every stop, across
// runqueue moves, pins, affinity changes, pauses and a reload.
import {describe, expect, it} from 'vitest'
import type {Host} from '../../../src/hypervisor/host.js'
import {advanceTo, pcpuView, saveScheduler, setFastForward} from '../../../src/hypervisor/sched/index.js'
import {startTracing} from '../../../src/hypervisor/trace/index.js'
import {addGuest, pausePinReload, testHost} from './helpers.js'

const MIXED = ['cpu', 'duty:50', 'io:10', 'idle', 'duty:20:30ms', 'io:2']

function build(): Host {
  // 40 pCPUs: three credit2 runqueues, so units move between them.
  const host = testHost(40, 'credit2')
  setFastForward(host, 0)
  for (let i = 0; i < 30; i++) {
    const hard = i % 7 === 3 ? [5, 6, 20, 33] : i % 11 === 5 ? [17] : null
    addGuest(host, `g${i}`, {vcpus: 4, workload: MIXED.slice(i % 3, i % 3 + 4), weight: 128 + 64 * (i % 4), cap: i % 9 === 4 ? 120 : 0, hard})
  }
  return host
}

function processors(host: Host): number[] {
  const out: number[] = []
  for (const d of host.domains.values()) for (const v of d.vcpus) out.push(v.processor)
  return out
}

function state(host: Host): string {
  const parts: string[] = [`now=${host.now}`]
  for (const d of host.domains.values()) for (const v of d.vcpus) parts.push(`${d.domid}.${v.vcpuId} ${JSON.stringify(v.runstate)} cpu=${v.processor}`)
  parts.push(JSON.stringify(pcpuView(host)))
  saveScheduler(host)
  parts.push(JSON.stringify(host.sched))
  return parts.join('\n')
}

function run(traced: boolean): {states: string[]; procs: number[][]} {
  const host = build()
  if (traced) startTracing(host, {bufPages: 1})
  const states: string[] = []
  const procs: number[][] = []
  const at = (t: number) => {
    advanceTo(host, t)
    states.push(state(host))
    procs.push(processors(host))
  }
  pausePinReload(host, at, !traced)
  return {states, procs}
}

describe('credit2: the processor held on the unit', () => {
  it('leaves what a traced run (nothing held) leaves, at every stop', () => {
    const held = run(false)
    const traced = run(true)
    expect(held.states).toEqual(traced.states)
    // The held processors did move between stops (what is compared was written back).
    const moved = held.procs.slice(1).map((p, i) => p.filter((c, k) => c !== held.procs[i][k]).length)
    for (const n of moved) expect(n).toBeGreaterThan(10)
  })
})
