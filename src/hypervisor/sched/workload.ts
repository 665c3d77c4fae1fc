// What a guest runs on a vCPU, as the scheduler sees it: bursts of CPU work
// separated by blocking (the guest's idle loop halts in SCHEDOP_block until
// its next event). This is the guest model's behaviour; the
// scheduler only asks "how much CPU until you block?" and "when do you wake?".
//
//   idle            a NO_HZ Linux with nothing to do: wakes every 10-100 ms
//                   for a 50-200 us burst (timers, RCU, housekeeping)
//   cpu             always runnable (a busy loop)
//   duty:P[:T]      needs P% of each period T (default 100ms) of *CPU time*:
//                   descheduled, it needs longer; a period it cannot finish
//                   runs on into the next (at most one period of backlog)
//   io:MS           ~0.1 ms bursts, then blocks MS milliseconds (waits for I/O)
//
// Randomness comes from the host's seeded generator only.
import {NS_PER_MS, NS_PER_S, NS_PER_US} from '../types.js'
import type {Clock} from './timers.js'

export type Workload =
  | {kind: 'idle'}
  | {kind: 'cpu'}
  | {kind: 'duty'; percent: number; periodNs: number}
  | {kind: 'io'; blockNs: number}

export const DEFAULT_DUTY_PERIOD_NS = 100 * NS_PER_MS

const IDLE_BURST_MIN = 50 * NS_PER_US
const IDLE_BURST_SPAN = 150 * NS_PER_US
const IDLE_GAP_MIN = 10 * NS_PER_MS
const IDLE_GAP_SPAN = 90 * NS_PER_MS
const IO_BURST_MIN = 80 * NS_PER_US
const IO_BURST_SPAN = 40 * NS_PER_US

/** `100ms`, `1s`, `250us`, `2000000ns`; a bare number is milliseconds. */
export function parseDuration(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)(ns|us|ms|s)?$/.exec(text.trim())
  if (!m) return undefined
  const unit = m[2] ?? 'ms'
  const scale = unit === 'ns' ? 1 : unit === 'us' ? NS_PER_US : unit === 'ms' ? NS_PER_MS : NS_PER_S
  const ns = Math.round(Number(m[1]) * scale)
  return Number.isSafeInteger(ns) ? ns : undefined
}

export function parseWorkload(spec: string): Workload | {error: string} {
  const parts = spec.trim().split(':')
  const kind = parts[0]
  switch (kind) {
    case 'idle':
    case 'cpu':
      if (parts.length !== 1) return {error: `workload "${spec}": "${kind}" takes no arguments`}
      return {kind}
    case 'duty': {
      if (parts.length < 2 || parts.length > 3) return {error: `workload "${spec}": expected duty:<percent>[:<period>]`}
      const percent = Number(parts[1].replace(/%$/, ''))
      if (!Number.isFinite(percent) || percent <= 0 || percent > 100 || parts[1] === '') {
        return {error: `workload "${spec}": percent must be in (0, 100]`}
      }
      const periodNs = parts.length === 3 ? parseDuration(parts[2]) : DEFAULT_DUTY_PERIOD_NS
      if (periodNs === undefined || periodNs < 100 * NS_PER_US || periodNs > 3600 * NS_PER_S) {
        return {error: `workload "${spec}": period must be a duration between 100us and 1h (e.g. 100ms)`}
      }
      return {kind: 'duty', percent, periodNs}
    }
    case 'io': {
      if (parts.length !== 2) return {error: `workload "${spec}": expected io:<ms>`}
      const blockNs = parseDuration(parts[1])
      if (blockNs === undefined || blockNs < 10 * NS_PER_US || blockNs > 3600 * NS_PER_S) {
        return {error: `workload "${spec}": the I/O wait must be a duration between 10us and 1h`}
      }
      return {kind: 'io', blockNs}
    }
    default:
      return {error: `unknown workload "${spec}" (expected idle, cpu, duty:<percent>[:<period>] or io:<ms>)`}
  }
}

