// The scheduler as the rest of the core sees it. The event loop, run queues
// and policies (credit, credit2) live behind this small interface.
//
// PLACEHOLDER (issue A): no vCPU competes for pCPUs yet. A vCPU that can run
// sits blocked (an idle guest waiting for events); one that cannot is offline.
// Issue B replaces this with the discrete-event scheduler.
import type {Host} from '../host.js'
import type {Domain, Vcpu} from '../domain.js'
import {vcpuCanRun} from '../domain.js'
import {changeRunstate, updateGuestCopy} from '../runstate.js'
import {RUNSTATE_blocked, RUNSTATE_offline, type RunstateState} from '../types.js'
import {VMASST_TYPE_runstate_update_flag} from '../vm-assist.js'

/** Move a vCPU to a new runstate, with the guest-copy update a context switch makes. */
export function setRunstate(host: Host, d: Domain, v: Vcpu, next: RunstateState): void {
  if (v.runstate.state === next) return
  const wasRunning = v.runstate.state === 0
  changeRunstate(v.runstate, next, host.now)
  if (v.runstateArea && (wasRunning || next === 0)) {
    updateGuestCopy(v.runstateArea, v.runstate, runstateFlagEnabled(d))
  }
}

export function runstateFlagEnabled(d: Domain): boolean {
  return (d.vmAssist & (1n << BigInt(VMASST_TYPE_runstate_update_flag))) !== 0n
}

/** Something about a vCPU changed (pause, unpause, boot, vcpu-set, pin, shutdown). */
export function vcpuChanged(host: Host, d: Domain, v: Vcpu): void {
  if (!vcpuCanRun(d, v)) setRunstate(host, d, v, RUNSTATE_offline)
  else if (v.runstate.state === RUNSTATE_offline) setRunstate(host, d, v, RUNSTATE_blocked)
}

export function domainChanged(host: Host, d: Domain): void {
  for (const v of d.vcpus) vcpuChanged(host, d, v)
}

/** The domain is going away: its vCPUs leave the run queues. */
export function domainRemoved(_host: Host, _d: Domain): void {}

/** Run the host until simulated time `t` (ns). */
export function advanceTo(host: Host, t: number): void {
  if (t < host.now) throw new Error(`cannot move time backwards (${host.now} -> ${t})`)
  host.now = t
}
