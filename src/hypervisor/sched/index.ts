// The scheduler as the rest of the core sees it. The event loop (engine.ts),
// run queues and policies (credit.ts, credit2.ts) live behind this small
// interface. All scheduler state is persisted in host.sched and vcpu.sched
// as plain JSON; the engine built from it is the live state, rebuilt
// whenever that JSON was replaced (a new process loaded the host) or the
// set of domains changed. The JSON is written by saveScheduler(), which
// whoever persists or copies a host calls first: writing it on every call
// cost O(vCPUs) per call, so a domain with many vCPUs (one call each at
// boot) was quadratic to create.
import type {Host, SchedParams} from '../host.js'
import type {Domain, Vcpu} from '../domain.js'
import {EADDRNOTAVAIL, EBUSY, EINVAL, ENODEV, ENOENT, ENOSPC, EPERM, HypervisorError} from '../errno.js'

import {formatRanges} from '../domain.js'
import {NS_PER_S, type SchedulerName} from '../types.js'
import {EPOCH_STEP_NS, REBASE_AT_NS, nowNs} from '../time.js'
import {Engine, rebaseHost, savedSlot} from './engine.js'
import {cpupoolById, cpupools, domainPoolId, freeCpus, setCpupools, type Cpupool} from './cpupool.js'
import {xenLog} from '../console.js'
import {drainFailedCopies} from '../runstate.js'
import {POLICIES} from './policies.js'
import {fastForward} from './fluid.js'
import {schedulerProblems} from './check.js'
import type {Unit} from './policy.js'
import type {TraceAttachment} from './trace-sink.js'
import {Rtds, RTDS_DEFAULT_BUDGET, RTDS_DEFAULT_PERIOD, RTDS_MAX_PERIOD, RTDS_MIN_BUDGET, RTDS_MIN_PERIOD} from './rt.js'

export {setRunstate, runstateFlagEnabled} from './accounting.js'
export {parseWorkload, formatWorkload, type Workload} from './workload.js'
export {cpuTopology, type CpuTopology} from './topology.js'

/** The live engines of a host: one per cpupool with pCPUs (each pool runs its own scheduler instance). */
const engines = new WeakMap<Host, Map<number, Engine>>()
/** The trace recorder attached to a host (xl trace), handed to the engine of every pool with pCPUs. */
const tracers = new WeakMap<Host, TraceAttachment>()

/** Default: advances longer than this are fast-forwarded (see fluid.ts). */
export const DEFAULT_FAST_FORWARD_NS = 120 * NS_PER_S
/** The last stretch of a fast-forwarded advance is simulated event by event. */
export const EXACT_TAIL_NS = 10 * NS_PER_S

/** The engine of domain d's cpupool (pool 0 without d), loaded, active and caught up with host.now. */
function engineFor(host: Host, d?: Domain): Engine {
  return poolEngine(host, d === undefined ? 0 : domainPoolId(d), d)
}

function poolEngine(host: Host, id: number, d?: Domain): Engine {
  let m = engines.get(host)
  if (!m) engines.set(host, m = new Map())
  let e = m.get(id)
  if (!e || !e.isCurrent(host, d)) {
    // What the old engine did is kept unless someone replaced the saved state.
    if (e && savedSlot(host, id) === e.savedState() && e.dirty()) e.save()
    const pool = cpupoolById(host, id)
    if (!pool || pool.cpus.length === 0) throw new Error(`cpupool ${id} has no pCPUs to schedule on`)
    const t = tracers.get(host)
    e = Engine.load(host, POLICIES, pool, t ? loaded => attachTracer(host, t, loaded, id) : undefined)
    m.set(id, e)
  }
  e.activate()
  if (host.now > e.now) e.runUntil(host.now)
  return e
}

/**
 * Attach a trace recorder to the host (null detaches it): from now on the
 * engine reports to it where Xen traces. The host is run up to its time first.
 */
export function setTracer(host: Host, t: TraceAttachment | null): void {
  const es = allEngines(host)
  if (t) tracers.set(host, t)
  else tracers.delete(host)
  for (const e of es) {
    if (t) attachTracer(host, t, e, e.pool.id)
    else e.trace = null
  }
}

