// Xen's credit2 scheduler (xen/common/sched/credit2.c), the default since
// Xen 4.12, reduced to what a simulated host needs:
//  - one runqueue per socket; this host has one socket per 16 pCPUs (Xen's
//    sched_credit2_max_cpus_runqueue default is 16), see cpuTopology();
//  - credits in ns burnt at max_weight/weight (t2c), reset for the whole
//    runqueue (+CSCHED2_CREDIT_INIT, clipped at INIT + CARRYOVER_MAX) when
//    the unit about to run has none left;
//  - slices from csched2_runtime(): until the next waiter's credit, within
//    [max(MIN_TIMER, ratelimit), MAX_TIMER];
//  - wake-up tickling (runq_tickle): an idle pCPU, else preempt the running
//    unit with the least credit if the waker has MIGRATE_RESIST more;
//  - caps as budgets replenished every 10 ms; a unit without budget is
//    parked (_VPF_parked, so its runstate is offline) until replenishment;
//  - load balancing between runqueues is reduced to: pick the runqueue at
//    wake (an idle pCPU first, else stay unless badly loaded) and let a pCPU
//    with nothing to run pull a waiter from another runqueue;
//  - per-unit and per-runqueue load averages as update_runq_load /
//    update_svc_load compute them (only shown by debug key 'r').
import type {Domain} from '../domain.js'
import {formatRanges} from '../domain.js'
import {Pcpu, Unit, cpuMask, cpumaskCycle, hardAllows, hasSoftAffinity, inPool, softPrefers, unitAllows, type SchedCore, type SchedPolicy} from './policy.js'
import {cpuTopology, formatBitmap} from './topology.js'
import {TRC_CSCHED2_CREDIT_BURN, TRC_CSCHED2_CREDIT_RESET, TRC_CSCHED2_RUNQ_POS, TRC_CSCHED2_TICKLE} from '../trace/events.js'

/** INT_MIN: burn_credits' budget field for a unit without a cap. */
const INT_MIN = -0x80000000
import {IdSet, MinIndex} from './rq-index.js'
import {Credit2Runq} from './credit2-runq.js'

export const CSCHED2_CREDIT_INIT = 10_000_000
export const CSCHED2_MIN_TIMER = 500_000
export const CSCHED2_CARRYOVER_MAX = CSCHED2_MIN_TIMER
export const CSCHED2_MAX_TIMER = CSCHED2_CREDIT_INIT
export const CSCHED2_CREDIT_RESET = 0
export const CSCHED2_MIGRATE_RESIST = 500_000
export const CSCHED2_BDGT_REPL_PERIOD = 10_000_000
export const CSCHED2_DEFAULT_WEIGHT = 256
export const CPUS_PER_RUNQUEUE = 16
const LOADAVG_GRANULARITY_SHIFT = 10
const LOAD_WINDOW_SHIFT = 30 - LOADAVG_GRANULARITY_SHIFT
const LOAD_PRECISION_SHIFT = 18
const WINDOW = 2 ** LOAD_WINDOW_SHIFT
const ONE = 2 ** LOAD_PRECISION_SHIFT
/** csched2 unit flag __CSFLAG_scheduled. */
const CSFLAG_scheduled = 1 << 1
/** __CSFLAG_pinned: hard affinity of exactly one pCPU. */
const CSFLAG_pinned = 1 << 5

class RunQueue {
  runq = new Credit2Runq()
  /** Every unit assigned to this runqueue (rqd->svc), runnable or not; in no particular order. */
  svc: Unit[] = []
  load = 0
  avgload = 0
  loadLast = 0
  maxWeight = 1
  /** Units in svc whose weight is maxWeight (it is recomputed only when the last one leaves). */
  maxCount = 0
  /** pCPUs of this runqueue running nothing (kept by doSchedule; tickled ones included). */
  nIdle = 0
  /** The pCPU last picked for a unit moving here: the next pick starts after it. */
  pickBias: number
  constructor(readonly id: number, readonly cpus: number[]) {
    // init_pdata: the runqueue's first pCPU.
    this.pickBias = cpus[0]
  }
}

interface DomBudget {budget: number; totBudget: number}

type Json = Record<string, unknown>

