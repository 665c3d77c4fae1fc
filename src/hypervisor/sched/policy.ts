// The interface a scheduling policy implements, after the hooks of
// xen/common/sched/private.h (struct scheduler): insert_unit, remove_unit,
// sleep, wake, do_schedule, adjust, adjust_affinity, pick_resource, migrate,
// dump. The engine (engine.ts) owns time, the event queue, runstate
// accounting and the migration of a unit whose affinity changed, and never
// knows which policy runs; a policy owns run queues, credits and priorities
// and says where a migrating unit goes.
import type {Domain, Vcpu} from '../domain.js'
import {cpuSetHas} from '../domain.js'
import type {Host, SchedParams} from '../host.js'
import type {SchedulerName} from '../types.js'
import type {Workload} from './workload.js'
import type {TimerQueue} from './timers.js'

/**
 * struct sched_unit + the policy's private part (one vCPU per unit here).
 * The fields do_schedule, a context switch and a timer touch come first,
 * together (the timer's, the switch's, then the wake's; rtds's beside
 * credit2's), and the doubles
 * among them next to each other (each is a heap number of its own, made in
 * this order): on a big host every unit is a cache miss, and the fewer
 * lines an event touches the better. The cold ones (duty workloads',
 * names) come last.
 */
export class Unit {
  readonly idx: number
  readonly v: Vcpu
  /**
   * Its hard affinity is every pCPU (v.hardAffinity is null), as the
   * policy last saw it (adjust_affinity, and each vcpuChanged): the pickers
   * test it without reading the vCPU (on a big host a cache miss of its
   * own), see unitAllows().
   */
  hardAll: boolean
  /** pCPU it runs on, -1 when not running. */
  cpu = -1
  /** Guest wants the CPU (not blocked in its idle loop / waiting for I/O). */
  awake = true
  /** vcpu_runnable(): not down, not paused, not parked, not migrating. */
  canRun = false
  /** Down for the scheduler: vCPU offline, domain not booted, shut down or dying. */
  down = true
  /** The engine's: whether runUntil holds this unit's runstate (Engine.heldRs): 0 not yet, 1 held, 2 written through. */
  held = 0
  /**
   * The engine's: v.processor while runUntil holds it here (procHeld), for a
   * policy with holdsProcessor: the switch in writes it and the policy's
   * wake reads it, on the unit's line instead of the vCPU's (on a big host a
   * cache miss each); written back to the vCPU when runUntil returns.
   */
  processor = 0
  procHeld = false
  // Policy-private fields (shared layout keeps the hot path monomorphic).
  credit = 0
  tickledCpu = -1
  /** Waiting in a policy run queue. */
  queued = false
  flags = 0
  rq = 0
  /** credit2: svc->weight, its domain's weight (kept by the policy, see Credit2.noteDomain). */
  weight = 0
  /** credit2: its domain's cap (> 0: has_cap()), kept with weight. */
  cap = 0
  /**
   * Its affinity changed and it has not reached its new pCPU yet (Xen's
   * _VPF_migrating, which vcpu_runnable() tests too).
   */
  migrating = false
  /** CPU ns left in the current burst (Infinity: never blocks). */
  work = 0
  /** When it was last put on a pCPU. */
  runStart = 0
  startTime = 0
  residual = 0
  // rtds's own (with credit, flags and startTime above).
  pri = 0
  budget = 0
  active = false
  avgload = 0
  loadLast = 0
  w: Workload
  /** credit2: index in its runqueue's list of units (rqd->svc). */
  slot = -1
  /** Parked by the policy for a cap (Xen's _VPF_parked / CSCHED_FLAG_UNIT_PARKED). */
  parked = false
  /** duty workloads: start of the current period. */
  periodStart = 0
  readonly key: string
  readonly d: Domain

  constructor(idx: number, key: string, d: Domain, v: Vcpu, w: Workload) {
    this.idx = idx
    this.v = v
    this.hardAll = v.hardAffinity === null
    this.w = w
    this.key = key
    this.d = d
  }