/**
 * Xen traces every pCPU, whatever its cpupool: each pool's engine reports
 * to the recorder, directly when it is the only one (the usual host: no
 * cost added), else through a PoolTrace that tells the recorder which
 * engine speaks.
 */
function attachTracer(host: Host, t: TraceAttachment, e: Engine, id: number): void {
  const withCpus = cpupools(host).filter(p => p.cpus.length > 0)
  t.started(e, id)
  e.trace = withCpus.length === 1 && id === withCpus[0].id ? t : t.forPool(e, id, id === withCpus[0].id)
}

export function tracerOf(host: Host): TraceAttachment | undefined {
  return tracers.get(host)
}

/** sched_init_domain(): a new domain, traced as TRC_SCHED_DOM_ADD. */
export function domainAdded(host: Host, d: Domain): void {
  tracers.get(host)?.domain(true, d.domid, d.name)
}

/** The engine of every pool with pCPUs, in pool order (a pool without pCPUs has no domains). */
function allEngines(host: Host): Engine[] {
  return cpupools(host).filter(p => p.cpus.length > 0).map(p => poolEngine(host, p.id))
}

/** Save what the live engines did and forget them: the next call rebuilds from the JSON. */
function dropEngines(host: Host): void {
  const m = engines.get(host)
  if (!m) return
  for (const [id, e] of m) if (savedSlot(host, id) === e.savedState() && e.dirty()) e.save()
  engines.delete(host)
}

/** After a change made outside the event loop: run what it set off (tickles are due now). */
function done(host: Host, e: Engine): void {
  e.touched = true
  e.runUntil(host.now)
  reportFailedCopies(host)
}

/**
 * Write the scheduler's live state into host.sched and every vcpu.sched
 * (plain JSON). Call it before persisting or copying the host; nothing is
 * written when nothing changed since the last time.
 */
export function saveScheduler(host: Host): void {
  const m = engines.get(host)
  if (!m) return
  for (const [id, e] of m) if (savedSlot(host, id) === e.savedState() && e.dirty()) e.save()
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
  tracers.get(host)?.domain(false, d.domid, d.name)
  e.save()
  // The next call rebuilds without the domain's vCPUs.
  dropEngines(host)
  for (const v of d.vcpus) v.sched = {}
}

/**
 * Run the host until simulated time `t` (ns since the epoch, as host.now).
 * Long advances are fast-forwarded by steady-state shares, all but the last
 * stretch (disable with setFastForward(host, 0)).
 */
/**
 * Guest copies that failed (ARM, kernel unmapped at EL0): dprintk's line
 * from xen/arch/arm/p2m.c get_page_from_gva, under printk_ratelimit()
 * (xen/drivers/char/console.c: 10 lines, then "printk: N messages suppressed.").
 */
function reportFailedCopies(host: Host): void {
  const failed = drainFailedCopies()
  if (failed.length === 0) return
  const lines = failed.slice(0, 10).map(a =>
    `p2m.c:2186: d${a.unmappedAtEl0!.domid}v${a.unmappedAtEl0!.vcpuId}: Failed to walk page-table va 0x${a.addr.toString(16)}`)
  if (failed.length > 10) lines.push(`printk: ${failed.length - 10} messages suppressed.`)
  xenLog(host.console, ...lines)
}

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
  // Each cpupool's engine runs on its own pCPUs with its own units: they
  // never meet, so each runs to the same time in turn.
  const es = allEngines(host)
  const rebase = () => rebaseHost(host, es, EPOCH_STEP_NS)
  if (host.now >= REBASE_AT_NS) rebase()
  let ff = typeof host.sched.fastForwardNs === 'number' ? host.sched.fastForwardNs : DEFAULT_FAST_FORWARD_NS
  let tail = EXACT_TAIL_NS
  if (opts.bounded && ff > 0) {
    let units = 0
    for (const e of es) units += e.units.length
    const n = Math.max(1, units)
    ff = Math.min(ff, Math.floor(EXACT_VCPU_NS / n))
    tail = Math.min(tail, Math.floor(EXACT_TAIL_VCPU_NS / n))
  }
  let left = span
  // While tracing, every event is simulated (a fast-forward has no events to
  // record) until the trace buffers are full and nothing more would be kept.
  const tracer = tracers.get(host)
  if (tracer && !tracer.full(host.now + Number(span))) ff = 0
  if (ff > 0 && left > BigInt(ff)) {
    if (tracer) tracer.gap(host.now)
    // Steady shares up to the exact tail, in pieces that end at the next rebase.
    let smooth = left - BigInt(tail)
    while (smooth > 0n) {
      const step = Math.min(REBASE_AT_NS - host.now, Number(smooth < BigInt(REBASE_AT_NS) ? smooth : BigInt(REBASE_AT_NS)))
      const t = host.now + step
      for (const e of es) {
        e.activate()
        // A fast-forward has no events: the recorder is told of the gap instead.
        const kept = e.trace
        e.trace = null
        fastForward(e, t)
        e.trace = kept
        e.touched = true
      }
      host.now = t
      smooth -= BigInt(step)
      left -= BigInt(step)
      if (host.now >= REBASE_AT_NS) rebase()
    }
    if (tracer) for (const e of es) tracer.started(e, e.pool.id)
  }
  while (left > 0n) {
    const step = Math.min(REBASE_AT_NS - host.now, Number(left < BigInt(REBASE_AT_NS) ? left : BigInt(REBASE_AT_NS)))
    const t = host.now + step
    for (const e of es) {
      e.activate()
      e.runUntil(t)
    }
    host.now = t
    left -= BigInt(step)
    if (host.now >= REBASE_AT_NS) rebase()
  }
  reportFailedCopies(host)
}