export class Credit2 implements SchedPolicy {
  readonly name = 'credit2' as const
  readonly holdsProcessor = true
  private e!: SchedCore
  private rqs: RunQueue[] = []
  private budgets = new Map<number, DomBudget>()
  /**
   * Kept as the runqueues change, so that a wake-up or an idle pCPU looks
   * at the runqueues that matter instead of walking all of them (Xen keeps
   * per-runqueue masks for the same reason): those with a pCPU running
   * nothing (nIdle > 0), those with waiters, and each one's load per pCPU.
   */
  private idleRqs = new IdSet(0)
  private waitingRqs = new IdSet(0)
  private density = new MinIndex(0)
  /**
   * By pCPU: the credit of the unit running there (valid while one runs),
   * so that runq_tickle compares credits without touching every running
   * unit of the runqueue (on a big host each is a cache miss). Written
   * wherever a running unit's credit changes: burn_credits, reset_credit,
   * and when do_schedule picks it.
   */
  private currCredit = new Float64Array(0)
  /**
   * By pCPU: 1 while it runs a unit with no reschedule pending (curr set,
   * not tickled), the pCPUs runq_tickle may preempt; so that it looks at
   * its runqueue's pCPUs here instead of at each one's Pcpu (on a big host
   * a cache miss each). Only do_schedule (the pick) and this policy's own
   * tickles (tickle()) change either, outside init and reset.
   */
  private tickleable = new Uint8Array(0)

  init(e: SchedCore, saved: Json | undefined): void {
    this.e = e
    const n = e.nP
    // One runqueue per CPUS_PER_RUNQUEUE pCPUs (a socket), of the pool's pCPUs only, numbered as made.
    for (const c of e.cpus) {
      const last = this.rqs[this.rqs.length - 1]
      if (last && Math.floor(last.cpus[0] / CPUS_PER_RUNQUEUE) === Math.floor(c / CPUS_PER_RUNQUEUE)) {
        last.cpus.push(c)
      } else {
        this.rqs.push(new RunQueue(this.rqs.length, [c]))
      }
      e.pcpus[c].rq = this.rqs.length - 1
    }
    this.idleRqs = new IdSet(this.rqs.length)
    this.waitingRqs = new IdSet(this.rqs.length)
    this.density = new MinIndex(this.rqs.length)
    this.currCredit = new Float64Array(n)
    for (const p of e.pcpus) if (p.curr) this.currCredit[p.id] = p.curr.credit
    this.tickleable = new Uint8Array(n)
    this.noteTickleable()
    for (const u of e.units) {
      this.noteDomain(u)
      if (u.rq < 0) continue
      if (u.rq >= this.rqs.length) u.rq = e.pcpus[Math.min(Math.max(0, u.v.processor), n - 1)].rq
      this.svcAdd(this.rqs[u.rq], u)
    }
    const savedRqs = Array.isArray(saved?.rqs) ? saved.rqs as Json[] : []
    for (const rq of this.rqs) {
      const s = savedRqs[rq.id]
      if (s) {
        rq.avgload = Number(s.avgload) || 0
        rq.loadLast = Number(s.loadLast) || 0
        const bias = Number(s.pickBias)
        if (rq.cpus.includes(bias)) rq.pickBias = bias
        for (const key of (Array.isArray(s.runq) ? s.runq as string[] : [])) {
          const u = e.byKey.get(key)
          if (u && u.cpu < 0 && !u.queued && u.runnable && u.rq === rq.id) {
            u.queued = true
            rq.runq.push(u)
          }
        }
      }
      let load = 0
      for (const u of rq.svc) if (u.active) load++
      this.countIdle(rq)
      this.setLoad(rq, load)
      this.noteWaiting(rq)
      this.updateMaxWeight(rq)
    }
    const savedBudgets = (saved?.budgets ?? {}) as Record<string, number[]>
    for (const [domid, [budget, tot]] of Object.entries(savedBudgets)) {
      this.budgets.set(Number(domid), {budget, totBudget: tot})
    }
  }

  save(): Json {
    const budgets: Record<string, number[]> = {}
    for (const [domid, b] of this.budgets) budgets[domid] = [b.budget, b.totBudget]
    return {
      rqs: this.rqs.map(rq => ({
        runq: rq.runq.toArray().map(u => u.key), avgload: rq.avgload, loadLast: rq.loadLast,
        ...(rq.pickBias !== rq.cpus[0] ? {pickBias: rq.pickBias} : {}),
      })),
      budgets,
    }
  }

  insertUnit(u: Unit): void {
    const cpu = Math.min(Math.max(0, this.e.processorOf(u)), this.e.nP - 1)
    u.rq = this.e.pcpus[cpu].rq
    u.credit = CSCHED2_CREDIT_INIT
    u.startTime = this.e.now
    u.active = false
    this.noteDomain(u)
    // The affinity it was created with went through csched2_aff_cntl() too.
    this.adjustAffinity(u)
    const rq = this.rqs[u.rq]
    this.svcAdd(rq, u)
    if (u.d.cap > 0) this.budgetOf(u.d)
  }

  removeUnit(u: Unit): void {
    for (const q of this.rqs) this.countIdle(q)
    const rq = this.rqs[u.rq]
    if (u.queued) this.runqRemove(rq, u)
    this.svcRemove(rq, u)
  }

