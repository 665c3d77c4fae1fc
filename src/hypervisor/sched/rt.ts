// Xen's RTDS scheduler (xen/common/sched/rt.c): preemptive global EDF.
//  - each unit has a period and a budget (RTDS_DEFAULT_PERIOD 10 ms,
//    RTDS_DEFAULT_BUDGET 4 ms) and the extratime flag (set by default,
//    rt_alloc_udata); its deadline is the end of its current period;
//  - one global run queue (units with budget, or with extratime, ordered by
//    priority_level then deadline), one depleted queue (units without
//    budget, unsorted: they wait, runnable, for their replenishment) and a
//    replenishment queue with its timer (repl_timer_handler): at a deadline
//    the unit gets a new deadline, a full budget and priority_level 0;
//  - a running unit burns its budget (burn_budget); when it is out of it,
//    an extratime unit refills it at priority_level + 1 (it runs after
//    every unit still within its reservation, i.e. in time that would
//    otherwise be idle); one without extratime is depleted;
//  - runq_tickle: an idle pCPU of the unit's hard affinity (its own first),
//    else the one running the lowest-priority unit, if the waker beats it.
// A unit's current budget, deadline, start time, priority level and flags
// live in Unit.budget, Unit.credit, Unit.startTime, Unit.pri and Unit.flags
// (saved with the unit by the engine); period and budget parameters in the
// policy's state.
import {formatRanges} from '../domain.js'
import {epochNs} from '../time.js'
import {newReplQueue, type ReplQ} from './rt-replq.js'
import {newRunQueue, type RunQueue} from './rt-runq.js'
import {TickleTree, runningOn} from './rt-tickle.js'
import {TRC_RTDS_BUDGET_BURN, TRC_RTDS_BUDGET_REPLENISH, TRC_RTDS_RUNQ_PICK, TRC_RTDS_SCHEDULE, TRC_RTDS_TICKLE} from '../trace/events.js'
import type {ClassTrace} from './policy.js'
import {Pcpu, Unit, activePoolMask, cpuMask, cpumaskCycle, hardAllows, inPool, type SchedCore, type SchedPolicy} from './policy.js'

const US = 1000
export const RTDS_DEFAULT_PERIOD = 10_000 * US
export const RTDS_DEFAULT_BUDGET = 4_000 * US
/** STIME_DELTA_MAX (xen/include/xen/time.h): 2^62 - 1 ns, beyond any uint32 of microseconds. */
export const RTDS_MAX_PERIOD = 2 ** 62 - 1
export const RTDS_MIN_PERIOD = 10 * US
export const RTDS_MIN_BUDGET = 10 * US
const UPDATE_LIMIT_SHIFT = 10
/** Hosts of more pCPUs than this keep runq_tickle()'s answers in a tree (rt-tickle.ts). */
let TREE_MIN_PCPUS = 64
/** For tests: the host size above which the tree is used (Infinity: never), returning the old one. */
export function setRtdsTreeMinPcpus(n: number): number {
  const old = TREE_MIN_PCPUS
  TREE_MIN_PCPUS = n
  return old
}

/** Flag bits as rt.c numbers them (the dump prints them in hex). */
export const RTDS_scheduled = 1 << 1
export const RTDS_delayed_runq_add = 1 << 2
export const RTDS_depleted = 1 << 3
export const RTDS_extratime = 1 << 4

type Json = Record<string, unknown>

/** compare_unit_priority(): > 0 when a has at least b's priority level and an earlier deadline (or a lower level). */
function compare(a: Unit, b: Unit): number {
  const prio = b.pri - a.pri
  return prio === 0 ? b.credit - a.credit : prio
}

/** Take u out of q: where it was (0: first), -1 when it was not there. */
function queueRemove(q: Unit[], u: Unit): number {
  const n = q.length
  let i = 0
  while (i < n && q[i] !== u) i++
  if (i === n) return -1
  for (let j = i + 1; j < n; j++) q[j - 1] = q[j]
  q.pop()
  return i
}

export interface RtdsVcpuParams {period: number; budget: number; extratime: boolean}

