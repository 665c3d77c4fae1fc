// `xl runstate`: each vCPU's runstate record as the guest sees it (decoded
// from the bytes of its registered area) and what the guest derives from it.
import type {Host} from '../hypervisor/host.js'
import type {Domain, Vcpu} from '../hypervisor/domain.js'
import {decodeRunstate, layoutOf, XEN_RUNSTATE_UPDATE} from '../hypervisor/runstate.js'
import {RUNSTATE_NAMES} from '../hypervisor/types.js'
import {runstateFlagEnabled} from '../hypervisor/sched/index.js'
import {jsonNs, nowNs} from '../hypervisor/time.js'
import {vcpuRunstateGet} from '../hypervisor/runstate-get.js'
import {xenFacts} from '../hypervisor/xen-versions.js'

/**
 * A vcpu_runstate_get() made now would see XEN_RUNSTATE_UPDATE in Xen's own
 * record (Xen 4.8-4.12, hypervisor/runstate-get.ts).
 */
export interface RunstateGetLeak {
  vcpu: number
  state: string
  /** state_entry_time as vcpu_runstate_get() returns it, hex, flag included. */
  stateEntryTime: string
  /** ns of the current state missing from its time[]. */
  droppedNs: number
}

export interface RunstateRow {
  vcpu: number
  registered: boolean
  /** Guest address of the area, hex. */
  area: string | null
  state: string
  stateEntryTime: string
  updateFlag: boolean
  time: {running: string; runnable: string; blocked: string; offline: string}
  stealNs: string
}

function row(v: Vcpu): RunstateRow {
  if (!v.runstateArea) {
    return {vcpu: v.vcpuId, registered: false, area: null, state: '-', stateEntryTime: '-', updateFlag: false,
      time: {running: '-', runnable: '-', blocked: '-', offline: '-'}, stealNs: '-'}
  }
  const r = decodeRunstate(v.runstateArea.bytes, layoutOf(v.runstateArea))
  return {
    vcpu: v.vcpuId, registered: true, area: `0x${v.runstateArea.addr.toString(16)}`,
    state: RUNSTATE_NAMES[r.state] ?? String(r.state),
    stateEntryTime: `0x${r.stateEntryTime.toString(16).padStart(16, '0')}`,
    updateFlag: (r.stateEntryTime & XEN_RUNSTATE_UPDATE) !== 0n,
    time: {running: String(r.time[0]), runnable: String(r.time[1]), blocked: String(r.time[2]), offline: String(r.time[3])},
    stealNs: String(r.time[1] + r.time[3]),
  }
}

export function runstateRecord(host: Host, d: Domain, vcpu?: number) {
  const g = d.guest
  const shown = d.vcpus.filter(v => vcpu === undefined || v.vcpuId === vcpu)
  const leaks: RunstateGetLeak[] = []
  for (const v of shown) {
    const got = vcpuRunstateGet(host, d, v)
    if (got.flagLeaked) {
      leaks.push({vcpu: v.vcpuId, state: RUNSTATE_NAMES[v.runstate.state], droppedNs: got.droppedNs,
        stateEntryTime: `0x${got.stateEntryTime.toString(16).padStart(16, '0')}`})
    }
  }
  return {
    domid: d.domid, name: d.name, nowNs: jsonNs(nowNs(host)),
    runstateUpdateFlag: runstateFlagEnabled(d),
    remoteReadsAllowed: g.runstateRemote,
    stealClock: g.stealClock,
    runqueueStealEnabled: g.stealRqEnabled,
    // A 32-bit guest's areas: the compat layout (has_32bit_shinfo).
    ...(d.guestBits === 32 ? {layout: 'compat' as const} : {}),
    vcpus: shown.map(row),
    ...(leaks.length > 0 ? {xen: xenFacts(host.config.xen).release, runstateGetLeaks: leaks} : {}),
  }
}

const yes = (b: boolean) => (b ? 'yes' : 'no')

export function formatRunstate(r: ReturnType<typeof runstateRecord>): string {
  const head = `Domain ${r.name} (id ${r.domid}) at ${r.nowNs} ns: runstate_update_flag ${r.runstateUpdateFlag ? 'enabled' : 'disabled'}, ` +
    `steal clock ${yes(r.stealClock)}, remote reads allowed ${yes(r.remoteReadsAllowed)}, runqueue steal time ${r.runqueueStealEnabled ? 'enabled' : 'disabled'}` +
    `${r.layout === 'compat' ? ', 32-bit compat layout (44 bytes)' : ''}\n`
  const cols = 'VCPU State    state_entry_time   Flag      running(ns)     runnable(ns)      blocked(ns)      offline(ns)        steal(ns)\n'
  const lines = r.vcpus.map(v => v.registered
    ? `${String(v.vcpu).padStart(4)} ${v.state.padEnd(8)} ${v.stateEntryTime} ${(v.updateFlag ? 'SET' : '-').padEnd(4)} ` +
      [v.time.running, v.time.runnable, v.time.blocked, v.time.offline, v.stealNs].map(t => t.padStart(16)).join(' ') + '\n'
    : `${String(v.vcpu).padStart(4)} (no runstate area registered)\n`)
  return head + cols + lines.join('') + (r.runstateGetLeaks ?? []).map(l => leakNote(r.xen!, l)).join('')
}

function leakNote(xen: string, l: RunstateGetLeak): string {
  return `note: vcpu ${l.vcpu}'s area is being rewritten: Xen ${xen}'s update_runstate_area() sets XEN_RUNSTATE_UPDATE in Xen's own record, ` +
    `so vcpu_runstate_get() now returns state_entry_time ${l.stateEntryTime}; NOW() - state_entry_time is negative as an s_time_t, ` +
    `so time[${l.state}] misses the ${l.droppedNs} ns since vcpu ${l.vcpu} entered ${l.state}` +
    (l.state === 'running' ? ' (xl vcpu-list and xl list get that time[running])' : '') +
    '. Fixed in Xen 4.13 by f28c4c4c10 (sched: don\'t let XEN_RUNSTATE_UPDATE leak into vcpu_runstate_get()).\n'
}