  sleep(u: Unit): void {
    const rq = this.rqs[u.rq]
    if (u.cpu >= 0) this.tickle(u.cpu)
    else if (u.queued) this.runqRemove(rq, u)
    this.uncount(rq, u)
  }

  wake(u: Unit): void {
    const target = this.pickRunqueue(u)
    if (target.id !== u.rq) this.moveToRunqueue(u, target)
    const rq = this.rqs[u.rq]
    let home = this.e.processorOf(u)
    if (!this.inRq(rq, home) || !unitAllows(u, home)) {
      let pick = rq.cpus[0]
      for (const c of rq.cpus) if (hardAllows(u.v, c)) { pick = c; break }
      this.e.setProcessor(u, pick)
      home = pick
    }
    this.runqInsert(rq, u, home)
    this.count(rq, u)
    this.runqTickle(rq, u, home)
  }

  /** csched2_aff_cntl(). */
  adjustAffinity(u: Unit): void {
    const hard = u.v.hardAffinity
    u.hardAll = hard === null
    // null is cpumask_all (every possible CPU), never one.
    const n = hard === null ? Infinity : new Set(hard).size
    if (n === 1) u.flags |= CSFLAG_pinned
    else u.flags &= ~CSFLAG_pinned
  }

  /**
   * csched2_res_pick(): the runqueue with the least load among those with
   * a pCPU in the soft affinity (if it has one), else among those with one
   * in the hard affinity (the unit's own load not counted on its own
   * runqueue), then the allowed pCPU after that runqueue's pick_bias. The
   * load is the runqueue's average (Xen keeps a second one, b_avgload, for
   * balancing, which this model does not have).
   */
  pickResource(u: Unit): number {
    const e = this.e
    const v = u.v
    const hasSoft = hasSoftAffinity(v, e.nP)
    let min: RunQueue | null = null, minLoad = Infinity
    let minS: RunQueue | null = null, minSLoad = Infinity
    for (const rq of this.rqs) {
      if (!rq.cpus.some(c => hardAllows(v, c))) continue
      const load = rq.id === u.rq ? Math.max(rq.avgload - u.avgload, 0) : rq.avgload
      if (hasSoft && load < minSLoad && rq.cpus.some(c => softPrefers(v, c))) {
        minSLoad = load
        minS = rq
      }
      if (load < minLoad) {
        minLoad = load
        min = rq
      }
    }
    const rq = hasSoft && minS ? minS : min
    if (!rq) return Math.max(0, Math.min(e.processorOf(u), e.nP - 1))
    const inRq = (c: number) => this.inRq(rq, c)
    const mask = cpuMask(e.nP, rq === minS && hasSoft ? c => inRq(c) && softPrefers(v, c) : c => inRq(c) && hardAllows(v, c))
    const cpu = cpumaskCycle(rq.pickBias, mask)
    rq.pickBias = cpu
    return cpu
  }

  /**
   * csched2_unit_migrate(): to another runqueue through migrate(), which
   * puts the unit on the allowed pCPU after the runqueue's pick_bias;
   * within its runqueue, on `cpu`.
   */
  migrate(u: Unit, cpu: number): void {
    const to = this.rqs[this.e.pcpus[cpu].rq]
    if (to.id === u.rq) {
      this.e.setProcessor(u, cpu)
      return
    }
    this.moveToRunqueue(u, to)
    const c = cpumaskCycle(to.pickBias, cpuMask(this.e.nP, c => this.inRq(to, c) && hardAllows(u.v, c)))
    this.e.setProcessor(u, c)
    to.pickBias = c
  }