export class Rtds implements SchedPolicy {
  readonly name = 'rtds' as const
  private e!: SchedCore
  /** The run queue, in priority order (see rt-runq.ts). */
  runq: RunQueue = newRunQueue(0)
  depletedq: Unit[] = []
  /** The replenishment queue, in rt.c's order (see rt-replq.ts). */
  replq: ReplQ = newReplQueue(0)
  private onReplq: boolean[] = []
  /** Per unit (by idx): period and budget in ns. */
  private period: number[] = []
  private budgetOf: number[] = []
  private replenished: Unit[] = []
  /**
   * runq_tickle()'s answer per pCPU (rt-tickle.ts), on hosts of more than
   * TREE_MIN_PCPUS pCPUs (null below: keeping the tree up to date at each
   * schedule costs more there than the walk it saves).
   */
  private tt: TickleTree | null = null
  /** prv->tickled: the pCPUs runq_tickle() tickled, until they reschedule (only TRC_RTDS_SCHEDULE reads it). */
  private tickledBy: Uint8Array = new Uint8Array(0)
  /**
   * A bound on the keys of the running units (level, deadline): no pCPU
   * that is not tickled runs a unit of a higher key. A unit that does not
   * beat it, on a host with no idle pCPU, makes runq_tickle()'s walk
   * tickle nothing (on a busy host, a preempted unit put back and most
   * wake-ups), so tickleWalk() returns at once. It goes up as a pCPU picks
   * a unit or a running unit's deadline moves, and comes down to the truth
   * at each full walk; Infinity: unknown (a load, a reset, a rebase).
   */
  private busyPri = Infinity
  private busyDl = Infinity

  init(e: SchedCore, saved: Json | undefined): void {
    this.e = e
    this.runq = newRunQueue(e.units.length)
    this.replq = newReplQueue(e.units.length)
    const params = (saved?.params ?? {}) as Record<string, number[]>
    for (const u of e.units) {
      const p = params[u.key]
      this.period[u.idx] = p ? p[0] : RTDS_DEFAULT_PERIOD
      this.budgetOf[u.idx] = p ? p[1] : RTDS_DEFAULT_BUDGET
      this.onReplq[u.idx] = false
    }
    const list = (k: string) => (Array.isArray(saved?.[k]) ? saved[k] as string[] : []).map(key => e.byKey.get(key)).filter((u): u is Unit => u !== undefined && u.rq >= 0)
    for (const u of list('runq')) if (u.cpu < 0 && u.runnable && !u.queued) { u.queued = true; this.runq.push(u) }
    for (const u of list('depletedq')) if (u.cpu < 0 && u.runnable && !u.queued) { u.queued = true; this.depletedq.push(u) }
    for (const u of list('replq')) if (!this.onReplq[u.idx]) { this.onReplq[u.idx] = true; this.replq.push(u) }
    this.tt = e.nP > TREE_MIN_PCPUS ? new TickleTree(e.nP) : null
    this.tickledBy = new Uint8Array(e.nP)
    this.rekeyPcpus()
  }

  /** Every pCPU's key afresh (after a load, a reset, a rebase). */
  private rekeyPcpus(): void {
    this.busyPri = Infinity
    this.busyDl = Infinity
    const tt = this.tt
    if (tt !== null) for (const p of this.e.pcpus) tt.set(p.id, p.curr, p.tickled)
  }

  /** Tickle p (raise its SCHEDULE_SOFTIRQ): no wake-up looks at it again before it reschedules. */
  private kick(p: Pcpu): void {
    this.e.tickle(p)
    if (this.tt !== null) this.tt.set(p.id, p.curr, true)
  }

  save(): Json {
    const params: Record<string, number[]> = {}
    for (const u of this.e.units) {
      const p = this.period[u.idx], b = this.budgetOf[u.idx]
      if (p !== RTDS_DEFAULT_PERIOD || b !== RTDS_DEFAULT_BUDGET) params[u.key] = [p, b]
    }
    const keys = (q: Unit[]) => q.map(u => u.key)
    return {runq: keys(this.runq.toArray()), depletedq: keys(this.depletedq), replq: keys(this.replq.toArray()), params}
  }

