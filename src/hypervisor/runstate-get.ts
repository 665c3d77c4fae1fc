// vcpu_runstate_get() (xen/common/schedule.c) as a caller on another pCPU
// sees it: the toolstack's XEN_DOMCTL_getvcpuinfo (xl vcpu-list) and
// XEN_DOMCTL_getdomaininfo (xl list), or a guest's VCPUOP_get_runstate_info.
//
// Xen 4.8-4.12 raise XEN_RUNSTATE_UPDATE in the hypervisor's OWN
// v->runstate.state_entry_time, copy that record to the guest, and clear the
// bit afterwards (RELEASE-4.12.0 xen/arch/x86/domain.c:1573 and :1593,
// xen/arch/arm/domain.c:289 and :299). The copy runs in context_switch(),
// after schedule() has dropped the scheduler lock (xen/common/schedule.c:1572,
// :1583), so vcpu_runstate_get() on another pCPU (it takes that lock,
// schedule.c:201) can copy the record in between, and then computes
// (schedule.c:205-207)
//     delta = NOW() - runstate->state_entry_time;
//     if ( delta > 0 ) runstate->time[runstate->state] += delta;
// NOW() is an s_time_t (s64, xen/include/xen/time.h:32), state_entry_time a
// uint64_t (xen/include/public/vcpu.h:85): the subtraction is
// unsigned, NOW - entry + 2^63 mod 2^64, and as the s_time_t `delta` that is
// NOW - entry - 2^63, hugely negative. The `delta > 0` guard drops it, so
// the caller gets time[state] without the time spent in the current state
// (for a running vCPU: Time(s) misses the time since it was switched in)
// and a state_entry_time with bit 63 set. Fixed in 4.13 by f28c4c4c10
// ("sched: don't let XEN_RUNSTATE_UPDATE leak into vcpu_runstate_get()"):
// update_runstate_area() works on a local copy (RELEASE-4.13.0
// xen/arch/x86/domain.c:1639, :1647, :1667).
import type {Host} from './host.js'
import {vcpuCpuTime, type Domain, type Vcpu} from './domain.js'
import {decodeRunstate, layoutOf, runstateAt, runstateEntryNs, XEN_RUNSTATE_UPDATE, type RunstateInfo} from './runstate.js'
import {runstateFlagEnabled} from './sched/accounting.js'
import {xenFacts} from './xen-versions.js'
import {RUNSTATE_running} from './types.js'

/**
 * How long update_runstate_area() keeps the flag set in v->runstate, from
 * the switch that entered the current state: one byte store, smp_wmb(), the
 * record's copy, smp_wmb(), one byte store. A modelled cost, not a
 * measurement; it only decides which reads fall inside the update.
 */
export const UPDATE_RUNSTATE_AREA_NS = 1000

export interface RunstateGet {
  /** The record vcpu_runstate_get() returns (time[] up to now, or up to the state's entry when the flag leaked). */
  runstate: RunstateInfo
  /** state_entry_time as returned, bit 63 included. */
  stateEntryTime: bigint
  /** The read fell inside update_runstate_area() on a Xen that leaks the flag into it. */
  flagLeaked: boolean
  /** ns of the current state the caller did not get (0 unless flagLeaked). */
  droppedNs: number
}

/**
 * Is the guest copy of v being rewritten at host.now? Xen rewrites it when v
 * is switched in or out, at the entry into its new state; the copy the area
 * holds says when that last happened (a wake-up from blocked, which does not
 * rewrite it, leaves an older entry time there).
 */
export function inGuestCopyUpdate(host: Host, d: Domain, v: Vcpu): boolean {
  const area = v.runstateArea
  const rs = v.runstate
  const since = host.now - rs.entryTime
  if (area === null || area.phys || since < 0 || since >= UPDATE_RUNSTATE_AREA_NS || !runstateFlagEnabled(d)) return false
  const copy = decodeRunstate(area.bytes, layoutOf(area))
  return copy.state === rs.state && copy.stateEntryTime === runstateEntryNs(rs)
}

/** Would a vcpu_runstate_get() of v at host.now see XEN_RUNSTATE_UPDATE? (Only on a Xen that leaks it.) */
export function runstateGetLeaks(host: Host, d: Domain, v: Vcpu): boolean {
  return xenFacts(host.config.xen).flagLeaksIntoRunstateGet && inGuestCopyUpdate(host, d, v)
}

export function vcpuRunstateGet(host: Host, d: Domain, v: Vcpu): RunstateGet {
  const rs = v.runstate
  if (!runstateGetLeaks(host, d, v)) {
    return {runstate: runstateAt(rs, host.now), stateEntryTime: runstateEntryNs(rs), flagLeaked: false, droppedNs: 0}
  }
  return {
    runstate: runstateAt(rs, rs.entryTime),
    stateEntryTime: runstateEntryNs(rs) | XEN_RUNSTATE_UPDATE,
    flagLeaked: true,
    droppedNs: host.now - rs.entryTime,
  }
}

/**
 * runstate.time[RUNSTATE_running] of vcpu_runstate_get(), the vCPU's
 * cpu_time in XEN_DOMCTL_getvcpuinfo and its share of XEN_DOMCTL_getdomaininfo's.
 */
export function vcpuRunningTime(host: Host, d: Domain, v: Vcpu, plain: number): number {
  if (v.runstate.state !== RUNSTATE_running || !runstateGetLeaks(host, d, v)) return plain
  return plain - (host.now - v.runstate.entryTime)
}

/** XEN_DOMCTL_getdomaininfo's cpu_time (xen/common/domctl.c): the sum of each vCPU's. */
export function domainRunningTime(host: Host, d: Domain): number {
  let total = 0
  for (const v of d.vcpus) total += vcpuRunningTime(host, d, v, vcpuCpuTime(v, host.now))
  return total
}