  doSchedule(p: Pcpu): Unit | null {
    const e = this.e
    const now = e.now
    const rq = this.rqs[p.rq]
    const prev = p.curr
    const ratelimit = e.schedParams.ratelimitUs * 1000
    let snext: Unit | null = null
    let prevOk = false
    if (prev) {
      this.burnCredits(rq, prev, p.id)
      if (prev.cap > 0 && prev.budget <= 0 && prev.canRun && !this.grabBudget(prev)) {
        this.uncount(rq, prev)
        e.park(prev)
      }
      prevOk = prev.runnable && prev.rq === rq.id && unitAllows(prev, p.id)
    }
    if (prevOk && ratelimit > 0 && now - e.entryTime(prev!) < ratelimit) {
      snext = prev
    } else {
      snext = prevOk ? prev : null
      const runq = rq.runq
      // Where snext was found in the run queue (-1: not taken from it).
      let at = -1
      for (let i = 0; i < runq.length; i++) {
        const svc = runq.at(i)
        if (!unitAllows(svc, p.id)) continue
        const tc = svc.tickledCpu
        if (tc >= 0 && tc !== p.id && e.pcpus[tc].tickled) continue
        if (snext && svc.credit <= snext.credit) break
        if (svc.cap > 0 && !this.grabBudget(svc)) {
          this.runqRemoveAt(rq, i)
          this.uncount(rq, svc)
          e.park(svc)
          i--
          continue
        }
        snext = svc
        at = i
        break
      }
      if (!snext) snext = this.pull(p, rq)
      if (snext !== prev) {
        if (at >= 0) this.runqRemoveAt(rq, at)
        if (prev) {
          prev.flags &= ~CSFLAG_scheduled
          if (prevOk) this.runqInsert(rq, prev, p.id)
          if (prev.cap > 0) this.returnBudget(prev)
        }
      }
    }
    const idle = (prev ? 1 : 0) - (snext ? 1 : 0)
    if (idle !== 0) this.setIdle(rq, rq.nIdle + idle)
    if (!snext) {
      this.tickleable[p.id] = 0
      e.slice = -1
      return null
    }
    this.tickleable[p.id] = 1
    snext.tickledCpu = -1
    snext.flags |= CSFLAG_scheduled
    if (snext.credit <= CSCHED2_CREDIT_RESET) this.resetCredit(rq, snext, p.id)
    this.currCredit[p.id] = snext.credit
    snext.startTime = now
    e.slice = this.runtime(rq, snext, p, ratelimit)
    return snext
  }

  onTimer(): void {
    for (const [domid, b] of this.budgets) {
      b.budget = Math.min(b.budget + b.totBudget, b.totBudget)
      if (b.budget <= 0) continue
      const d = this.e.host.domains.get(domid)
      if (!d) continue
      for (const u of this.e.units) if (u.d === d && u.parked) this.e.unpark(u)
    }
    this.armReplenish(this.e.now)
  }

  adjust(d: Domain): void {
    const e = this.e
    // csched2_dom_cntl(): the units take their domain's new weight (all of
    // them: what changed is read from the domains, as before), then the
    // runqueues' max_weight.
    for (const u of e.units) this.noteDomain(u)
    for (const rq of this.rqs) this.updateMaxWeight(rq)
    if (d.cap > 0) {
      const tot = Math.floor(d.cap * CSCHED2_BDGT_REPL_PERIOD / 100)
      const b = this.budgets.get(d.domid)
      if (b) b.totBudget = tot
      else this.budgets.set(d.domid, {budget: tot, totBudget: tot})
    } else if (this.budgets.delete(d.domid)) {
      for (const u of e.units) if (u.d === d && u.parked) e.unpark(u)
    }
    this.armReplenish(e.now)
  }

  paramsChanged(): void {}

  /** Load averages are stamped in 1024-ns units (the shift is a whole number of them). */
  rebase(shift: number): void {
    const units = shift / 1024
    for (const rq of this.rqs) rq.loadLast -= units
    for (const u of this.e.units) u.loadLast -= units
  }

  reset(now: number): void {
    for (const rq of this.rqs) {
      for (const u of rq.runq.toArray()) u.queued = false
      rq.runq.clear()
      this.noteWaiting(rq)
      this.setLoad(rq, 0)
    }
    for (const u of this.e.units) {
      u.credit = CSCHED2_CREDIT_INIT
      u.residual = 0
      u.startTime = now
      u.budget = 0
      u.active = false
      u.tickledCpu = -1
      u.flags &= CSFLAG_pinned
    }
    for (const b of this.budgets.values()) b.budget = b.totBudget
    for (const rq of this.rqs) this.countIdle(rq)
    for (const p of this.e.pcpus) if (p.curr) this.currCredit[p.id] = p.curr.credit
    this.noteTickleable()
    this.armReplenish(now)
  }

  queueOf(p: Pcpu): Unit[] {
    return this.rqs[p.rq].runq.toArray()
  }