  // ---- parameters (rt_dom_cntl) ----

  params(u: Unit): RtdsVcpuParams {
    return {period: this.period[u.idx], budget: this.budgetOf[u.idx], extratime: (u.flags & RTDS_extratime) !== 0}
  }

  /** XEN_DOMCTL_SCHEDOP_putvcpuinfo (checked by the caller): takes effect at the next replenishment. */
  setParams(u: Unit, p: RtdsVcpuParams): void {
    this.period[u.idx] = p.period
    this.budgetOf[u.idx] = p.budget
    if (p.extratime) u.flags |= RTDS_extratime
    else u.flags &= ~RTDS_extratime
  }

  // ---- hooks ----

  /** rt_alloc_udata + rt_unit_insert (the unit is not runnable yet, so it is queued nowhere). */
  insertUnit(u: Unit): void {
    this.period[u.idx] = RTDS_DEFAULT_PERIOD
    this.budgetOf[u.idx] = RTDS_DEFAULT_BUDGET
    this.onReplq[u.idx] = false
    u.flags = RTDS_extratime
    u.pri = 0
    u.credit = 0
    u.startTime = 0
    u.budget = 0
    u.rq = 0
    u.v.processor = this.pickResource(u)
    if (this.e.now >= u.credit) this.updateDeadline(u, u.v.processor)
  }

  removeUnit(u: Unit): void {
    if (u.queued) this.qRemove(u)
    if (this.onReplq[u.idx]) this.replqRemove(u)
  }

  /** rt_unit_sleep(). */
  sleep(u: Unit): void {
    if (u.cpu >= 0) this.kick(this.e.pcpus[u.cpu])
    else if (u.queued) {
      this.qRemove(u)
      this.replqRemove(u)
    }
  }

  /** rt_unit_wake(). */
  wake(u: Unit): void {
    if (u.cpu >= 0 || u.queued) return
    if (this.e.now >= u.credit) this.updateDeadline(u, u.v.processor)
    if (!this.onReplq[u.idx]) this.replqInsert(u)
    else this.replqReinsert(u)
    this.runqInsert(u)
    this.runqTickle(u, null, null)
  }

  /** rt.c has no adjust_affinity. */
  adjustAffinity(): void {}

  /** rt_res_pick_locked(): its pCPU if still allowed, else the next allowed one. */
  pickResource(u: Unit): number {
    const e = this.e
    const cpu = Math.min(Math.max(0, u.v.processor), e.nP - 1)
    if (hardAllows(u.v, cpu)) return cpu
    const c = cpumaskCycle(cpu, cpuMask(e.nP, c => hardAllows(u.v, c)))
    return c < 0 ? cpu : c
  }

  migrate(u: Unit, cpu: number): void {
    u.v.processor = cpu
  }

  /** rt_schedule() and, as the engine switches at once, rt_context_saved() for what ran. */
  doSchedule(p: Pcpu): Unit | null {
    const e = this.e
    const prev = p.curr
    if (e.trace !== null) this.traceSchedule(e.trace, p, prev === null)
    this.tickledBy[p.id] = 0
    if (prev) this.burnBudget(prev, p.id)
    const runq = this.runq
    let snext = runq.pick(p.id)
    if (snext !== null && e.trace !== null) this.traceRunqPick(e.trace, snext, p.id)
    if (prev && prev.runnable && prev.budget > 0 && (snext === null || compare(prev, snext) > 0)) snext = prev
    if (snext !== null) {
      if (snext !== prev) {
        // q_remove().
        runq.remove(snext)
        snext.queued = false
        snext.flags |= RTDS_scheduled
      }
      snext.startTime = e.now
      if (snext.v.processor !== p.id) snext.v.processor = p.id
      e.slice = snext.budget
    } else {
      e.slice = -1
    }
    if (this.tt !== null) this.tt.set(p.id, snext, false)
    if (snext !== null) this.raiseBusy(snext)
    if (prev && prev !== snext) {
      prev.flags &= ~(RTDS_scheduled | RTDS_delayed_runq_add)
      if (prev.runnable) {
        this.runqInsert(prev)
        this.runqTickle(prev, p, snext)
      } else if (this.onReplq[prev.idx]) {
        this.replqRemove(prev)
      }
    }
    return snext
  }