export function formatWorkload(w: Workload): string {
  switch (w.kind) {
    case 'idle': case 'cpu': return w.kind
    case 'duty': return w.periodNs === DEFAULT_DUTY_PERIOD_NS ? `duty:${w.percent}` : `duty:${w.percent}:${w.periodNs / NS_PER_MS}ms`
    case 'io': return `io:${w.blockNs / NS_PER_MS}`
  }
}

/**
 * Specs already parsed, with what they gave (frozen: one object is shared by
 * every vCPU running the spec). A host's vCPUs run a handful of specs, and
 * a big one is built with a parse per vCPU; bounded, as specs are user input.
 */
const parsed = new Map<string, Workload>()
const PARSED_MAX = 256

/** A vCPU's workload as the engine caches it: an unparsable spec runs as `idle`. */
export function workloadOf(spec: string): Workload {
  let w = parsed.get(spec)
  if (w === undefined) {
    const p = parseWorkload(spec)
    w = Object.freeze('error' in p ? {kind: 'idle'} : p)
    if (parsed.size >= PARSED_MAX) parsed.clear()
    parsed.set(spec, w)
  }
  return w
}

/** Do two workloads run the same (what comparing their JSON said, without making it)? */
export function sameWorkload(a: Workload, b: Workload): boolean {
  if (a === b) return true
  switch (a.kind) {
    case 'idle': case 'cpu': return b.kind === a.kind
    case 'duty': return b.kind === 'duty' && b.percent === a.percent && b.periodNs === a.periodNs
    case 'io': return b.kind === 'io' && b.blockNs === a.blockNs
  }
}

/** Progress of a workload between bursts (persisted in vcpu.sched). */
export interface WorkloadProgress {
  /** duty: start of the current period (ns). */
  periodStart: number
}

/**
 * CPU time (ns) the burst starting now needs; Infinity for `cpu`. `bits`
 * draws 32 random bits (an int32, see nextRandomBits): the fraction in
 * [0, 1) is (bits() >>> 0) / 2^32, worked out here.
 */
export function burstWork(w: Workload, bits: () => number): number {
  switch (w.kind) {
    case 'cpu': return Infinity
    case 'idle': return IDLE_BURST_MIN + Math.floor(((bits() >>> 0) / 4294967296) * (IDLE_BURST_SPAN + 1))
    case 'io': return IO_BURST_MIN + Math.floor(((bits() >>> 0) / 4294967296) * (IO_BURST_SPAN + 1))
    case 'duty': return Math.max(1, Math.round(w.periodNs * w.percent / 100))
  }
}

/**
 * A burst completed at clock.now: how long until the vCPU wants the CPU
 * again (0: it goes on at once, a duty cycle behind schedule)? A delay and
 * not a time, so the result stays a small integer (see TimerQueue.setAfter).
 */
export function wakeDelay(w: Workload, p: WorkloadProgress, clock: Clock, bits: () => number): number {
  const now = clock.now
  switch (w.kind) {
    case 'cpu': return 0
    case 'idle': return IDLE_GAP_MIN + Math.floor(((bits() >>> 0) / 4294967296) * (IDLE_GAP_SPAN + 1))
    case 'io': return w.blockNs
    case 'duty': {
      const next = p.periodStart + w.periodNs
      if (next > now) {
        p.periodStart = next
        return next - now
      }
      // Behind: start the period we are in now (older missed periods are dropped).
      p.periodStart = next + Math.floor((now - next) / w.periodNs) * w.periodNs
      return 0
    }
  }
}

/**
 * Long-run shape of a workload for the steady-state fast-forward: mean CPU
 * per burst and mean blocked time between bursts (when never kept waiting).
 */
export function workloadProfile(w: Workload): {burstNs: number; gapNs: number} {
  switch (w.kind) {
    case 'cpu': return {burstNs: Infinity, gapNs: 0}
    case 'idle': return {burstNs: IDLE_BURST_MIN + IDLE_BURST_SPAN / 2, gapNs: IDLE_GAP_MIN + IDLE_GAP_SPAN / 2}
    case 'io': return {burstNs: IO_BURST_MIN + IO_BURST_SPAN / 2, gapNs: w.blockNs}
    case 'duty': {
      const burst = Math.max(1, Math.round(w.periodNs * w.percent / 100))
      return {burstNs: burst, gapNs: w.periodNs - burst}
    }
  }
}