  get runnable(): boolean { return this.awake && this.canRun }
}

/** Per-pCPU state (struct sched_resource + the policy's pcpu data). */
export class Pcpu {
  curr: Unit | null = null
  /** A reschedule was asked for and has not happened yet (SCHEDULE_SOFTIRQ pending). */
  tickled = false
  /** credit: this pCPU's run queue, highest priority first. */
  runq: Unit[] = []
  /** credit: csched_pcpu.runq_sort_last. */
  runqSortLast = 0
  /** credit2: runqueue index. */
  rq = 0
  constructor(readonly id: number) {}
}

/**
 * What a policy uses of the engine (engine.ts implements it): the common
 * scheduler's state and its calls back into core.c (cpu_raise_softirq for a
 * tickle, the cap's park/unpark). Declared here so that the policies do not
 * import the engine, which gets them from a table (policies.ts).
 */
/** What a policy may trace: its own class events (TRC_SCHED_CLASS_EVT in credit.c, credit2.c, rt.c, null.c). */
export interface ClassTrace {
  /** __trace_var(event, 1, n words) on pCPU cpu, now: n is at most 4. */
  classEvent(cpu: number, event: number, n: number, a: number, b: number, c: number, d: number): void
  /**
   * The same for records of 5 to TRACE_EXTRA_MAX (7) words (rt.c's
   * structs with 64-bit fields); a call of its own, so that the 4-word one
   * keeps its arity.
   */
  classEventLong(cpu: number, event: number, n: number, a: number, b: number, c: number, d: number, e: number, f: number, g: number): void
  /**
   * `count` records of `event` with two extra words each, pairs[k] & 0xffff
   * and pairs[k] >>> 16, one after the other now: what as many classEvent()
   * calls would write, in one call (credit's STEAL_CHECK, one per peer).
   */
  classEventRun(cpu: number, event: number, pairs: Uint32Array, count: number): void
  /**
   * classEventRun() with the records given as bits: one for each set bit j
   * of mask, lowest first, with the extra words (j + start) & 31 and bit j
   * of multi (credit's STEAL_CHECK walk of a host of at most 32 pCPUs, its
   * masks turned so that the walk's order is the bits' order). With head
   * not 0, a record of head with the one extra word headA before them
   * (written even when mask is empty).
   */
  classEventMask(cpu: number, event: number, start: number, mask: number, multi: number, head: number, headA: number): void
  /** NOW() at engine time t: ns since boot, for payloads that carry an s_time_t (rt.c's deadlines). */
  bootNs(t: number): number
}

export interface SchedCore {
  readonly host: Host
  /** The trace recorder while someone traces, else null (test it first: one check, as Xen's tb_init_done). */
  readonly trace: ClassTrace | null
  readonly units: readonly Unit[]
  readonly byKey: ReadonlyMap<string, Unit>
  readonly pcpus: readonly Pcpu[]
  /** The host's pCPU count: pCPU ids run 0..nP-1, as Xen's (per-pCPU arrays are this long). */
  readonly nP: number
  /** The pCPUs of this scheduler instance's cpupool (cpu_valid), sorted: the only ones it uses. */
  readonly cpus: readonly number[]
  /** The cpupool's parameters (ratelimit, tslice, migration delay). */
  readonly schedParams: SchedParams
  readonly now: number
  /** Set by SchedPolicy.doSchedule: how long the chosen unit may run (-1: no timer). */
  slice: number
  /**
   * When u entered its current runstate (state_entry_time, relative to the
   * epoch). While the engine runs events it may hold the runstate of a
   * vCPU itself (writing vcpu.runstate back when it stops), so a policy
   * reads it through here, not from u.v.runstate.
   */
  entryTime(u: Unit): number
  /**
   * u's vCPU's processor (v->processor). While the engine runs events for a
   * policy that asks for it (holdsProcessor) it may hold it on the unit, so
   * such a policy reads and writes it through here.
   */
  processorOf(u: Unit): number
  setProcessor(u: Unit, cpu: number): void
  /** pCPUs running nothing with no reschedule pending. */
  readonly idlePcpus: number
  /** Ask pCPU p to reschedule (SCHEDULE_SOFTIRQ). */
  tickle(p: Pcpu): void
  /** Arm the policy's timer at absolute time t (-1 disarms). */
  setPolicyTimer(t: number): void
  policyTimerArmed(): boolean
  /** The timers, read only (rtds looks at when its own, `globalTimer`, is due). */
  readonly timers: TimerQueue
  readonly globalTimer: number
  /** Park u for its cap (the policy has taken it off its queues). */
  park(u: Unit): void
  /** Lift the park. */
  unpark(u: Unit): void
}