  dump(): string[] {
    const e = this.e
    // Bring the load averages up to now, as the runqueue's next event would.
    for (const rq of this.rqs) {
      this.updateRunqLoad(rq, 0)
      for (const u of rq.svc) this.updateSvcLoad(u, u.active ? 0 : 1)
    }
    const out: string[] = []
    out.push(`Active queues: ${this.rqs.length}`, `\tdefault-weight     = ${CSCHED2_DEFAULT_WEIGHT}`)
    for (const rq of this.rqs) {
      const idle: number[] = [], tickled: number[] = []
      for (const c of rq.cpus) {
        const p = e.pcpus[c]
        if (p.curr === null) idle.push(c)
        if (p.tickled) tickled.push(c)
      }
      out.push(
        `Runqueue ${rq.id}:`,
        `\tncpus              = ${rq.cpus.length}`,
        `\tcpus               = ${formatRanges(rq.cpus)}`,
        `\tmax_weight         = ${rq.maxWeight}`,
        `\tpick_bias          = ${rq.pickBias}`,
        `\tinstload           = ${rq.load}`,
        `\taveload            = ${rq.avgload} (~${Math.floor(rq.avgload * 100 / ONE)}%)`,
        `\tidlers: ${formatBitmap(idle, e.nP)}`,
        `\ttickled: ${formatBitmap(tickled, e.nP)}`,
        // One thread per core: an idle pCPU is a fully idle core.
        `\tfully idle cores: ${formatBitmap(idle, e.nP)}`,
      )
    }
    out.push('Domain info:')
    let loop = 0
    let last: Domain | null = null
    for (const u of e.units) {
      if (u.d !== last) {
        last = u.d
        out.push(`\tDomain: ${u.d.domid} w ${u.d.weight} c ${u.d.cap} v ${u.d.vcpus.length}`)
      }
      out.push(`\t${String(++loop).padStart(3)}: ${this.dumpUnit(u)}`)
    }
    const topo = cpuTopology(e.host)
    for (const rq of this.rqs) {
      out.push(`Runqueue ${rq.id}:`)
      for (const c of rq.cpus) {
        out.push(`CPU[${String(c).padStart(2, '0')}] runq=${rq.id}, sibling={${c}}, core={${formatRanges(topo.coreMaskOf(c))}}`)
        const cur = e.pcpus[c].curr
        if (cur) out.push(`\trun: ${this.dumpUnit(cur)}`)
      }
      out.push('RUNQ:')
      rq.runq.toArray().forEach((u, i) => out.push(`\t${String(i).padStart(3)}: ${this.dumpUnit(u)}`))
    }
    return out
  }

  dumpPcpu(): string[] {
    return []
  }

  // ---- internals ----

  private dumpUnit(u: Unit): string {
    let s = `[${u.d.domid}.${u.v.vcpuId}] flags=${u.flags.toString(16)} cpu=${this.e.processorOf(u)} credit=${u.credit} [w=${u.d.weight}]`
    if (u.d.cap > 0) s += ` budget=${u.budget}(${this.quota(u)})`
    return s + ` load=${u.avgload} (~${Math.floor(u.avgload * 100 / ONE)}%)`
  }

  private updateMaxWeight(rq: RunQueue): void {
    let max = 1, n = 0
    for (const u of rq.svc) {
      const w = u.weight
      if (w > max) { max = w; n = 1 } else if (w === max) n++
    }
    rq.maxWeight = max
    rq.maxCount = n
  }

  /** _runq_assign(): u joins rq's units (and its max weight). */
  private svcAdd(rq: RunQueue, u: Unit): void {
    u.slot = rq.svc.length
    rq.svc.push(u)
    const w = u.weight
    if (w > rq.maxWeight) { rq.maxWeight = w; rq.maxCount = 1 } else if (w === rq.maxWeight) rq.maxCount++
  }

  /** _runq_deassign(): u leaves rq's units, in O(1) (the last one takes its place). */
  private svcRemove(rq: RunQueue, u: Unit): void {
    const svc = rq.svc
    const i = svc[u.slot] === u ? u.slot : svc.indexOf(u)
    u.slot = -1
    if (i < 0) return
    const last = svc.pop()!
    if (last !== u) {
      svc[i] = last
      last.slot = i
    }
    if (u.weight === rq.maxWeight && --rq.maxCount <= 0) this.updateMaxWeight(rq)
  }

  // The helpers below read e.now themselves: a double passed to a call that
  // is not inlined is boxed, a heap allocation per call.

  /** burn_credits(), run on pCPU cpu: traced as TRC_CSCHED2_CREDIT_BURN (also when no time passed). */
  private burnCredits(rq: RunQueue, u: Unit, cpu: number): void {
    const now = this.e.now
    const delta = now - u.startTime
    if (delta <= 0) {
      if (this.e.trace !== null) this.traceBurn(u, cpu, delta)
      return
    }
    const w = u.weight > 0 ? u.weight : 1
    const val = delta * rq.maxWeight + u.residual
    const q = Math.floor(val / w)
    u.residual = val - q * w
    u.credit -= q
    if (u.cpu >= 0) this.currCredit[u.cpu] = u.credit
    if (u.cap > 0) u.budget -= delta
    u.startTime = now
    if (this.e.trace !== null) this.traceBurn(u, cpu, delta)
  }

  /** TRC_CSCHED2_CREDIT_BURN: {unit:16, dom:16}, credit, budget (INT_MIN without a cap), delta (credit2.c burn_credits). */
  private traceBurn(u: Unit, cpu: number, delta: number): void {
    this.e.trace!.classEvent(cpu, TRC_CSCHED2_CREDIT_BURN, 4, u.v.vcpuId | (u.d.domid << 16), u.credit | 0, u.d.cap > 0 ? u.budget | 0 : INT_MIN, delta | 0)
  }