  /** repl_timer_handler(). */
  onTimer(): void {
    const e = this.e
    const now = e.now
    // tmp_replq, reused (a new array per replenishment was garbage per event).
    const done = this.replenished
    done.length = 0
    while (this.replq.length > 0 && now >= this.replq.first().credit) {
      const u = this.replq.shift()
      // repl_timer_handler() runs where the timer is: the pool's first pCPU (rt_init_pdata).
      this.updateDeadline(u, e.cpus[0])
      if (u.cpu >= 0) {
        this.raiseBusy(u)
        if (this.tt !== null) this.tt.set(u.cpu, u, e.pcpus[u.cpu].tickled)
      }
      done.push(u)
      if (u.queued) {
        this.qRemove(u)
        this.runqInsert(u)
      }
    }
    // tmp_replq is built with list_add (newest first).
    for (let i = done.length - 1; i >= 0; i--) {
      const u = done[i]
      if (u.cpu >= 0 && this.runq.length > 0) {
        const head = this.runq.first()
        if (compare(u, head) < 0) this.runqTickle(head, null, null)
      } else if ((u.flags & RTDS_depleted) !== 0) {
        u.flags &= ~RTDS_depleted
        if (u.queued) this.runqTickle(u, null, null)
      }
      this.replq.insert(u)
    }
    done.length = 0
    this.armTimer()
  }

  /** Weight and cap mean nothing to RTDS. */
  adjust(): void {}

  paramsChanged(): void {}

  rebase(shift: number): void {
    for (const u of this.e.units) u.credit -= shift
    this.runq.rekey()
    this.replq.rekey()
    this.rekeyPcpus()
  }

  reset(now: number): void {
    for (const u of this.runq.toArray()) u.queued = false
    for (const u of this.depletedq) u.queued = false
    this.runq.clear()
    this.depletedq = []
    this.replq.clear()
    for (const u of this.e.units) {
      this.onReplq[u.idx] = false
      u.flags &= RTDS_extratime
      u.pri = 0
      u.credit = now
      u.startTime = now
      u.budget = this.budgetOf[u.idx]
    }
    this.rekeyPcpus()
    this.armTimer()
  }

  /** rt_dump(). */
  dump(): string[] {
    const e = this.e
    if (e.units.length === 0) return []
    const out: string[] = ['Global RunQueue info:']
    for (const u of this.runq.toArray()) out.push(...this.dumpUnit(u))
    out.push('Global DepletedQueue info:')
    for (const u of this.depletedq) out.push(...this.dumpUnit(u))
    out.push('Global Replenishment Events info:')
    for (const u of this.replq.toArray()) out.push(...this.dumpUnit(u))
    out.push('Domain info:')
    let last = -1
    for (const u of e.units) {
      if (u.d.domid !== last) {
        last = u.d.domid
        out.push(`\tdomain: ${u.d.domid}`)
      }
      out.push(...this.dumpUnit(u))
    }
    return out
  }

  /** rt_dump_pcpu(). */
  dumpPcpu(p: Pcpu): string[] {
    const out = [`CPU[${String(p.id).padStart(2, '0')}]`]
    if (p.curr) out.push(...this.dumpUnit(p.curr))
    return out
  }

  /** The run queue (global): the units there that may run on p. */
  queueOf(p: Pcpu): Unit[] {
    return this.runq.toArray().filter(u => hardAllows(u.v, p.id))
  }

  /** A unit in the depleted queue waits for its replenishment, not for a pCPU. */
  waitsForPolicy(u: Unit): boolean {
    return u.queued && this.depletedq.includes(u) && this.onReplq[u.idx]
  }