export interface SchedPolicy {
  readonly name: SchedulerName
  /** It reads and writes v.processor only through SchedCore.processorOf / setProcessor (see Unit.processor). */
  readonly holdsProcessor?: boolean
  /** Build private state; `saved` is what save() returned in an earlier process. */
  init(e: SchedCore, saved: Record<string, unknown> | undefined): void
  save(): Record<string, unknown>
  /** insert_unit: a new unit (not runnable yet). */
  insertUnit(u: Unit): void
  /** remove_unit: the unit leaves for good (domain destroyed); it is not running. */
  removeUnit(u: Unit): void
  /** sleep: u stops being runnable. If it is running, its pCPU must reschedule. */
  sleep(u: Unit): void
  /** wake: u became runnable: queue it somewhere and tickle a pCPU. */
  wake(u: Unit): void
  /**
   * adjust_affinity: u's hard affinity changed (credit and credit2 note an
   * exclusive pin, a hard affinity of one pCPU, in the unit's flags).
   */
  adjustAffinity(u: Unit): void
  /**
   * pick_resource: the pCPU u should move to now that its affinity changed
   * (u is off every pCPU and queue). Always one its hard affinity allows.
   */
  pickResource(u: Unit): number
  /**
   * migrate: move u (off every pCPU and queue) to `cpu`, which pickResource
   * returned; sets u.v.processor to where u now belongs.
   */
  migrate(u: Unit, cpu: number): void
  /**
   * do_schedule on pCPU p at e.now: pick what runs next (p.curr is the unit
   * running so far) and return it; set e.slice to the time it may run (-1: no timer).
   * (Hooks on the hot path take no time argument: a double passed to a call
   * that is not inlined is boxed, an allocation per event.)
   */
  doSchedule(p: Pcpu): Unit | null
  /** The policy's own timer fired at e.now (credit: tick/accounting; credit2: budget replenishment). */
  onTimer(): void
  /** adjust: a domain's weight or cap changed. */
  adjust(d: Domain): void
  /** Global parameters changed (ratelimit, tslice). */
  paramsChanged(): void
  /** The epoch moved forward by `shift` ns (a multiple of 2^32 ns and 80 ms): move the policy's own times back by it. */
  rebase(shift: number): void
  /** Forget queues and credits (steady-state fast-forward restarts from scratch). */
  reset(now: number): void
  /** Debug key 'r' lines from "Scheduler:" up to (not including) "CPUs info:". */
  dump(now: number): string[]
  /** Per-pCPU lines after "CPU[nn] current=..." in "CPUs info:". */
  dumpPcpu(p: Pcpu): string[]
  /** Units waiting for pCPU p, in queue order (for vcpu-list/top views). */
  queueOf(p: Pcpu): Unit[]
  /**
   * u is runnable but waits for the policy rather than for a pCPU to pick it
   * (rtds: the depleted queue, until the replenishment; null: the
   * waitqueue, until a pCPU is freed), so it is in no pCPU's queue.
   */
  waitsForPolicy?(u: Unit): boolean
  /** u went down (offline vCPU, ...), whatever it was doing, blocked included (null frees its pCPU). */
  down?(u: Unit): void
  /**
   * Steady-state CPU share of each unit (fluid.ts), for a policy that does
   * not share by weight: `units` are those that may run, with their demand.
   */
  steadyRates?(units: {u: Unit; demand: number}[], nP: number): Map<Unit, number>
  /**
   * When set, a fast-forward first simulates this many ns exactly and
   * charges the rest of the span by the runstate fractions seen in it
   * (rtds: what EDF does with a set of periods is not a closed formula).
   */
  sampleNs?(): number
}