  /** reset_credit(): everyone in the runqueue gets CSCHED2_CREDIT_INIT more. */
  private resetCredit(rq: RunQueue, snext: Unit, cpu: number): void {
    const now = this.e.now
    const trace = this.e.trace
    let m = 1
    if (snext.credit < -CSCHED2_CREDIT_INIT) m += Math.floor(-snext.credit / CSCHED2_CREDIT_INIT)
    const max = CSCHED2_CREDIT_INIT + CSCHED2_CARRYOVER_MAX
    for (const u of rq.svc) {
      if (u.cpu >= 0 && u !== snext) this.burnCredits(rq, u, cpu)
      const start = u.credit
      u.credit += m * CSCHED2_CREDIT_INIT
      if (u.credit > max) u.credit = max
      if (trace !== null) trace.classEvent(cpu, TRC_CSCHED2_CREDIT_RESET, 3, u.v.vcpuId | (u.d.domid << 16), start | 0, u.credit | 0, 0)
      if (u.cpu >= 0) this.currCredit[u.cpu] = u.credit
      u.startTime = now
    }
    rq.runq.syncCredits()
  }

  private runtime(rq: RunQueue, snext: Unit, p: Pcpu, ratelimit: number): number {
    const now = this.e.now
    let minTime = CSCHED2_MIN_TIMER
    if (ratelimit > 0) {
      const r = snext === p.curr ? this.e.entryTime(snext) + ratelimit - now : ratelimit
      if (r > minTime) minTime = r
    }
    let rt = snext.credit
    // The next waiter's credit, kept beside it in the queue (the same number, see Credit2Runq): its unit is not touched.
    const headCredit = rq.runq.length > 0 ? rq.runq.creditAt(0) : 0
    if (headCredit > 0) rt = snext.credit - headCredit
    let time = rt > 0 ? Math.floor(rt * (snext.weight || 1) / rq.maxWeight) : 0
    if (snext.cap > 0 && snext.budget < time) time = snext.budget
    if (time < minTime) time = minTime
    else if (time > CSCHED2_MAX_TIMER) time = CSCHED2_MAX_TIMER
    return time
  }

  /** Out of runqInsert: it is inlined into the wake path, whose budget the event loop's own calls need. */
  private traceRunqPos(u: Unit, cpu: number, pos: number): void {
    this.e.trace!.classEvent(cpu, TRC_CSCHED2_RUNQ_POS, 2, u.v.vcpuId | (u.d.domid << 16), pos, 0, 0)
  }

  /** runq_insert(), run on pCPU cpu: traced as TRC_CSCHED2_RUNQ_POS {unit:16, dom:16}, pos (the units ahead of it). */
  private runqInsert(rq: RunQueue, u: Unit, cpu: number): void {
    // After every unit with at least as much credit (FIFO among equals): see Credit2Runq.
    const pos = rq.runq.insert(u)
    u.queued = true
    if (this.e.trace !== null) this.traceRunqPos(u, cpu, pos)
    if (rq.runq.length === 1) this.waitingRqs.put(rq.id, true)
  }

  private runqRemove(rq: RunQueue, u: Unit): void {
    const i = rq.runq.indexOf(u)
    if (i >= 0) this.runqRemoveAt(rq, i)
    else u.queued = false
  }

  private runqRemoveAt(rq: RunQueue, i: number): void {
    const runq = rq.runq
    runq.at(i).queued = false
    runq.removeAt(i)
    if (runq.length === 0) this.waitingRqs.put(rq.id, false)
  }

  private count(rq: RunQueue, u: Unit): void {
    if (u.active) return
    u.active = true
    this.updateSvcLoad(u, 1)
    this.updateRunqLoad(rq, 1)
  }

  private uncount(rq: RunQueue, u: Unit): void {
    if (!u.active) return
    u.active = false
    this.updateSvcLoad(u, 0)
    this.updateRunqLoad(rq, -1)
  }

  /** update_runq_load(): exponentially decaying average over 2^30 ns. */
  private updateRunqLoad(rq: RunQueue, change: number): void {
    const now = Math.floor(this.e.now / 1024)
    const load = rq.load
    if (rq.loadLast + WINDOW < now) {
      rq.avgload = load * ONE
    } else {
      const delta = Math.max(0, now - rq.loadLast)
      rq.avgload = rq.avgload + Math.floor(delta * load * ONE / WINDOW) - Math.floor(delta * rq.avgload / WINDOW)
    }
    if (change !== 0) this.setLoad(rq, load + change)
    rq.loadLast = now
  }

