// System time. Xen's NOW() is an s_time_t: signed 64-bit ns since boot
// (xen/include/xen/time.h), so a host runs for centuries. The scheduler's
// event loop keeps time in JS doubles, exact only below 2^53 ns (104 days),
// so it works relative to an epoch: host.now is ns since the epoch, and the
// epoch moves forward (a rebase, see sched/engine.ts) whenever host.now
// reaches REBASE_AT_NS. Exact 64-bit totals (runstate time[], uptime) are
// folded at those points; between them nothing on the hot path uses bigint.

/** What of the host the clock reads (not Host itself: host.ts imports the domain model, which imports this). */
interface HostClock {
  readonly now: number
  readonly sched: Readonly<Record<string, unknown>>
}

export const TWO_32 = 2 ** 32

/**
 * How far the epoch moves at a rebase: a multiple of 80 ms, so every
 * scheduler period keeps its phase (credit's 10 ms ticks at the default
 * 30 ms timeslice, credit2's 10 ms budget replenishment, its 1024-ns load
 * units); other credit timeslices shift their tick phase once per rebase.
 * About 50.5 days.
 */
export const EPOCH_STEP_NS = 13 * TWO_32 * 5 ** 7
/** host.now stays below this (about 101 days): below 2^53, with room for timers armed ahead. */
export const REBASE_AT_NS = 2 * EPOCH_STEP_NS
/** The largest s_time_t. */
export const STIME_MAX = (1n << 63n) - 1n

/** The epoch, in ns (kept in host.sched by the scheduler, so it persists with the rest of its state). */
export function epochNs(host: HostClock): bigint {
  const e = host.sched.epochNs
  return typeof e === 'string' ? BigInt(e) : 0n
}

/** NOW(): simulated system time in ns since boot, exact. */
export function nowNs(host: HostClock): bigint {
  return epochNs(host) + BigInt(host.now)
}

/** hi * 2^32 + lo as an exact bigint (lo may be negative or above 2^32). */
export function joinNs(hi: number, lo: number): bigint {
  return (BigInt(hi) << 32n) + BigInt(lo)
}

/** A ns count for JSON output: a number while it is exact (below 2^53), else its decimal string. */
export function jsonNs(ns: bigint): number | string {
  return ns <= BigInt(Number.MAX_SAFE_INTEGER) && ns >= -BigInt(Number.MAX_SAFE_INTEGER) ? Number(ns) : ns.toString()
}