/**
 * Move the epoch forward by `shiftNs` now (advanceBy does it by itself at
 * REBASE_AT_NS; this is for checking that a move changes nothing).
 */
export function moveEpoch(host: Host, shiftNs: number): void {
  if (shiftNs % 80_000_000 !== 0 || shiftNs < 0 || shiftNs > host.now) throw new Error(`bad epoch shift ${shiftNs}`)
  const es = allEngines(host)
  rebaseHost(host, es, shiftNs)
  for (const e of es) e.save()
}

/**
 * Run the host in steps of `stepNs` (each simulated exactly, as advanceTo
 * would for so short a span) while `more()` holds and until `limit`; returns
 * the time reached (host.now: relative to the epoch, which may have moved
 * on meanwhile). The engines are checked once, not per step, so a step costs
 * only the events in it, whatever the host's size.
 */
export function advanceInSteps(host: Host, stepNs: number, limit: number, more: () => boolean): number {
  if (!(stepNs > 0)) throw new Error(`step must be positive (${stepNs})`)
  const es = allEngines(host)
  while (more() && host.now < limit) {
    const t = Math.min(limit, host.now + stepNs)
    for (const e of es) {
      e.activate()
      e.runUntil(t)
    }
    host.now = t
    // The limit is relative to the epoch too, so it moves back with it.
    if (host.now >= REBASE_AT_NS) {
      rebaseHost(host, es, EPOCH_STEP_NS)
      limit -= EPOCH_STEP_NS
    }
  }
  reportFailedCopies(host)
  return host.now
}

/** Advances longer than `ns` are fast-forwarded; 0 simulates every event. Persisted in host.sched. */
export function setFastForward(host: Host, ns: number): void {
  allEngines(host)
  dropEngines(host)
  host.sched.fastForwardNs = ns
  allEngines(host)
}

/** Events the cached engines have handled (benchmarks). */
export function eventsHandled(host: Host): number {
  let n = 0
  for (const e of engines.get(host)?.values() ?? []) n += e.events
  return n
}

/**
 * The scheduler's own invariants (see check.ts), one line per broken rule;
 * a saved state that cannot even be loaded is one.
 */
