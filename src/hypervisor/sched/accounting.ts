// Runstate transitions as the scheduler makes them: vcpu_runstate_change()
// (xen/common/sched/core.c) plus, when the vCPU is switched in or out, the
// guest-copy refresh update_runstate_area() does on a context switch.
import type {Host} from '../host.js'
import type {Domain, Vcpu} from '../domain.js'
import {changeRunstate, updateGuestCopy} from '../runstate.js'
import {RUNSTATE_running, type RunstateState} from '../types.js'
import {VMASST_TYPE_runstate_update_flag} from '../vm-assist.js'

const RUNSTATE_FLAG_BIT = 1n << BigInt(VMASST_TYPE_runstate_update_flag)

export function runstateFlagEnabled(d: Domain): boolean {
  return (d.vmAssist & RUNSTATE_FLAG_BIT) !== 0n
}

/** Move a vCPU to a new runstate at `now`, with the guest-copy update a context switch makes. */
export function switchRunstate(d: Domain, v: Vcpu, next: RunstateState, now: number): void {
  const rs = v.runstate
  if (rs.state === next) return
  const switched = rs.state === RUNSTATE_running || next === RUNSTATE_running
  changeRunstate(rs, next, now)
  if (switched && v.runstateArea) updateGuestCopy(v.runstateArea, rs, runstateFlagEnabled(d))
}

/** The exported form: at the host's current time. */
export function setRunstate(host: Host, d: Domain, v: Vcpu, next: RunstateState): void {
  switchRunstate(d, v, next, host.now)
}
