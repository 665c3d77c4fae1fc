// The scheduler as the rest of the core sees it. The event loop (engine.ts),
// run queues and policies (credit.ts, credit2.ts) live behind this small
// interface. All scheduler state is persisted in host.sched and vcpu.sched
// as plain JSON; the engine built from it is the live state, rebuilt
// whenever that JSON was replaced (a new process loaded the host) or the
// set of domains changed. The JSON is written by saveScheduler(), which
// whoever persists or copies a host calls first: writing it on every call
// cost O(vCPUs) per call, so a domain with many vCPUs (one call each at
// boot) was quadratic to create.
import type {Host} from '../host.js'
import type {Domain, Vcpu} from '../domain.js'
import {EINVAL, HypervisorError} from '../errno.js'

import {formatRanges} from '../domain.js'
import {NS_PER_S, type SchedulerName} from '../types.js'
import {EPOCH_STEP_NS, REBASE_AT_NS, nowNs} from '../time.js'
import {Engine} from './engine.js'
import {POLICIES} from './policies.js'
import {fastForward} from './fluid.js'
import {schedulerProblems} from './check.js'
import type {Unit} from './policy.js'
import {Rtds, RTDS_DEFAULT_BUDGET, RTDS_DEFAULT_PERIOD, RTDS_MAX_PERIOD, RTDS_MIN_BUDGET, RTDS_MIN_PERIOD} from './rt.js'

export {setRunstate, runstateFlagEnabled} from './accounting.js'
export {parseWorkload, formatWorkload, type Workload} from './workload.js'
export {cpuTopology, type CpuTopology} from './topology.js'

const engines = new WeakMap<Host, Engine>()

/** Default: advances longer than this are fast-forwarded (see fluid.ts). */
export const DEFAULT_FAST_FORWARD_NS = 120 * NS_PER_S
/** The last stretch of a fast-forwarded advance is simulated event by event. */
export const EXACT_TAIL_NS = 10 * NS_PER_S

function engineFor(host: Host, d?: Domain): Engine {
  let e = engines.get(host)
  if (!e || !e.isCurrent(host, d)) {
    // What the old engine did is kept unless someone replaced the saved state.
    if (e && host.sched === e.savedState() && e.dirty()) e.save()
    e = Engine.load(host, POLICIES)
    engines.set(host, e)
  }
  if (host.now > e.now) e.runUntil(host.now)
  return e
}

/** After a change made outside the event loop: run what it set off (tickles are due now). */
function done(host: Host, e: Engine): void {
  e.touched = true
  e.runUntil(host.now)
}

/**
 * Write the scheduler's live state into host.sched and every vcpu.sched
 * (plain JSON). Call it before persisting or copying the host; nothing is
 * written when nothing changed since the last time.
 */
export function saveScheduler(host: Host): void {
  const e = engines.get(host)
  if (!e || host.sched !== e.savedState() || !e.dirty()) return
  e.save()
}

/** Something about a vCPU changed (pause, unpause, boot, vcpu-set, shutdown, workload). */
export function vcpuChanged(host: Host, d: Domain, v: Vcpu): void {
  const e = engineFor(host, d)
  const u = e.unitOf(d.domid, v.vcpuId)
  if (u) e.unitChanged(u)
  done(host, e)
}

/** The guest's task on v ended now: v blocks (SCHEDOP_block) as at the end of a burst. */
export function vcpuTaskDone(host: Host, d: Domain, v: Vcpu): void {
  const e = engineFor(host, d)
  const u = e.unitOf(d.domid, v.vcpuId)
  if (u) e.endBurst(u)
  done(host, e)
}

/**
 * v's hard affinity (`hard`) or its soft affinity was just set: the vCPU
 * migrates to a pCPU the new affinity allows (see Engine.affinityChanged).
 */
export function vcpuAffinityChanged(host: Host, d: Domain, v: Vcpu, hard: boolean): void {
  const e = engineFor(host, d)
  const u = e.unitOf(d.domid, v.vcpuId)
  if (u) e.affinityChanged(u, hard)
  done(host, e)
}

export function domainChanged(host: Host, d: Domain): void {
  const e = engineFor(host, d)
  e.policy.adjust(d)
  for (const v of d.vcpus) {
    const u = e.unitOf(d.domid, v.vcpuId)
    if (u) e.unitChanged(u)
  }
  done(host, e)
}

