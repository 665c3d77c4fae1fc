// Simulated time. Wall mode: each command first catches up the real time
// elapsed since the last one, all of it (a host left alone for a week is a
// week older: the scheduler's steady-state fast-forward makes long spans
// cheap, see src/hypervisor/sched/index.ts). Manual mode: time moves only
// with `xl clock advance`. NOW() is Xen's s_time_t, signed 64-bit ns
// (xen/include/xen/time.h), so it ends after 292 years.
import type {Host} from '../hypervisor/host.js'
import {STIME_MAX, nowNs} from '../hypervisor/time.js'
import {advanceBy as schedAdvanceBy} from '../hypervisor/sched/index.js'
import {XlError} from './errors.js'

export function advanceBy(host: Host, ns: number | bigint): void {
  const span = BigInt(ns)
  if (span < 0n) throw new XlError('cannot move simulated time backwards')
  if (nowNs(host) + span > STIME_MAX) {
    throw new XlError(`simulated uptime would pass ${STIME_MAX / 86_400_000_000_000n} days, the most Xen's 64-bit system time holds; start a new host with \`xl host init --force\``)
  }
  schedAdvanceBy(host, span)
}

/** Returns how much simulated time was caught up (ns). */
export function catchUpWallClock(host: Host, lastWallMs: number, nowWallMs: number): bigint {
  if (host.config.clock !== 'wall') return 0n
  const elapsedMs = Math.max(0, Math.floor(nowWallMs) - Math.floor(lastWallMs))
  let ns = BigInt(elapsedMs) * 1_000_000n
  const room = STIME_MAX - nowNs(host)
  if (ns > room) ns = room
  // Bounded: on a big host the fast-forward starts sooner (src/hypervisor/sched/index.ts).
  if (ns > 0n) schedAdvanceBy(host, ns, {bounded: true})
  return ns
}