  /**
   * The fast-forward samples an exact stretch (fluid.ts): 50 of the longest
   * period, within [1 s, 20 s], shortened on hosts of more than 64 vCPUs
   * (to 64 vCPU-seconds, at least 100 ms) so that a catch-up of a big host
   * stays bounded. The synchronised periods of global EDF (units
   * replenished together preempt together) are what no formula here gets
   * right.
   */
  sampleNs(): number {
    let max = 0, n = 0
    for (const u of this.e.units) {
      if (u.down) continue
      n++
      if (this.period[u.idx] > max) max = this.period[u.idx]
    }
    const w = Math.min(20_000_000_000, Math.max(1_000_000_000, 50 * max))
    return Math.min(w, Math.max(100_000_000, Math.floor(64_000_000_000 / Math.max(1, n))))
  }

  /**
   * Steady shares (for the fast-forward's final state; the time is charged
   * from the exact sample, see sampleNs): each unit first gets its
   * reservation budget/period (up to its demand; all of them scaled down
   * together when the pCPUs cannot hold them, as EDF then misses
   * deadlines), then extratime units share what is left in proportion to
   * their budgets (each extra priority level costs one budget, and the
   * lowest level runs first, so all climb together). Hard affinity is
   * ignored here. `offline` is always false: a depleted unit is runnable.
   */
  steadyRates(units: {u: Unit; demand: number}[], nP: number): Map<Unit, number> {
    const rate = new Map<Unit, number>()
    let reserved = 0
    for (const {u, demand} of units) {
      const r = Math.min(demand, this.budgetOf[u.idx] / this.period[u.idx])
      rate.set(u, r)
      reserved += r
    }
    if (reserved > nP) {
      for (const [u, r] of rate) rate.set(u, r * nP / reserved)
      return rate
    }
    let left = nP - reserved
    let open = units.filter(({u, demand}) => (u.flags & RTDS_extratime) !== 0 && demand > rate.get(u)! + 1e-12)
    while (left > 1e-12 && open.length > 0) {
      let w = 0
      for (const {u} of open) w += this.budgetOf[u.idx]
      let level = left / w
      for (const {u, demand} of open) level = Math.min(level, (demand - rate.get(u)!) / this.budgetOf[u.idx])
      for (const {u} of open) {
        const add = level * this.budgetOf[u.idx]
        rate.set(u, rate.get(u)! + add)
        left -= add
      }
      open = open.filter(({u, demand}) => demand > rate.get(u)! + 1e-12)
    }
    return rate
  }

  // ---- internals (they read e.now themselves: see credit2.ts) ----

  private dumpUnit(u: Unit): string[] {
    const epoch = epochNs(this.e.host)
    const abs = (t: number) => (epoch + BigInt(t)).toString()
    const hard = u.v.hardAffinity === null ? this.e.cpus.slice() : [...new Set(u.v.hardAffinity)].filter(c => c >= 0 && c < this.e.nP && inPool(c)).sort((a, b) => a - b)
    return [
      `[${String(u.d.domid).padStart(5)}.${String(u.v.vcpuId).padEnd(2)}] cpu ${u.v.processor}, (${this.period[u.idx]}, ${this.budgetOf[u.idx]}),` +
        ` cur_b=${u.budget} cur_d=${abs(u.credit)} last_start=${abs(u.startTime)}`,
      ` \t\t priority_level=${u.pri} has_extratime=${(u.flags & RTDS_extratime) !== 0 ? 1 : 0}`,
      ` \t\t onQ=${u.queued ? 1 : 0} runnable=${u.runnable ? 1 : 0} flags=${u.flags.toString(16)} effective hard_affinity=${formatRanges(hard)}`,
    ]
  }

  /** rt_update_deadline(), on pCPU cpu. */
  private updateDeadline(u: Unit, cpu: number): void {
    const now = this.e.now
    const period = this.period[u.idx]
    if (u.credit + period * 2 ** UPDATE_LIMIT_SHIFT > now) {
      do u.credit += period
      while (u.credit <= now)
    } else {
      u.credit += (Math.floor((now - u.credit) / period) + 1) * period
    }
    u.startTime = now
    u.budget = this.budgetOf[u.idx]
    u.pri = 0
    if (this.e.trace !== null) this.traceReplenish(this.e.trace, u, cpu)
  }