/** The domain is going away: its vCPUs leave the pCPUs and run queues. */
export function domainRemoved(host: Host, d: Domain): void {
  const e = engineFor(host, d)
  e.removeDomain(d.domid)
  done(host, e)
  e.save()
  // The next call rebuilds without the domain's vCPUs.
  engines.delete(host)
  for (const v of d.vcpus) v.sched = {}
}

/**
 * Run the host until simulated time `t` (ns since the epoch, as host.now).
 * Long advances are fast-forwarded by steady-state shares, all but the last
 * stretch (disable with setFastForward(host, 0)).
 */
export function advanceTo(host: Host, t: number): void {
  if (t < host.now) throw new Error(`cannot move time backwards (${host.now} -> ${t})`)
  advanceBy(host, BigInt(t - host.now))
}

/**
 * A bounded advance (the wall clock's catch-up, which a command pays for
 * before it can do what was asked) is simulated event by event only up to
 * this many vCPU-seconds (vCPUs x span): beyond it, the span is
 * fast-forwarded and only the last EXACT_TAIL_VCPU_NS per vCPU (at most
 * EXACT_TAIL_NS) is exact. On a host of up to 16 vCPUs that is the usual
 * 120 s threshold and 10 s tail; with a thousand busy domains an idle
 * minute costs a fraction of a second instead of tens of seconds.
 */
export const EXACT_VCPU_NS = 16 * DEFAULT_FAST_FORWARD_NS
export const EXACT_TAIL_VCPU_NS = 16 * EXACT_TAIL_NS

export interface AdvanceOptions {
  /** Scale the fast-forward threshold and exact tail down on big hosts (see EXACT_VCPU_NS). */
  bounded?: boolean
}

/** Run the host for `span` ns (any length: the epoch moves on as needed, see time.ts). */
export function advanceBy(host: Host, span: bigint, opts: AdvanceOptions = {}): void {
  if (span < 0n) throw new Error(`cannot move time backwards (by ${span} ns)`)
  const e = engineFor(host)
  if (e.now >= REBASE_AT_NS) e.rebase(EPOCH_STEP_NS)
  let ff = typeof host.sched.fastForwardNs === 'number' ? host.sched.fastForwardNs : DEFAULT_FAST_FORWARD_NS
  let tail = EXACT_TAIL_NS
  if (opts.bounded && ff > 0) {
    const n = Math.max(1, e.units.length)
    ff = Math.min(ff, Math.floor(EXACT_VCPU_NS / n))
    tail = Math.min(tail, Math.floor(EXACT_TAIL_VCPU_NS / n))
  }
  let left = span
  if (ff > 0 && left > BigInt(ff)) {
    // Steady shares up to the exact tail, in pieces that end at the next rebase.
    let smooth = left - BigInt(tail)
    while (smooth > 0n) {
      const step = Math.min(REBASE_AT_NS - e.now, Number(smooth < BigInt(REBASE_AT_NS) ? smooth : BigInt(REBASE_AT_NS)))
      fastForward(e, e.now + step)
      e.touched = true
      host.now = e.now
      smooth -= BigInt(step)
      left -= BigInt(step)
      if (e.now >= REBASE_AT_NS) e.rebase(EPOCH_STEP_NS)
    }
  }
  while (left > 0n) {
    const step = Math.min(REBASE_AT_NS - e.now, Number(left < BigInt(REBASE_AT_NS) ? left : BigInt(REBASE_AT_NS)))
    e.runUntil(e.now + step)
    host.now = e.now
    left -= BigInt(step)
    if (e.now >= REBASE_AT_NS) e.rebase(EPOCH_STEP_NS)
  }
}

/**
 * Move the epoch forward by `shiftNs` now (advanceBy does it by itself at
 * REBASE_AT_NS; this is for checking that a move changes nothing).
 */
export function moveEpoch(host: Host, shiftNs: number): void {
  if (shiftNs % 80_000_000 !== 0 || shiftNs < 0 || shiftNs > host.now) throw new Error(`bad epoch shift ${shiftNs}`)
  const e = engineFor(host)
  e.rebase(shiftNs)
  e.save()
}

/**
 * Run the host in steps of `stepNs` (each simulated exactly, as advanceTo
 * would for so short a span) while `more()` holds and until `limit`; returns
 * the time reached (host.now: relative to the epoch, which may have moved
 * on meanwhile). The engine is checked once, not per step, so a step costs
 * only the events in it, whatever the host's size.
 */
