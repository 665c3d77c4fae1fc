// While the engine runs events it holds the runstate of a vCPU with a guest
// copy too, keeps the record as each switch in or out would have copied it,
// and writes the guest copy once when it stops: the copy at every stop must
// be what update_runstate_area() at every switch leaves (an observer on every
// area forces that), an area watched store by store must still see every
// switch, and a copy that can fail (ARM KPTI) must still fail switch by switch.
import {describe, expect, it} from 'vitest'
import type {Host} from '../../../src/hypervisor/host.js'
import type {Domain} from '../../../src/hypervisor/domain.js'
import {advanceTo, domainChanged, setFastForward} from '../../../src/hypervisor/sched/index.js'
import {drainFailedCopies, setGuestCopyTap, type GuestCopyStore, type RunstateArea} from '../../../src/hypervisor/runstate.js'
import {VMASST_TYPE_runstate_update_flag} from '../../../src/hypervisor/vm-assist.js'
import type {SchedulerName} from '../../../src/hypervisor/types.js'
import {addGuest, MS, testHost} from './helpers.js'

const MIXED = ['cpu', 'duty:50', 'io:10', 'idle', 'duty:20:30ms', 'io:2']

function withAreas(d: Domain, i: number, kpti: boolean): void {
  const layout = i % 2 ? 'compat' : 'native'
  if (i % 3 !== 0) d.vmAssist |= 1n << BigInt(VMASST_TYPE_runstate_update_flag)
  for (const v of d.vcpus) {
    v.runstateArea = {addr: 0x20000 + 64 * v.vcpuId, layout, bytes: new Uint8Array(layout === 'native' ? 48 : 44)}
    if (kpti && i % 4 === 1) v.runstateArea.unmappedAtEl0 = {domid: d.domid, vcpuId: v.vcpuId}
  }
}

function build(sched: SchedulerName, kpti = false): Host {
  const host = testHost(12, sched)
  setFastForward(host, 0)
  for (let i = 0; i < 10; i++) {
    const d = addGuest(host, `g${i}`, {vcpus: 4, workload: MIXED.slice(i % 3, i % 3 + 4), weight: 128 + 64 * (i % 4), cap: i % 9 === 4 ? 120 : 0})
    withAreas(d, i, kpti)
  }
  return host
}

/** Every area's bytes and lost-update count, and every runstate, after each stop (with a pause in between). */
function run(host: Host): string[] {
  const out: string[] = []
  for (let k = 1; k <= 12; k++) {
    advanceTo(host, k * 37 * MS)
    if (k === 5 || k === 8) {
      const d = host.domains.get(k === 5 ? 2 : 4)!
      d.pauseCount += k === 5 ? 1 : -1
      domainChanged(host, d)
    }
    const parts: string[] = []
    for (const d of host.domains.values()) {
      for (const v of d.vcpus) {
        const a = v.runstateArea!
        parts.push(`${d.domid}.${v.vcpuId} ${Buffer.from(a.bytes).toString('hex')} lost=${a.lostUpdates ?? 0} ${JSON.stringify(v.runstate)}`)
      }
    }
    parts.push(`failed=${drainFailedCopies().length}`)
    out.push(parts.join('\n'))
  }
  return out
}

/** The same run with an observer on `only` (or every area) applying each store as it comes; the updates it saw, per vCPU. */
function observed(sched: SchedulerName, kpti: boolean, only?: [number, number]): {stops: string[]; updates: Map<string, number>} {
  const host = build(sched, kpti)
  const updates = new Map<string, number>()
  const names = new Map<RunstateArea, string>()
  for (const d of host.domains.values()) for (const v of d.vcpus) names.set(v.runstateArea!, `${d.domid}.${v.vcpuId}`)
  setGuestCopyTap((area: RunstateArea, stores: readonly GuestCopyStore[]) => {
    const name = names.get(area)!
    updates.set(name, (updates.get(name) ?? 0) + 1)
    for (const s of stores) area.bytes.set(s.bytes, s.offset)
  }, only ? host.domains.get(only[0])!.vcpus[only[1]].runstateArea : null)
  try {
    return {stops: run(host), updates}
  } finally {
    setGuestCopyTap(null)
  }
}

describe.each(['credit2', 'credit', 'rtds', 'null'] as const)('%s', sched => {
  it('the guest copies written when events stop match those written at every switch', () => {
    const held = run(build(sched))
    const through = observed(sched, false)
    expect([...through.updates.values()].reduce((x, y) => x + y)).toBeGreaterThan(100)
    expect(held.length).toBe(through.stops.length)
    for (let i = 0; i < held.length; i++) expect(held[i], `stop ${i}`).toBe(through.stops[i])
  })

  it('an area watched store by store sees every switch, and every copy ends the same', () => {
    const all = observed(sched, false)
    // The vCPU switched in and out most often.
    const [name, count] = [...all.updates].reduce((x, y) => (y[1] > x[1] ? y : x))
    expect(count).toBeGreaterThan(10)
    const one = observed(sched, false, name.split('.').map(Number) as [number, number])
    expect([...one.updates]).toEqual([[name, count]])
    expect(one.stops).toEqual(all.stops)
  })

  it('a copy that can fail (KPTI at EL0) still fails switch by switch', () => {
    const held = run(build(sched, true))
    const through = observed(sched, true)
    expect(held).toEqual(through.stops)
    expect(held.join('\n')).toMatch(/lost=[1-9]/)
  })
})