  /**
   * TRC_RTDS_SCHEDULE (rt.c:1086): struct __packed {unsigned cpu:16,
   * tasklet:8, tickled:4, idle:4}, one word; no tasklets here.
   */
  private traceSchedule(t: ClassTrace, p: Pcpu, idle: boolean): void {
    t.classEvent(p.id, TRC_RTDS_SCHEDULE, 1, (p.id & 0xffff) | (this.tickledBy[p.id] << 24) | ((idle ? 1 : 0) << 28), 0, 0, 0)
  }

  /**
   * TRC_RTDS_BUDGET_REPLENISH (rt.c:470): struct __packed {unsigned unit:16,
   * dom:16; unsigned priority_level; uint64_t cur_deadline, cur_budget}: 24
   * bytes, 6 words, the deadline an s_time_t (ns since boot).
   */
  private traceReplenish(t: ClassTrace, u: Unit, cpu: number): void {
    const dl = t.bootNs(u.credit), budget = u.budget
    // Low words as int32 (the same bits in the record): a uint32 above 2^31 would be a heap number, allocated at each call.
    t.classEventLong(cpu, TRC_RTDS_BUDGET_REPLENISH, 6, u.v.vcpuId | (u.d.domid << 16), u.pri, dl | 0, Math.floor(dl / 2 ** 32), budget | 0, Math.floor(budget / 2 ** 32), 0)
  }

  /**
   * TRC_RTDS_BUDGET_BURN (rt.c:1004): struct __packed {unsigned unit:16,
   * dom:16; uint64_t cur_budget; int delta; unsigned priority_level; bool
   * has_extratime}: 21 bytes, which __trace_var rounds up to 6 words (the
   * last one's three bytes past the struct are whatever followed it on
   * Xen's stack; 0 here).
   */
  private traceBurn(t: ClassTrace, u: Unit, cpu: number, delta: number): void {
    const budget = u.budget
    t.classEventLong(cpu, TRC_RTDS_BUDGET_BURN, 6, u.v.vcpuId | (u.d.domid << 16), budget | 0, Math.floor(budget / 2 ** 32), delta | 0, u.pri, (u.flags & RTDS_extratime) !== 0 ? 1 : 0, 0)
  }

  /**
   * TRC_RTDS_RUNQ_PICK (rt.c:1053): struct __packed {unsigned unit:16,
   * dom:16; uint64_t cur_deadline, cur_budget}: 20 bytes, 5 words.
   */
  private traceRunqPick(t: ClassTrace, u: Unit, cpu: number): void {
    const dl = t.bootNs(u.credit), budget = u.budget
    t.classEventLong(cpu, TRC_RTDS_RUNQ_PICK, 5, u.v.vcpuId | (u.d.domid << 16), dl | 0, Math.floor(dl / 2 ** 32), budget | 0, Math.floor(budget / 2 ** 32), 0, 0)
  }

  /** burn_budget(), on pCPU cpu. */
  private burnBudget(u: Unit, cpu: number): void {
    const now = this.e.now
    const delta = now - u.startTime
    if (delta < 0) {
      u.startTime = now
      return
    }
    u.budget -= delta
    u.startTime = now
    if (u.budget <= 0) {
      if ((u.flags & RTDS_extratime) !== 0) {
        u.pri++
        if (this.onReplq[u.idx]) this.replq.raised(u)
        u.budget = this.budgetOf[u.idx]
      } else {
        u.budget = 0
        u.flags |= RTDS_depleted
      }
    }
    if (this.e.trace !== null) this.traceBurn(this.e.trace, u, cpu, delta)
  }

  /** runq_insert(): by EDF into the run queue with budget or extratime, else at the head of the depleted queue. */
  private runqInsert(u: Unit): void {
    if (u.budget > 0 || (u.flags & RTDS_extratime) !== 0) this.runq.insert(u)
    else this.depletedq.unshift(u)
    u.queued = true
  }

  private qRemove(u: Unit): void {
    if (!this.runq.remove(u)) queueRemove(this.depletedq, u)
    u.queued = false
  }