export function advanceInSteps(host: Host, stepNs: number, limit: number, more: () => boolean): number {
  if (!(stepNs > 0)) throw new Error(`step must be positive (${stepNs})`)
  const e = engineFor(host)
  while (more() && host.now < limit) {
    const t = Math.min(limit, host.now + stepNs)
    e.runUntil(t)
    host.now = t
    // The limit is relative to the epoch too, so it moves back with it.
    if (e.now >= REBASE_AT_NS) {
      e.rebase(EPOCH_STEP_NS)
      limit -= EPOCH_STEP_NS
    }
  }
  return host.now
}

/** Advances longer than `ns` are fast-forwarded; 0 simulates every event. Persisted in host.sched. */
export function setFastForward(host: Host, ns: number): void {
  const e = engineFor(host)
  e.save()
  host.sched.fastForwardNs = ns
  engines.set(host, Engine.load(host, POLICIES))
}

/** Events the cached engine has handled (benchmarks). */
export function eventsHandled(host: Host): number {
  return engines.get(host)?.events ?? 0
}

/**
 * The scheduler's own invariants (see check.ts), one line per broken rule;
 * a saved state that cannot even be loaded is one.
 */
export function checkScheduler(host: Host): string[] {
  let e: Engine
  try {
    e = engineFor(host)
  } catch (err) {
    return [`scheduler: its saved state cannot be loaded (${(err as Error).message})`]
  }
  return schedulerProblems(e)
}

// ---- parameters: xl sched-credit / xl sched-credit2 ----

export interface SchedulerParams {
  scheduler: SchedulerName
  /** sched_ratelimit_us. */
  ratelimitUs: number
  /** credit only: timeslice in ms. */
  tsliceMs: number
  /** credit only: vcpu_migration_delay_us. */
  migrationDelayUs: number
}

export function schedulerParams(host: Host): SchedulerParams {
  const p = host.schedParams
  return {scheduler: host.config.sched, ratelimitUs: p.ratelimitUs, tsliceMs: p.tsliceMs, migrationDelayUs: p.migrationDelayUs}
}

/** XEN_SYSCTL_SCHED_RATELIMIT_MAX/MIN, XEN_SYSCTL_CSCHED_TSLICE_MAX/MIN, XEN_SYSCTL_CSCHED_MGR_DLY_MAX_US. */
export const RATELIMIT_MIN_US = 100
export const RATELIMIT_MAX_US = 500_000
export const TSLICE_MIN_MS = 1
export const TSLICE_MAX_MS = 1000
export const MIGRATION_DELAY_MAX_US = 100_000

/**
 * Set pool parameters (XEN_SYSCTL_SCHEDOP_putinfo). ratelimit 0 disables it.
 * Throws HypervisorError(-EINVAL) like the sysctl does.
 */
export function setSchedulerParams(host: Host, params: Partial<Omit<SchedulerParams, 'scheduler'>>): void {
  const cur = host.schedParams
  const ratelimitUs = params.ratelimitUs ?? cur.ratelimitUs
  const tsliceMs = params.tsliceMs ?? cur.tsliceMs
  const migrationDelayUs = params.migrationDelayUs ?? cur.migrationDelayUs
  const bad = (what: string) => new HypervisorError(-EINVAL, what)
  if (!Number.isInteger(ratelimitUs) || (ratelimitUs !== 0 && (ratelimitUs < RATELIMIT_MIN_US || ratelimitUs > RATELIMIT_MAX_US))) {
    throw bad(`ratelimit must be 0 or between ${RATELIMIT_MIN_US} and ${RATELIMIT_MAX_US} us`)
  }
  if (host.config.sched === 'credit') {
    if (!Number.isInteger(tsliceMs) || tsliceMs < TSLICE_MIN_MS || tsliceMs > TSLICE_MAX_MS) {
      throw bad(`tslice must be between ${TSLICE_MIN_MS} and ${TSLICE_MAX_MS} ms`)
    }
    if (ratelimitUs > tsliceMs * 1000) throw bad('ratelimit cannot be greater than tslice')
    if (!Number.isInteger(migrationDelayUs) || migrationDelayUs < 0 || migrationDelayUs > MIGRATION_DELAY_MAX_US) {
      throw bad(`migration delay must be between 0 and ${MIGRATION_DELAY_MAX_US} us`)
    }
  } else if (params.tsliceMs !== undefined || params.migrationDelayUs !== undefined) {
    throw bad(`${host.config.sched} has no timeslice or migration delay`)
  }
  const e = engineFor(host)
  host.schedParams = {ratelimitUs, tsliceMs, migrationDelayUs}
  e.policy.paramsChanged()
  done(host, e)
}