export function checkScheduler(host: Host): string[] {
  const problems = poolProblems(host)
  if (problems.length > 0) return problems
  let es: Engine[]
  try {
    es = allEngines(host)
  } catch (err) {
    return [`scheduler: its saved state cannot be loaded (${(err as Error).message})`]
  }
  for (const e of es) {
    e.activate()
    problems.push(...schedulerProblems(e))
  }
  return problems
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

/** A cpupool's scheduler and parameters (XEN_SYSCTL_SCHEDOP_getinfo); pool 0 by default. */
export function schedulerParams(host: Host, poolId = 0): SchedulerParams {
  const pool = poolOrThrow(host, poolId)
  const p = pool.params
  return {scheduler: pool.sched, ratelimitUs: p.ratelimitUs, tsliceMs: p.tsliceMs, migrationDelayUs: p.migrationDelayUs}
}

function poolOrThrow(host: Host, id: number): Cpupool {
  const pool = cpupoolById(host, id)
  if (!pool) throw new HypervisorError(-ENOENT, `no cpupool ${id}`)
  return pool
}

/** The scheduler of domain d's cpupool (what XEN_DOMCTL_scheduler_op answers to). */
export function domainScheduler(host: Host, d: Domain): SchedulerName {
  return cpupoolById(host, domainPoolId(d))?.sched ?? host.config.sched
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
export function setSchedulerParams(host: Host, params: Partial<Omit<SchedulerParams, 'scheduler'>>, poolId = 0): void {
  const pool = poolOrThrow(host, poolId)
  const cur = pool.params
  const ratelimitUs = params.ratelimitUs ?? cur.ratelimitUs
  const tsliceMs = params.tsliceMs ?? cur.tsliceMs
  const migrationDelayUs = params.migrationDelayUs ?? cur.migrationDelayUs
  const bad = (what: string) => new HypervisorError(-EINVAL, what)
  if (!Number.isInteger(ratelimitUs) || (ratelimitUs !== 0 && (ratelimitUs < RATELIMIT_MIN_US || ratelimitUs > RATELIMIT_MAX_US))) {
    throw bad(`ratelimit must be 0 or between ${RATELIMIT_MIN_US} and ${RATELIMIT_MAX_US} us`)
  }
  if (pool.sched === 'credit') {
    if (!Number.isInteger(tsliceMs) || tsliceMs < TSLICE_MIN_MS || tsliceMs > TSLICE_MAX_MS) {
      throw bad(`tslice must be between ${TSLICE_MIN_MS} and ${TSLICE_MAX_MS} ms`)
    }
    if (ratelimitUs > tsliceMs * 1000) throw bad('ratelimit cannot be greater than tslice')
    if (!Number.isInteger(migrationDelayUs) || migrationDelayUs < 0 || migrationDelayUs > MIGRATION_DELAY_MAX_US) {
      throw bad(`migration delay must be between 0 and ${MIGRATION_DELAY_MAX_US} us`)
    }
  } else if (params.tsliceMs !== undefined || params.migrationDelayUs !== undefined) {
    throw bad(`${pool.sched} has no timeslice or migration delay`)
  }
  const next = {ratelimitUs, tsliceMs, migrationDelayUs}
  if (pool.cpus.length === 0) {
    setPoolParams(host, pool, next)
    return
  }
  const e = poolEngine(host, poolId)
  setPoolParams(host, pool, next)
  // The engine's own copy of the pool (its schedParams).
  e.pool.params = next
  e.policy.paramsChanged()
  done(host, e)
}

function setPoolParams(host: Host, pool: Cpupool, params: SchedParams): void {
  if (pool.id === 0) {
    host.schedParams = params
    return
  }
  setCpupools(host, cpupools(host).map(p => (p.id === pool.id ? {...p, params} : p)))
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
  const sched = domainScheduler(host, d)
  if (!Number.isInteger(cap) || cap < 0 || cap > 65535 || (sched === 'credit2' && cap > 100 * d.vcpus.length)) {
    throw new HypervisorError(-EINVAL, `cap must be between 0 and ${sched === 'credit2' ? 100 * d.vcpus.length : 65535}`)
  }
  const e = engineFor(host, d)
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
  const sched = domainScheduler(host, d)
  if (sched !== 'rtds') throw new HypervisorError(-EINVAL, `the scheduler is ${sched}, not rtds`)
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
  const out: PcpuView[] = []
  for (let c = 0; c < host.config.cpus; c++) out.push({cpu: c, current: null, runqueue: c, runq: []})
  for (const e of allEngines(host)) {
    const sched = e.policy.name
    for (const c of e.cpus) {
      const p = e.pcpus[c]
      out[c] = {
        cpu: c,
        current: p.curr ? ref(p.curr) : null,
        runqueue: sched === 'credit2' ? p.rq : sched === 'rtds' ? 0 : c,
        runq: e.policy.queueOf(p).map(ref),
      }
    }
  }
  return out
}

const SCHEDULER_TITLES: Record<SchedulerName, string> = {
  credit: 'SMP Credit Scheduler (credit)',
  credit2: 'SMP Credit Scheduler rev2 (credit2)',
  rtds: 'SMP RTDS Scheduler (rtds)',
  null: 'null Scheduler (null)',
}

/**
 * Debug key 'r' (dump_runq in cpupool.c), without the "(XEN) " prefix: the
 * free pCPUs (when there are any), then each cpupool with its scheduler's
 * dump and its pCPUs (schedule_dump).
 */
export function dumpRunqueues(host: Host): string[] {
  const es = new Map(allEngines(host).map(e => [e.pool.id, e]))
  // credit2's dump brings the load averages up to now, a change to keep.
  for (const e of es.values()) {
    e.activate()
    done(host, e)
  }
  const idleLine = (c: number) => `CPU[${String(c).padStart(2, '0')}] current=d[IDLE]v${c}, curr=d[IDLE]v${c}, prev=NULL`
  const out = [
    'sched_smt_power_savings: disabled',
    `NOW=${nowNs(host)}`,
    `Online Cpus: ${formatRanges(Array.from({length: host.config.cpus}, (_, i) => i))}`,
  ]
  const free = freeCpus(host)
  if (free.length > 0) {
    out.push(`Free Cpus: ${formatRanges(free)}`, 'CPUs info:')
    for (const c of free) out.push(idleLine(c))
  }
  for (const pool of cpupools(host)) {
    out.push(
      `Cpupool ${pool.id}:`,
      `Cpus: ${formatRanges(pool.cpus)}`,
      'Scheduling granularity: cpu, 1 CPU per sched-resource',
      `Scheduler: ${SCHEDULER_TITLES[pool.sched]}`,
    )
    const e = es.get(pool.id)
    if (!e) {
      // A pool without pCPUs: its scheduler has nothing queued (no domain can be in it).
      out.push('CPUs info:')
      continue
    }
    e.activate()
    out.push(...e.policy.dump(host.now), 'CPUs info:')
    for (const c of e.cpus) {
      const p = e.pcpus[c]
      const cur = p.curr ? `d${p.curr.d.domid}v${p.curr.v.vcpuId}` : `d[IDLE]v${c}`
      out.push(`CPU[${String(c).padStart(2, '0')}] current=${cur}, curr=${cur}, prev=NULL`)
      out.push(...e.policy.dumpPcpu(p))
    }
  }
  return out
}

// ---- cpupools (xen/common/sched/cpupool.c, XEN_SYSCTL_cpupool_op) ----

/**
 * The pool rules of `xl host check`: each pCPU in at most one pool, pool 0
 * keeps pCPU 0, every domain in a pool that exists and has pCPUs, and each
 * of its vCPUs on one of that pool's pCPUs.
 */
export function poolProblems(host: Host): string[] {
  const bad: string[] = []
  const pools = cpupools(host)
  const owner = new Map<number, number>()
  const ids = new Set<number>()
  for (const p of pools) {
    if (ids.has(p.id)) bad.push(`cpupool ${p.id}: listed twice`)
    ids.add(p.id)
    for (const c of p.cpus) {
      if (!Number.isInteger(c) || c < 0 || c >= host.config.cpus) bad.push(`cpupool ${p.id}: has CPU${c}, which the host does not have`)
      const o = owner.get(c)
      if (o !== undefined) bad.push(`CPU${c}: in cpupool ${o} and in cpupool ${p.id}`)
      owner.set(c, p.id)
    }
  }
  if (owner.get(0) !== 0) bad.push('CPU0: not in cpupool 0 (cpupool_unassign_cpu never lets it go)')
  for (const d of host.domains.values()) {
    const p = cpupoolById(host, domainPoolId(d))
    if (!p) {
      bad.push(`domain ${d.domid}: in cpupool ${domainPoolId(d)}, which does not exist`)
      continue
    }
    if (p.cpus.length === 0) {
      bad.push(`domain ${d.domid}: in cpupool ${p.id}, which has no pCPUs`)
      continue
    }
    for (const v of d.vcpus) {
      if (!p.cpus.includes(v.processor)) bad.push(`d${d.domid}v${v.vcpuId}: on CPU${v.processor}, outside its cpupool ${p.id} (${formatRanges(p.cpus)})`)
    }
  }
  return bad
}

/** Pool `id`'s saved scheduler state is forgotten: its next engine starts afresh. */
function clearSlot(host: Host, id: number): void {
  if (id !== 0) {
    const all = {...(host.sched.poolSched as Record<string, unknown> | undefined)}
    delete all[id]
    host.sched.poolSched = all
    return
  }
  const keep: Record<string, unknown> = {}
  for (const k of ['fastForwardNs', 'epochNs', 'cpupools', 'poolSched']) if (host.sched[k] !== undefined) keep[k] = host.sched[k]
  host.sched = keep
}

/**
 * sched_select_initial_cpu() (core.c) for a vCPU of a domain in `pool`:
 * vCPU 0 on the pool's first pCPU, each next one on the pool's next pCPU
 * (round robin); on the first pCPU of its hard affinity in the pool when it
 * has one there (libxl pins it right after creation).
 */
export function initialProcessors(pool: Cpupool, hard: readonly (number[] | null)[], n: number): number[] {
  const out: number[] = []
  for (let i = 0; i < n; i++) {
    const h = hard[i]
    const mine = h ? pool.cpus.filter(c => h.includes(c)) : []
    if (mine.length > 0) out.push(mine[0])
    else out.push(pool.cpus[i % pool.cpus.length])
  }
  return out
}

/**
 * Restart pool `id`'s scheduler instance around `change` (a pCPU added or
 * removed): its domains' vCPUs leave it (as schedule_cpu_rm/add move every
 * unit off and back), `change` runs, and the pool's engine starts again on
 * its new pCPUs with every vCPU queued afresh. (Xen keeps each unit's
 * credit across such a move; here the pool's credits and queues start
 * over, which only shifts who runs first.)
 */
function restartPool(host: Host, id: number, change: (pool: Cpupool) => void): void {
  const before = cpupoolById(host, id)!
  const doms = [...host.domains.values()].filter(d => domainPoolId(d) === id)
  if (before.cpus.length > 0 && doms.length > 0) {
    const e = poolEngine(host, id)
    for (const d of doms) e.removeDomain(d.domid)
    done(host, e)
  }
  if (before.cpus.length > 0) allEngines(host)
  dropEngines(host)
  clearSlot(host, id)
  for (const d of doms) for (const v of d.vcpus) v.sched = {}
  change(before)
  const after = cpupoolById(host, id)!
  for (const d of doms) {
    for (const v of d.vcpus) {
      // cpu_disable_scheduler(): an affinity left with no pCPU of the pool is broken (reset to all).
      if (v.hardAffinity && !v.hardAffinity.some(c => after.cpus.includes(c))) v.hardAffinity = null
    }
    if (!d.vcpus.every(v => after.cpus.includes(v.processor))) {
      const procs = initialProcessors(after, d.vcpus.map(v => v.hardAffinity), d.vcpus.length)
      d.vcpus.forEach((v, i) => { if (!after.cpus.includes(v.processor)) v.processor = procs[i] })
    }
  }
  if (after.cpus.length > 0) {
    const e = poolEngine(host, id)
    done(host, e)
  }
}

/** XEN_SYSCTL_CPUPOOL_OP_CREATE: a new pool, no pCPUs, the next free id; -ENOSPC past 2 * nr_cpu_ids pools. */
export function cpupoolCreate(host: Host, sched: SchedulerName, name: string): number {
  const pools = cpupools(host)
  if (pools.length >= 2 * host.config.cpus) throw new HypervisorError(-ENOSPC, 'too many cpupools')
  const id = pools[pools.length - 1].id + 1
  const defaults = {ratelimitUs: 1000, tsliceMs: 30, migrationDelayUs: 0}
  setCpupools(host, [...pools, {id, name, sched, cpus: [], params: defaults}])
  return id
}

/** The pool's name, kept by libxl (/local/pool/<id>/name). */
export function cpupoolRename(host: Host, id: number, name: string): void {
  const pools = cpupools(host)
  if (!pools.some(p => p.id === id)) throw new HypervisorError(-ENOENT, `no cpupool ${id}`)
  setCpupools(host, pools.map(p => (p.id === id ? {...p, name} : p)))
}

/** XEN_SYSCTL_CPUPOOL_OP_DESTROY: -ENOENT, or -EBUSY while it has domains or pCPUs. */
export function cpupoolDestroy(host: Host, id: number): void {
  const pools = cpupools(host)
  const pool = pools.find(p => p.id === id)
  if (!pool) throw new HypervisorError(-ENOENT, `no cpupool ${id}`)
  const nDom = [...host.domains.values()].filter(d => domainPoolId(d) === id).length
  if (nDom > 0 || pool.cpus.length > 0 || id === 0) throw new HypervisorError(-EBUSY, 'cpupool in use')
  setCpupools(host, pools.filter(p => p.id !== id))
  clearSlot(host, id)
}

/** XEN_SYSCTL_CPUPOOL_OP_ADDCPU: -ENOENT (no pool), -EINVAL (no such pCPU), -ENODEV (not free). */
export function cpupoolAddCpu(host: Host, id: number, cpu: number): void {
  const pool = cpupoolById(host, id)
  if (!pool) throw new HypervisorError(-ENOENT, `no cpupool ${id}`)
  if (!Number.isInteger(cpu) || cpu < 0 || cpu >= host.config.cpus) throw new HypervisorError(-EINVAL, `no CPU${cpu}`)
  if (!freeCpus(host).includes(cpu)) throw new HypervisorError(-ENODEV, `CPU${cpu} is not free`)
  restartPool(host, id, () => {
    setCpupools(host, cpupools(host).map(p => (p.id === id ? {...p, cpus: [...p.cpus, cpu].sort((a, b) => a - b)} : p)))
  })
}

/**
 * XEN_SYSCTL_CPUPOOL_OP_RMCPU: -ENOENT (no pool), -EINVAL (no such pCPU, or
 * pCPU 0 from pool 0), -EADDRNOTAVAIL (not in the pool), -EBUSY (its last
 * pCPU while it has domains). The vCPUs on it move to the pool's others.
 */
export function cpupoolRemoveCpu(host: Host, id: number, cpu: number): void {
  const pool = cpupoolById(host, id)
  if (!pool) throw new HypervisorError(-ENOENT, `no cpupool ${id}`)
  if (!Number.isInteger(cpu) || cpu < 0 || cpu >= host.config.cpus) throw new HypervisorError(-EINVAL, `no CPU${cpu}`)
  if (id === 0 && cpu === 0) throw new HypervisorError(-EINVAL, 'CPU0 must remain in cpupool 0')
  if (!pool.cpus.includes(cpu)) throw new HypervisorError(-EADDRNOTAVAIL, `CPU${cpu} is not in cpupool ${id}`)
  const nDom = [...host.domains.values()].filter(d => domainPoolId(d) === id).length
  if (pool.cpus.length === 1 && nDom > 0) throw new HypervisorError(-EBUSY, `the last CPU of cpupool ${id}, which has domains`)
  restartPool(host, id, () => {
    setCpupools(host, cpupools(host).map(p => (p.id === id ? {...p, cpus: p.cpus.filter(c => c !== cpu)} : p)))
  })
}

/**
 * XEN_SYSCTL_CPUPOOL_OP_MOVEDOMAIN (sched_move_domain in core.c): the
 * domain's vCPUs leave their pool's scheduler and join the new pool's,
 * placed round-robin from its first pCPU, affinities reset to all. The
 * caller (dom0) cannot move itself (-EPERM, rcu_lock_remote_domain_by_id);
 * a pool that does not exist or has no pCPU: -ENOENT.
 */
export function cpupoolMoveDomain(host: Host, id: number, d: Domain, caller: number): void {
  if (d.domid === caller) throw new HypervisorError(-EPERM, 'a domain cannot move itself')
  if (domainPoolId(d) === id) return
  const pool = cpupoolById(host, id)
  if (!pool || pool.cpus.length === 0) throw new HypervisorError(-ENOENT, `no cpupool ${id} with CPUs`)
  const old = engineFor(host, d)
  old.removeDomain(d.domid)
  done(host, old)
  allEngines(host)
  dropEngines(host)
  let p = -1
  for (const v of d.vcpus) {
    v.sched = {}
    v.hardAffinity = null
    v.softAffinity = null
    p = p < 0 ? pool.cpus[0] : pool.cpus.find(c => c > p) ?? pool.cpus[0]
    v.processor = p
  }
  d.cpupool = id
  const e = poolEngine(host, id, d)
  done(host, e)
}