// The pCPUs of the cpupool whose engine runs now (Engine.activate sets
// it): Xen's schedulers intersect every affinity with
// cpupool_domain_master_cpumask(d), so a vCPU never goes to a pCPU outside
// its domain's pool whatever its affinity says. null: the pool has every pCPU.
let poolMask: Uint8Array | null = null
let poolSize = 0

export function setPoolMask(mask: Uint8Array | null, size: number): void {
  poolMask = mask
  poolSize = size
}

/** The active pool's mask (null: every pCPU), for a policy's own inlined affinity loop. */
export function activePoolMask(): Uint8Array | null {
  return poolMask
}

/** Is `cpu` in the active engine's cpupool? */
export function inPool(cpu: number): boolean {
  return poolMask === null || poolMask[cpu] === 1
}

/** The hard affinity, within the pool (the effective hard affinity of Xen's pickers). */
export function hardAllows(v: Vcpu, cpu: number): boolean {
  return (poolMask === null || poolMask[cpu] === 1) && cpuSetHas(v.hardAffinity, cpu)
}

/** hardAllows(u.v, cpu), without reading the vCPU when its hard affinity is every pCPU (Unit.hardAll). */
export function unitAllows(u: Unit, cpu: number): boolean {
  return u.hardAll ? poolMask === null || poolMask[cpu] === 1 : hardAllows(u.v, cpu)
}

export function softPrefers(v: Vcpu, cpu: number): boolean {
  return v.softAffinity !== null && v.softAffinity.includes(cpu) && hardAllows(v, cpu)
}

/**
 * has_soft_affinity() (xen/common/sched/private.h): the soft affinity
 * narrows the choice, i.e. it meets the hard affinity without covering it
 * or every pCPU.
 */
export function hasSoftAffinity(v: Vcpu, nP: number): boolean {
  const soft = v.softAffinity
  if (soft === null) return false
  let inHard = 0, inAll = 0
  for (const c of soft) {
    if (c < 0 || c >= nP || !inPool(c)) continue
    inAll++
    if (cpuSetHas(v.hardAffinity, c)) inHard++
  }
  // The soft affinity covers the whole pool (cpupool_domain_master_cpumask).
  if (inHard === 0 || inAll === (poolMask === null ? nP : poolSize)) return false
  const hard = v.hardAffinity
  if (hard === null) return true
  // soft_aff_effective: hard is not a subset of soft.
  return hard.some(c => c >= 0 && c < nP && inPool(c) && !soft.includes(c))
}

/** The pCPUs of 0..nP-1 that `keep` accepts, as a mask. */
export function cpuMask(nP: number, keep: (c: number) => boolean): boolean[] {
  const m: boolean[] = []
  for (let c = 0; c < nP; c++) m.push(keep(c))
  return m
}

/**
 * cpumask_cycle(): the next pCPU after n in the mask, wrapping; n itself
 * only when it is the only one; -1 for an empty mask.
 */
export function cpumaskCycle(n: number, mask: readonly boolean[]): number {
  const nP = mask.length
  for (let k = 1; k <= nP; k++) {
    const c = (n + k) % nP
    if (mask[c]) return c
  }
  return -1
}

/** The policies a host may run, by xl's scheduler name (filled in by policies.ts). */
export type PolicyTable = Readonly<Record<SchedulerName, new () => SchedPolicy>>