export interface DomainSchedParams {weight: number; cap: number}

export function domainSchedParams(d: Domain): DomainSchedParams {
  return {weight: d.weight, cap: d.cap}
}

/** XEN_DOMCTL_SCHEDOP_putinfo: weight 1..65535; cap 0..100*nr_vcpus (0 = no cap). */
export function setDomainSchedParams(host: Host, d: Domain, params: Partial<DomainSchedParams>): void {
  const weight = params.weight ?? d.weight
  const cap = params.cap ?? d.cap
  if (!Number.isInteger(weight) || weight < 1 || weight > 65535) throw new HypervisorError(-EINVAL, 'weight must be between 1 and 65535')
  if (!Number.isInteger(cap) || cap < 0 || cap > 65535 || (host.config.sched === 'credit2' && cap > 100 * d.vcpus.length)) {
    throw new HypervisorError(-EINVAL, `cap must be between 0 and ${host.config.sched === 'credit2' ? 100 * d.vcpus.length : 65535}`)
  }
  const e = engineFor(host)
  d.weight = weight
  d.cap = cap
  e.policy.adjust(d)
  done(host, e)
}

// ---- parameters: xl sched-rtds (rt_dom_cntl in xen/common/sched/rt.c) ----

export {RTDS_DEFAULT_BUDGET, RTDS_DEFAULT_PERIOD, RTDS_MAX_PERIOD, RTDS_MIN_BUDGET, RTDS_MIN_PERIOD}

/** One vCPU's RTDS parameters, in microseconds as the domctl carries them. */
export interface RtdsVcpuParams {vcpuId: number; periodUs: number; budgetUs: number; extratime: boolean}

/** XEN_DOMCTL_SCHEDOP_* on a domain whose pool does not run RTDS fails as sched_adjust() does: -EINVAL. */
function rtdsOf(host: Host, d: Domain): {e: Engine; rt: Rtds} {
  if (host.config.sched !== 'rtds') throw new HypervisorError(-EINVAL, `the scheduler is ${host.config.sched}, not rtds`)
  const e = engineFor(host, d)
  return {e, rt: e.policy as Rtds}
}

/** XEN_DOMCTL_SCHEDOP_getinfo: RTDS answers with its defaults, not the domain's values. */
export function rtdsDomainDefaults(host: Host, d: Domain): {periodUs: number; budgetUs: number} {
  rtdsOf(host, d)
  return {periodUs: RTDS_DEFAULT_PERIOD / 1000, budgetUs: RTDS_DEFAULT_BUDGET / 1000}
}

/** XEN_DOMCTL_SCHEDOP_putinfo: every vCPU gets the period and budget (only 0 is refused; extratime stays). */
export function setRtdsDomainParams(host: Host, d: Domain, periodUs: number, budgetUs: number): void {
  const {e, rt} = rtdsOf(host, d)
  if (periodUs === 0 || budgetUs === 0) throw new HypervisorError(-EINVAL, 'period and budget must not be 0')
  if (!isU32(periodUs) || !isU32(budgetUs)) throw new HypervisorError(-EINVAL, 'period and budget are 32-bit microsecond counts')
  for (const v of d.vcpus) {
    const u = e.unitOf(d.domid, v.vcpuId)
    if (u) rt.setParams(u, {...rt.params(u), period: periodUs * 1000, budget: budgetUs * 1000})
  }
  done(host, e)
}

function isU32(x: number): boolean {
  return Number.isInteger(x) && x >= 0 && x <= 0xffffffff
}

/** XEN_DOMCTL_SCHEDOP_getvcpuinfo: the given vCPUs (all by default); -EINVAL for one the domain lacks. */
export function rtdsVcpuParams(host: Host, d: Domain, vcpuIds?: number[]): RtdsVcpuParams[] {
  const {e, rt} = rtdsOf(host, d)
  return (vcpuIds ?? d.vcpus.map(v => v.vcpuId)).map(id => {
    const u = id >= 0 && id < d.maxVcpus ? e.unitOf(d.domid, id) : undefined
    if (!u) throw new HypervisorError(-EINVAL, `domain ${d.domid} has no vCPU ${id}`)
    const p = rt.params(u)
    return {vcpuId: id, periodUs: p.period / 1000, budgetUs: p.budget / 1000, extratime: p.extratime}
  })
}

