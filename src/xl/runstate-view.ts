// `xl runstate`: each vCPU's runstate record as the guest sees it (decoded
// from the bytes of its registered area) and what the guest derives from it.
import type {Host} from '../hypervisor/host.js'
import type {Domain, Vcpu} from '../hypervisor/domain.js'
import {decodeRunstate, layoutOf, XEN_RUNSTATE_UPDATE} from '../hypervisor/runstate.js'
import {RUNSTATE_NAMES} from '../hypervisor/types.js'
import {runstateFlagEnabled} from '../hypervisor/sched/index.js'
import {jsonNs, nowNs} from '../hypervisor/time.js'

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
  return {
    domid: d.domid, name: d.name, nowNs: jsonNs(nowNs(host)),
    runstateUpdateFlag: runstateFlagEnabled(d),
    remoteReadsAllowed: g.runstateRemote,
    stealClock: g.stealClock,
    runqueueStealEnabled: g.stealRqEnabled,
    vcpus: d.vcpus.filter(v => vcpu === undefined || v.vcpuId === vcpu).map(row),
  }
}

const yes = (b: boolean) => (b ? 'yes' : 'no')

export function formatRunstate(r: ReturnType<typeof runstateRecord>): string {
  const head = `Domain ${r.name} (id ${r.domid}) at ${r.nowNs} ns: runstate_update_flag ${r.runstateUpdateFlag ? 'enabled' : 'disabled'}, ` +
    `steal clock ${yes(r.stealClock)}, remote reads allowed ${yes(r.remoteReadsAllowed)}, runqueue steal time ${r.runqueueStealEnabled ? 'enabled' : 'disabled'}\n`
  const cols = 'VCPU State    state_entry_time   Flag      running(ns)     runnable(ns)      blocked(ns)      offline(ns)        steal(ns)\n'
  const lines = r.vcpus.map(v => v.registered
    ? `${String(v.vcpu).padStart(4)} ${v.state.padEnd(8)} ${v.stateEntryTime} ${(v.updateFlag ? 'SET' : '-').padEnd(4)} ` +
      [v.time.running, v.time.runnable, v.time.blocked, v.time.offline, v.stealNs].map(t => t.padStart(16)).join(' ') + '\n'
    : `${String(v.vcpu).padStart(4)} (no runstate area registered)\n`)
  return head + cols + lines.join('')
}
