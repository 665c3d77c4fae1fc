// Simulated time. Wall mode: each command first catches up the real time
// elapsed since the last one, capped (a user back after a week waits for at
// most maxCatchupNs of simulation, not a week). Manual mode: time moves only
// with `xl clock advance`.
import type {Host} from '../hypervisor/host.js'
import {MAX_SIM_NS} from '../hypervisor/types.js'
import {advanceTo} from '../hypervisor/sched/index.js'
import {XlError} from './errors.js'

export function advanceBy(host: Host, ns: number): void {
  if (ns < 0) throw new XlError('cannot move simulated time backwards')
  if (host.now + ns > MAX_SIM_NS) {
    throw new XlError(`simulated uptime would pass ${Math.floor(MAX_SIM_NS / 86400e9)} days, the most this host can represent exactly; start a new host with \`xl host init --force\``)
  }
  advanceTo(host, host.now + ns)
}

/** Returns how much simulated time was caught up (ns). */
export function catchUpWallClock(host: Host, lastWallMs: number, nowWallMs: number): number {
  if (host.config.clock !== 'wall') return 0
  const elapsedNs = Math.max(0, nowWallMs - lastWallMs) * 1e6
  const ns = Math.min(elapsedNs, host.config.maxCatchupNs, MAX_SIM_NS - host.now)
  if (ns > 0) advanceTo(host, host.now + ns)
  return ns
}