/**
 * XEN_DOMCTL_SCHEDOP_putvcpuinfo: in order, stopping at the first bad entry
 * with -EINVAL (those before it are set): a vCPU the domain lacks, or
 * period > RTDS_MAX_PERIOD, budget < RTDS_MIN_BUDGET, budget > period,
 * period < RTDS_MIN_PERIOD. New values take effect at the next
 * replenishment, as in Xen.
 */
export function setRtdsVcpuParams(host: Host, d: Domain, params: RtdsVcpuParams[]): void {
  const {e, rt} = rtdsOf(host, d)
  try {
    for (const p of params) {
      const u = p.vcpuId >= 0 && p.vcpuId < d.maxVcpus ? e.unitOf(d.domid, p.vcpuId) : undefined
      if (!u) throw new HypervisorError(-EINVAL, `domain ${d.domid} has no vCPU ${p.vcpuId}`)
      if (!isU32(p.periodUs) || !isU32(p.budgetUs)) throw new HypervisorError(-EINVAL, 'period and budget are 32-bit microsecond counts')
      const period = p.periodUs * 1000, budget = p.budgetUs * 1000
      if (period > RTDS_MAX_PERIOD || budget < RTDS_MIN_BUDGET || budget > period || period < RTDS_MIN_PERIOD) {
        throw new HypervisorError(-EINVAL, `period must be at least ${RTDS_MIN_PERIOD / 1000} us, budget at least ${RTDS_MIN_BUDGET / 1000} us and at most the period`)
      }
      rt.setParams(u, {period, budget, extratime: p.extratime})
    }
  } finally {
    done(host, e)
  }
}

// ---- views: xl vcpu-list, xl top, debug key 'r' ----

export interface VcpuRef {domid: number; vcpuId: number}

export interface PcpuView {
  cpu: number
  /** The vCPU running there, or null when the pCPU is idle. */
  current: VcpuRef | null
  /** credit2: the runqueue (shared by its pCPUs); rtds: 0, the global one; credit, null: the pCPU's own. */
  runqueue: number
  /** vCPUs waiting in that run queue, in queue order. */
  runq: VcpuRef[]
}

const ref = (u: Unit): VcpuRef => ({domid: u.d.domid, vcpuId: u.v.vcpuId})

export function pcpuView(host: Host): PcpuView[] {
  const e = engineFor(host)
  return e.pcpus.map(p => ({
    cpu: p.id,
    current: p.curr ? ref(p.curr) : null,
    runqueue: host.config.sched === 'credit2' ? p.rq : host.config.sched === 'rtds' ? 0 : p.id,
    runq: e.policy.queueOf(p).map(ref),
  }))
}

const SCHEDULER_TITLES: Record<SchedulerName, string> = {
  credit: 'SMP Credit Scheduler (credit)',
  credit2: 'SMP Credit Scheduler rev2 (credit2)',
  rtds: 'SMP RTDS Scheduler (rtds)',
  null: 'null Scheduler (null)',
}

/** Debug key 'r' (dump_runq), without the "(XEN) " prefix. */
export function dumpRunqueues(host: Host): string[] {
  const e = engineFor(host)
  // credit2's dump brings the load averages up to now, a change to keep.
  done(host, e)
  const all = formatRanges(e.pcpus.map(p => p.id))
  const out = [
    'sched_smt_power_savings: disabled',
    `NOW=${nowNs(host)}`,
    `Online Cpus: ${all}`,
    'Cpupool 0:',
    `Cpus: ${all}`,
    'Scheduling granularity: cpu, 1 CPU per sched-resource',
    `Scheduler: ${SCHEDULER_TITLES[host.config.sched]}`,
    ...e.policy.dump(host.now),
    'CPUs info:',
  ]
  for (const p of e.pcpus) {
    const cur = p.curr ? `d${p.curr.d.domid}v${p.curr.v.vcpuId}` : `d[IDLE]v${p.id}`
    out.push(`CPU[${String(p.id).padStart(2, '0')}] current=${cur}, curr=${cur}, prev=NULL`)
    out.push(...e.policy.dumpPcpu(p))
  }
  return out
}