  /** rq.load, and its load per pCPU in the index pickRunqueue searches (the same double it would compute). */
  private setLoad(rq: RunQueue, load: number): void {
    rq.load = load
    this.density.set(rq.id, load / rq.cpus.length)
  }

  private setIdle(rq: RunQueue, n: number): void {
    rq.nIdle = n
    this.idleRqs.put(rq.id, n > 0)
  }

  private noteWaiting(rq: RunQueue): void {
    this.waitingRqs.put(rq.id, rq.runq.length > 0)
  }

  /** update_svc_load(): `becoming` is 1 when it turns runnable, 0 when it stops (the opposite of how it was). */
  private updateSvcLoad(u: Unit, becoming: number): void {
    const now = Math.floor(this.e.now / 1024)
    const was = 1 - becoming
    if (u.loadLast + WINDOW < now) {
      u.avgload = was * ONE
    } else {
      const delta = Math.max(0, now - u.loadLast)
      u.avgload = u.avgload + Math.floor(delta * was * ONE / WINDOW) - Math.floor(delta * u.avgload / WINDOW)
    }
    u.loadLast = now
  }

  /**
   * svc->weight, and whether it has a cap (has_cap()), from its domain: set
   * when the unit is inserted and by csched2_dom_cntl() (adjust), as Xen
   * does, so that the hot paths do not read the domain (on a big host each
   * domain is a cache miss of its own).
   */
  private noteDomain(u: Unit): void {
    u.weight = u.d.weight
    u.cap = u.d.cap
  }

  private isIdle(c: number): boolean {
    const p = this.e.pcpus[c]
    return p.curr === null && !p.tickled
  }

  private inRq(rq: RunQueue, c: number): boolean {
    // Its pCPUs are consecutive unless the pool skips some (inPool).
    return c >= rq.cpus[0] && c <= rq.cpus[rq.cpus.length - 1] && inPool(c)
  }

  private rqAllows(rq: RunQueue, u: Unit): boolean {
    if (u.hardAll) return true
    for (const c of rq.cpus) if (hardAllows(u.v, c)) return true
    return false
  }

  private countIdle(rq: RunQueue): void {
    let n = 0
    for (const c of rq.cpus) if (this.e.pcpus[c].curr === null) n++
    this.setIdle(rq, n)
  }

  private rqHasIdle(rq: RunQueue, u: Unit): boolean {
    if (rq.nIdle === 0) return false
    for (const c of rq.cpus) if (this.isIdle(c) && unitAllows(u, c)) return true
    return false
  }

  private pickRunqueue(u: Unit): RunQueue {
    const cur = this.rqs[u.rq]
    if (this.rqs.length === 1) return cur
    const curOk = this.rqAllows(cur, u)
    if (curOk && this.rqHasIdle(cur, u)) return cur
    // The first runqueue with an idle pCPU u may use: only those with a
    // pCPU running nothing can have one, and none has when the engine
    // counts no idle pCPU (the usual case on a busy host).
    if (this.e.idlePcpus > 0) {
      const idle = this.idleRqs
      for (let id = idle.next(0); id >= 0; id = idle.next(id + 1)) {
        const rq = this.rqs[id]
        if (rq !== cur && this.rqHasIdle(rq, u)) return rq
      }
    }
    if (!u.hardAll) {
      let best: RunQueue | null = curOk ? cur : null
      for (const rq of this.rqs) {
        if (!this.rqAllows(rq, u)) continue
        if (!best || rq.load / rq.cpus.length < best.load / best.cpus.length - 1) best = rq
      }
      return best ?? cur
    }
    // Every runqueue allowed: in runqueue order, move to one whose load per
    // pCPU is more than one below the best so far. Each move is the first
    // runqueue after the last one below the new bound, which the index
    // finds without a walk (the bound drops by more than one each time, so
    // there are few moves).
    let best = cur
    for (let from = 0; ;) {
      const id = this.density.firstBelow(from, best.load / best.cpus.length - 1)
      if (id < 0) return best
      best = this.rqs[id]
      from = id + 1
    }
  }

  private moveToRunqueue(u: Unit, to: RunQueue): void {
    const from = this.rqs[u.rq]
    const wasCounted = u.active
    if (wasCounted) this.uncount(from, u)
    this.svcRemove(from, u)
    u.rq = to.id
    this.svcAdd(to, u)
    if (wasCounted) this.count(to, u)
  }

  /** A pCPU with nothing to run takes the best waiter it may run from another runqueue. */
  private pull(p: Pcpu, rq: RunQueue): Unit | null {
    // The other runqueues with waiters, from the next one round.
    const waiting = this.waitingRqs
    for (let k = 0; k < 2; k++) {
      for (let id = waiting.next(k === 0 ? rq.id + 1 : 0); id >= 0 && (k === 0 || id < rq.id); id = waiting.next(id + 1)) {
        const got = this.pullFrom(p, rq, this.rqs[id])
        if (got) return got
      }
    }
    return null
  }

