// Runstate transitions as the scheduler makes them: vcpu_runstate_change()
// (xen/common/sched/core.c) plus, when the vCPU is switched in or out, the
// guest-copy refresh update_runstate_area() does on a context switch.
import type {Host} from '../host.js'
import type {Domain, Vcpu} from '../domain.js'
import {changeRunstate, updateGuestCopy} from '../runstate.js'
import {RUNSTATE_running, type RunstateState} from '../types.js'
import {VMASST_TYPE_runstate_update_flag} from '../vm-assist.js'

const RUNSTATE_FLAG_BIT = 1n << BigInt(VMASST_TYPE_runstate_update_flag)

// The last vm_assist mask tested and its answer: a bigint `&` allocates a
// new bigint, and this runs at every context switch of a vCPU with a guest
// copy; comparing two bigints for equality allocates nothing, and the
// domains of a host mostly share one mask.
let lastMask = 0n
let lastFlag = false

export function runstateFlagEnabled(d: Domain): boolean {
  const mask = d.vmAssist
  if (mask !== lastMask) {
    lastFlag = (mask & RUNSTATE_FLAG_BIT) !== 0n
    lastMask = mask
  }
  return lastFlag
}

/** What a switch reads the time from (the engine, the host). */
export interface Clock {
  readonly now: number
}

/**
 * Move a vCPU to a new runstate at clock.now, with the guest-copy update a
 * context switch makes. (The clock, not the time, is passed: a double handed
 * to a call V8 does not inline is boxed, an allocation per switch.)
 */
export function switchRunstate(d: Domain, v: Vcpu, next: RunstateState, clock: Clock): void {
  const rs = v.runstate
  if (rs.state === next) return
  const switched = rs.state === RUNSTATE_running || next === RUNSTATE_running
  changeRunstate(rs, next, clock.now)
  if (switched && v.runstateArea) updateGuestCopy(v.runstateArea, rs, runstateFlagEnabled(d))
}

/** The exported form: at the host's current time. */
export function setRunstate(host: Host, d: Domain, v: Vcpu, next: RunstateState): void {
  switchRunstate(d, v, next, host)
}