  private replqInsert(u: Unit): void {
    this.onReplq[u.idx] = true
    if (this.replq.insert(u)) this.armTimer()
  }

  private replqRemove(u: Unit): void {
    if (!this.onReplq[u.idx]) return
    this.onReplq[u.idx] = false
    if (this.replq.remove(u) === 0) this.armTimer()
  }

  /** replq_reinsert(): its deadline moved. */
  private replqReinsert(u: Unit): void {
    this.replq.remove(u)
    this.replq.insert(u)
    this.armTimer()
  }

  /** set_timer() to the head's deadline (left alone when already armed for that time: most heads share a deadline). */
  private armTimer(): void {
    const e = this.e
    if (this.replq.length === 0) {
      e.setPolicyTimer(-1)
      return
    }
    const t = this.replq.first().credit
    if (e.policyTimerArmed() && e.timers.time[e.globalTimer] === t) return
    e.setPolicyTimer(t)
  }

  /**
   * runq_tickle(). `self` is the pCPU being rescheduled, which will run
   * `selfNext` (rt_context_saved() runs after the switch). A depleted unit
   * (in the depleted queue) tickles nothing: no pCPU would pick it.
   */
  private runqTickle(u: Unit, self: Pcpu | null, selfNext: Unit | null): void {
    if (u.budget <= 0 && (u.flags & RTDS_extratime) === 0) return
    const e = this.e
    const nP = e.nP
    const pcpus = e.pcpus
    const hard = u.v.hardAffinity
    const pool = activePoolMask()
    let latest: Unit | null = null
    // The lowest priority so far (compare(cur, latest) < 0: a higher level, or a later deadline at the same level).
    let lPri = -1, lDl = 0
    const start = Math.min(Math.max(0, u.v.processor), nP - 1)
    if (hard === null && pool === null) {
      if (this.tt !== null) this.tickleAny(this.tt, u, self, selfNext, start)
      else this.tickleWalk(u, self, selfNext, start)
      return
    }
    // cpumask_test_or_cycle() from its own pCPU over the allowed, untickled
    // pCPUs (the hot loop of this policy: two ranges rather than a modulo).
    for (let k = 0, c = start; k < nP; k++, c++) {
      if (c === nP) c = 0
      const p = pcpus[c]
      if (p.tickled || (hard !== null && !hard.includes(c)) || (pool !== null && pool[c] === 0)) continue
      const cur = p === self ? selfNext : p.curr
      if (cur === null) {
        this.tickleFor(u, self, p)
        return
      }
      const pri = cur.pri
      if (latest === null || pri > lPri || (pri === lPri && cur.credit > lDl)) {
        latest = cur
        lPri = pri
        lDl = cur.credit
      }
    }
    if (latest !== null && compare(latest, u) < 0) {
      const c = latest === selfNext && self ? self.id : latest.cpu
      if (c >= 0) this.tickleFor(u, self, e.pcpus[c])
    }
  }

  /**
   * runqTickle() for a unit that may run anywhere on a host of one pool
   * (the usual case): the pCPU the walk would find, from the tree. Each
   * winner is checked against its pCPU; a stale one (tickled or switched
   * behind the tree's back) is re-keyed and the question asked again.
   */
  private tickleAny(tt: TickleTree, u: Unit, self: Pcpu | null, selfNext: Unit | null, start: number): void {
    const e = this.e
    // The highest key of all (the tree's root). No key is below the truth
    // (a stale one is higher), so when it is a running unit's that the waker
    // does not beat, no pCPU's real key is one the waker beats: the walk
    // would tickle nothing, whichever pCPU it found (on a busy host, most
    // wake-ups and preemptions). That needs no look at the pCPU (its unit is
    // cold on a big host); any other answer is checked below.
    const top = tt.top()
    if (top < 0) return
    const tPri = tt.levelOf(top), tDl = tt.deadlineOf(top)
    if (!(u.pri < tPri || (u.pri === tPri && u.credit < tDl))) return
    for (;;) {
      const c = tt.query(start)
      if (c < 0) return
      const p = e.pcpus[c]
      const cur = runningOn(p, self, selfNext)
      const tickled = p.tickled
      if (!tt.current(c, cur, tickled)) {
        tt.set(c, cur, tickled)
        continue
      }
      if (cur === null) {
        this.tickleFor(u, self, p)
        return
      }
      // compare(latest, u) < 0: the waker has a lower level, or an earlier deadline at the same one.
      const lPri = tt.levelOf(c), lDl = tt.deadlineOf(c)
      if (u.pri < lPri || (u.pri === lPri && u.credit < lDl)) this.tickleFor(u, self, p)
      return
    }
  }