  /** The first waiter of `other` that may run on p, moved to p's runqueue `rq`. */
  private pullFrom(p: Pcpu, rq: RunQueue, other: RunQueue): Unit | null {
    const runq = other.runq
    for (let i = 0; i < runq.length; i++) {
      const svc = runq.at(i)
      if (!unitAllows(svc, p.id)) continue
      if (svc.cap > 0 && svc.budget <= 0) continue
      this.runqRemoveAt(other, i)
      this.moveToRunqueue(svc, rq)
      return svc
    }
    return null
  }

  /** runq_tickle(): find a pCPU for a unit that just became runnable. */
  private runqTickle(rq: RunQueue, u: Unit, home: number): void {
    const e = this.e
    const v = u.v
    let target = -1
    // An idle pCPU runs nothing, so there is none when nIdle is 0 (the
    // usual case on a busy host): skip the search.
    if (rq.nIdle > 0) {
      if (this.inRq(rq, home) && hardAllows(v, home) && this.isIdle(home)) target = home
      if (target < 0) {
        let fallback = -1
        for (const c of rq.cpus) {
          if (!hardAllows(v, c) || !this.isIdle(c)) continue
          if (v.softAffinity === null || softPrefers(v, c)) { target = c; break }
          if (fallback < 0) fallback = c
        }
        if (target < 0) target = fallback
      }
    }
    if (target < 0) {
      // The preemption candidate: the running unit with the least credit
      // (score first, the affinity test only for a pCPU that would win).
      let max = 0
      const credit = u.credit
      // (Not read from the vCPU when it may run anywhere: see Unit.hardAll.)
      const hard = u.hardAll ? null : v.hardAffinity
      const cpus = rq.cpus
      const cc = this.currCredit
      const ok = this.tickleable
      for (let k = 0; k < cpus.length; k++) {
        const c = cpus[k]
        if (ok[c] === 0) continue
        let score = credit - cc[c]
        if (c !== home) score -= CSCHED2_MIGRATE_RESIST
        if (score > max && (hard === null || hard.includes(c))) { max = score; target = c }
      }
    }
    if (target >= 0) {
      if (e.trace !== null) e.trace.classEvent(home, TRC_CSCHED2_TICKLE, 1, target, 0, 0, 0)
      u.tickledCpu = target
      this.tickle(target)
    }
  }

  /** cpu_raise_softirq(SCHEDULE_SOFTIRQ) on pCPU c: it is no longer one to preempt (tickleable). */
  private tickle(c: number): void {
    this.tickleable[c] = 0
    this.e.tickle(this.e.pcpus[c])
  }

  /** tickleable from the pCPUs themselves (init, reset). */
  private noteTickleable(): void {
    for (const p of this.e.pcpus) this.tickleable[p.id] = p.curr !== null && !p.tickled ? 1 : 0
  }

  private quota(u: Unit): number {
    const b = this.budgets.get(u.d.domid)
    return b ? Math.max(Math.floor(b.totBudget / Math.max(1, u.d.vcpus.length)), CSCHED2_MIN_TIMER) : 0
  }

  private budgetOf(d: Domain): DomBudget {
    let b = this.budgets.get(d.domid)
    if (!b) {
      const tot = Math.floor(d.cap * CSCHED2_BDGT_REPL_PERIOD / 100)
      b = {budget: tot, totBudget: tot}
      this.budgets.set(d.domid, b)
      this.armReplenish(this.e.now)
    }
    return b
  }

  /** unit_grab_budget(): take the unit's quota (or what is left) from its domain. */
  private grabBudget(u: Unit): boolean {
    if (u.budget > 0) return true
    const b = this.budgetOf(u.d)
    b.budget += u.budget
    if (b.budget > 0) {
      const q = this.quota(u)
      const got = b.budget >= q ? q : b.budget
      u.budget = got
      b.budget -= got
    } else {
      u.budget = 0
    }
    return u.budget > 0
  }

  private returnBudget(u: Unit): void {
    if (u.budget > 0) {
      this.budgetOf(u.d).budget += u.budget
      u.budget = 0
    }
  }

  private armReplenish(now: number): void {
    if (this.budgets.size === 0) {
      this.e.setPolicyTimer(-1)
      return
    }
    if (this.e.policyTimerArmed()) return
    this.e.setPolicyTimer((Math.floor(now / CSCHED2_BDGT_REPL_PERIOD) + 1) * CSCHED2_BDGT_REPL_PERIOD)
  }
}
