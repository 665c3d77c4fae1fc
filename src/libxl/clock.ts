// Simulated time. Wall mode: each command first catches up the real time
// elapsed since the last one, all of it (a host left alone for a week is a
// week older: the scheduler's steady-state fast-forward makes long spans
// cheap, see src/hypervisor/sched/index.ts). Manual mode: time moves only
// with `xl clock advance` (and the commands that wait, as xl does: xl top's
// frames, shutdown -w, a shutdown request nobody acknowledges). NOW() is
// Xen's s_time_t, signed 64-bit ns (xen/include/xen/time.h), so it ends
// after 292 years. Guests that are shutting down make their
// SCHEDOP_shutdown at their due time within any advance, and the toolstack's
// domain watcher acts on it there (src/libxl/domain.ts guestShutdownDone).
import type {Host} from '../hypervisor/host.js'
import {STIME_MAX, nowNs} from '../hypervisor/time.js'
import {advanceBy as schedAdvanceBy, type AdvanceOptions} from '../hypervisor/sched/index.js'
import {nextShutdownDue} from '../guest/shutdown.js'
import {guestShutdownDone} from './domain.js'
import {XlError} from './errors.js'

/** Run the host `span` ns, stopping at each guest's shutdown on the way. */
function runWithGuestEvents(host: Host, span: bigint, opts: AdvanceOptions = {}): void {
  let left = span
  for (;;) {
    const next = nextShutdownDue(host)
    const until = next ? next.dueNs - nowNs(host) : null
    if (!next || until! > left) {
      if (left > 0n) schedAdvanceBy(host, left, opts)
      return
    }
    if (until! > 0n) {
      schedAdvanceBy(host, until!, opts)
      left -= until!
    }
    guestShutdownDone(host, next.d)
  }
}

export function advanceBy(host: Host, ns: number | bigint): void {
  const span = BigInt(ns)
  if (span < 0n) throw new XlError('cannot move simulated time backwards')
  if (nowNs(host) + span > STIME_MAX) {
    throw new XlError(`simulated uptime would pass ${STIME_MAX / 86_400_000_000_000n} days, the most Xen's 64-bit system time holds; start a new host with \`xl host init --force\``)
  }
  runWithGuestEvents(host, span)
}

/** Returns how much simulated time was caught up (ns). */
export function catchUpWallClock(host: Host, lastWallMs: number, nowWallMs: number): bigint {
  if (host.config.clock !== 'wall') return 0n
  const elapsedMs = Math.max(0, Math.floor(nowWallMs) - Math.floor(lastWallMs))
  let ns = BigInt(elapsedMs) * 1_000_000n
  const room = STIME_MAX - nowNs(host)
  if (ns > room) ns = room
  // Bounded: on a big host the fast-forward starts sooner (src/hypervisor/sched/index.ts).
  if (ns > 0n) runWithGuestEvents(host, ns, {bounded: true})
  return ns
}