  /**
   * runqTickle() for a unit that may run anywhere, on a small host: the
   * same walk, from `start` to the end and then from 0, with no affinity or
   * pool test per pCPU, and the lowest priority kept as its level and
   * deadline only. The first idle pCPU in that order, else the first pCPU
   * running the lowest-priority unit, is the one chosen.
   */
  private tickleWalk(u: Unit, self: Pcpu | null, selfNext: Unit | null, start: number): void {
    const e = this.e
    const bPri = this.busyPri, bDl = this.busyDl
    // No idle pCPU (`self` runs its unit, never nothing, while it reschedules)
    // and no running unit u beats: the walk would tickle nothing.
    const noIdle = e.idlePcpus === 0 && (self === null || selfNext !== null)
    if (noIdle && !(u.pri < bPri || (u.pri === bPri && u.credit < bDl))) return
    const pcpus = e.pcpus
    const nP = e.nP
    let at = -1
    let lPri = -1, lDl = 0
    for (let pass = 0, c = start, end = nP; pass < 2; pass++, c = 0, end = start) {
      for (; c < end; c++) {
        const p = pcpus[c]
        if (p.tickled) continue
        const cur = p === self ? selfNext : p.curr
        if (cur === null) {
          this.tickleFor(u, self, p)
          return
        }
        const pri = cur.pri
        if (at < 0 || pri > lPri || (pri === lPri && cur.credit > lDl)) {
          at = c
          lPri = pri
          lDl = cur.credit
          // With no idle pCPU, the first one from `start` running a unit
          // of the bound's key is the walk's answer: no key is above the
          // bound, and only a higher key would replace this one (on a busy
          // host the bound is mostly the truth, and this stops in a few steps).
          if (noIdle && pri === bPri && lDl === bDl) {
            if (u.pri < lPri || (u.pri === lPri && u.credit < lDl)) this.tickleFor(u, self, p)
            return
          }
        }
      }
    }
    // The walk saw every pCPU not tickled: the bound is the truth now (-Infinity: none runs a unit).
    this.busyPri = at >= 0 ? lPri : -Infinity
    this.busyDl = at >= 0 ? lDl : -Infinity
    // compare(latest, u) < 0: the waker has a lower level, or an earlier deadline at the same one.
    if (at >= 0 && (u.pri < lPri || (u.pri === lPri && u.credit < lDl))) this.tickleFor(u, self, pcpus[at])
  }

  /** u runs (or will, once its pCPU's schedule() is done) with its key as it is now: the bound covers it. */
  private raiseBusy(u: Unit): void {
    const p = u.pri
    if (p > this.busyPri || (p === this.busyPri && u.credit > this.busyDl)) {
      this.busyPri = p
      this.busyDl = u.credit
    }
  }

  /** runq_tickle's choice: traced (TRC_RTDS_TICKLE), then tickled. */
  private tickleFor(u: Unit, self: Pcpu | null, p: Pcpu): void {
    if (this.e.trace !== null) this.traceTickle(u, self, p.id)
    this.tickledBy[p.id] = 1
    this.kick(p)
  }

  /**
   * TRC_RTDS_TICKLE {cpu:16, pad:16} (rt.c runq_tickle), on the pCPU running
   * it: the one rescheduling, else the woken unit's (where its wake is traced).
   */
  private traceTickle(u: Unit, self: Pcpu | null, target: number): void {
    this.e.trace!.classEvent(self !== null ? self.id : u.v.processor, TRC_RTDS_TICKLE, 1, target & 0xffff, 0, 0, 0)
  }
}
