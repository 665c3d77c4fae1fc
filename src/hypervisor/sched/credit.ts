// Xen's credit scheduler (xen/common/sched/credit.c): a run queue per pCPU
// ordered by priority (BOOST > UNDER > OVER > IDLE), credits handed out by
// csched_acct() every timeslice in proportion to domain weights and burnt at
// CSCHED_CREDITS_PER_MSEC while running, a 10 ms tick (csched_tick) that
// accounts the running unit, ratelimit, caps that park a unit (offline)
// until its credit turns positive again, and work stealing by pCPUs that
// would otherwise run a unit that is OVER or idle (csched_load_balance).
// All pCPU ticks are handled by one policy timer (Xen staggers them).
import type {Domain} from '../domain.js'
import {formatRanges} from '../domain.js'
import {Pcpu, Unit, cpuMask, cpumaskCycle, hardAllows, hasSoftAffinity, softPrefers, type SchedCore, type SchedPolicy} from './policy.js'
import {CORES_PER_SOCKET, cpuTopology, formatBitmap} from './topology.js'
import {
  TRC_CSCHED_ACCOUNT_START, TRC_CSCHED_ACCOUNT_STOP, TRC_CSCHED_BOOST_END, TRC_CSCHED_BOOST_START, TRC_CSCHED_PICKED_CPU,
  TRC_CSCHED_RATELIMIT, TRC_CSCHED_SCHEDULE, TRC_CSCHED_STEAL_CHECK, TRC_CSCHED_STOLEN_UNIT, TRC_CSCHED_TICKLE,
} from '../trace/events.js'
import {IdSet} from './rq-index.js'

export const CSCHED_PRI_TS_BOOST = 0
export const CSCHED_PRI_TS_UNDER = -1
export const CSCHED_PRI_TS_OVER = -2
export const CSCHED_PRI_IDLE = -64
export const CSCHED_CREDITS_PER_MSEC = 10
export const CSCHED_TICKS_PER_TSLICE = 3
export const CSCHED_DEFAULT_WEIGHT = 256
/** CSCHED_MIN_TIMER: never set a ratelimit timer shorter than this. */
const CSCHED_MIN_TIMER = 50_000
const CSCHED_FLAG_UNIT_PARKED = 1
/** The unit may have moved to a new pCPU: its next wake is not a boost. */
const CSCHED_FLAG_UNIT_MIGRATING = 2
/** Hard affinity of exactly one pCPU. */
const CSCHED_FLAG_UNIT_PINNED = 4
const IDLE_DOMID = 32767

type Json = Record<string, unknown>

export class Credit implements SchedPolicy {
  readonly name = 'credit' as const
  private e!: SchedCore
  private creditBalance = 0
  private runqSort = 0
  private ticks = 0
  /** prv->active_sdom: domids, head first; and each domain's active units. */
  private activeDoms: number[] = []
  private activeUnits = new Map<number, Unit[]>()
  /** Units waiting in any pCPU's run queue (skip load balancing when 0). */
  private queued = 0
  /** csched_pcpu.idle_bias of each pCPU (where _csched_cpu_pick last placed a unit on its socket). */
  private idleBias: number[] = []
  /**
   * pCPUs whose run queue is not empty, and those whose head is above
   * OVER: where csched_load_balance can find a unit to steal, kept as the
   * run queues change so that a pCPU about to idle or run an OVER unit does
   * not walk every pCPU of a big host (supersets: the walk's own tests
   * still decide).
   */
  private waiting = new IdSet(0)
  private underHead = new IdSet(0)
  /** The pool's pCPUs poolMask was made of, and their bits (see poolBits). */
  private poolOf: readonly number[] | null = null
  private poolMask = 0
  /** loadBalanceTraced()'s STEAL_CHECK records waiting to be written, {peer_cpu:16, checked:16} each. */
  private checks = new Uint32Array(0)

  private get tsliceNs(): number { return this.e.schedParams.tsliceMs * 1_000_000 }
  private get creditsPerTslice(): number { return CSCHED_CREDITS_PER_MSEC * this.e.schedParams.tsliceMs }
  private get tickPeriod(): number { return Math.max(1, Math.floor(this.tsliceNs / CSCHED_TICKS_PER_TSLICE)) }

  init(e: SchedCore, saved: Json | undefined): void {
    this.e = e
    // csched_alloc_pdata(): idle_bias starts at nr_cpu_ids - 1.
    this.idleBias = e.pcpus.map(() => e.nP - 1)
    this.waiting = new IdSet(e.nP)
    this.underHead = new IdSet(e.nP)
    if (saved) {
      const bias = (saved.idleBias ?? {}) as Record<string, number>
      for (const [cpu, b] of Object.entries(bias)) {
        const c = Number(cpu)
        if (c >= 0 && c < e.nP && Number.isInteger(b) && b >= 0 && b < e.nP) this.idleBias[c] = b
      }
      this.creditBalance = Number(saved.creditBalance) || 0
      this.runqSort = Number(saved.runqSort) || 0
      this.ticks = Number(saved.ticks) || 0
      const runqs = Array.isArray(saved.runqs) ? saved.runqs as string[][] : []
      for (const p of e.pcpus) {
        for (const key of runqs[p.id] ?? []) {
          const u = e.byKey.get(key)
          if (u && u.cpu < 0 && !u.queued && u.runnable) {
            u.queued = true
            u.v.processor = p.id
            p.runq.push(u)
            this.queued++
          }
        }
      }
      const active = Array.isArray(saved.active) ? saved.active as [number, string[]][] : []
      const listed = new Set<Unit>()
      for (const [domid, keys] of active) {
        const list = keys.map(k => e.byKey.get(k)).filter((u): u is Unit => u !== undefined && u.active && !listed.has(u))
        if (list.length === 0) continue
        for (const u of list) listed.add(u)
        this.activeDoms.push(domid)
        this.activeUnits.set(domid, list)
      }
      for (const u of e.units) {
        if (u.active && !listed.has(u)) u.active = false
      }
    }
    this.noteAllRunqs()
    if (!e.policyTimerArmed()) e.setPolicyTimer(this.nextTick(e.now))
  }

  save(): Json {
    const idleBias: Record<string, number> = {}
    this.idleBias.forEach((b, c) => { if (b !== this.e.nP - 1) idleBias[c] = b })
    return {
      ...(Object.keys(idleBias).length > 0 ? {idleBias} : {}),
      creditBalance: this.creditBalance,
      runqSort: this.runqSort,
      ticks: this.ticks,
      runqs: this.e.pcpus.map(p => p.runq.map(u => u.key)),
      active: this.activeDoms.map(domid => [domid, (this.activeUnits.get(domid) ?? []).map(u => u.key)]),
    }
  }

  insertUnit(u: Unit): void {
    u.pri = CSCHED_PRI_TS_UNDER
    u.credit = 0
    u.residual = 0
    u.flags = 0
    // The affinity it was created with went through csched_aff_cntl() too.
    this.adjustAffinity(u)
    u.active = false
    u.startTime = this.e.now
  }

  removeUnit(u: Unit): void {
    if (u.queued) this.runqRemove(this.e.pcpus[u.v.processor], u)
    if (u.active) this.deactivate(u, u.v.processor)
  }

  sleep(u: Unit): void {
    if (u.cpu >= 0) this.e.tickle(this.e.pcpus[u.cpu])
    else if (u.queued) this.runqRemove(this.e.pcpus[u.v.processor], u)
  }

  wake(u: Unit): void {
    // A unit waking with credit left is boosted so it preempts CPU hogs;
    // not one waking after a migration (csched_unit_wake()).
    const migrating = (u.flags & CSCHED_FLAG_UNIT_MIGRATING) !== 0
    if (migrating) u.flags &= ~CSCHED_FLAG_UNIT_MIGRATING
    if (!migrating && u.pri === CSCHED_PRI_TS_UNDER && !(u.flags & CSCHED_FLAG_UNIT_PARKED)) {
      if (this.e.trace !== null) this.e.trace.classEvent(u.v.processor, TRC_CSCHED_BOOST_START, 2, u.d.domid, u.v.vcpuId, 0, 0)
      u.pri = CSCHED_PRI_TS_BOOST
    }
    let cpu = u.v.processor
    if (cpu < 0 || cpu >= this.e.nP || !hardAllows(u.v, cpu)) cpu = this.pickCpu(u)
    u.v.processor = cpu
    const p = this.e.pcpus[cpu]
    this.runqInsert(p, u)
    this.runqTickle(p, u)
  }

  /** csched_aff_cntl(). */
  adjustAffinity(u: Unit): void {
    const hard = u.v.hardAffinity
    // null is cpumask_all (every possible CPU), never one.
    const n = hard === null ? Infinity : new Set(hard).size
    if (n === 1) u.flags |= CSCHED_FLAG_UNIT_PINNED
    else u.flags &= ~CSCHED_FLAG_UNIT_PINNED
  }

  /** csched_res_pick(): noted in the flags, so the wake that follows is not boosted. */
  pickResource(u: Unit): number {
    u.flags |= CSCHED_FLAG_UNIT_MIGRATING
    const cpu = this.cpuPick(u)
    // TRACE_3D(TRC_CSCHED_PICKED_CPU, domain_id, unit_id, cpu) at its end (credit.c:857), on the pCPU it ran on.
    if (this.e.trace !== null) this.e.trace.classEvent(u.v.processor, TRC_CSCHED_PICKED_CPU, 3, u.d.domid, u.v.vcpuId, cpu, 0)
    return cpu
  }

  /** No migrate hook in credit: sched_migrate() just moves the unit's resource. */
  migrate(u: Unit, cpu: number): void {
    u.v.processor = cpu
  }

  doSchedule(p: Pcpu): Unit | null {
    const e = this.e
    const now = e.now
    const prev = p.curr
    const ratelimit = e.schedParams.ratelimitUs * 1000
    // TRC_CSCHED_SCHEDULE {cpu:16, tasklet:8, idle:8} (credit.c:1853): no
    // tasklets here. Nothing is written before the ratelimit's record or the
    // load balance's: it is written with them (as the first of the load
    // balance's, in one go), or alone when neither comes.
    const sched = (p.id & 0xffff) | ((prev === null ? 1 : 0) << 24)
    if (prev) this.burnCredits(prev)
    const prevOk = prev !== null && prev.runnable && hardAllows(prev.v, p.id)
    if (prevOk && ratelimit > 0) {
      const runtime = now - e.entryTime(prev)
      if (runtime < ratelimit) {
        e.slice = Math.max(ratelimit - runtime, CSCHED_MIN_TIMER)
        // TRC_CSCHED_RATELIMIT {unit:16, dom:16}, runtime (credit.c:1922).
        if (e.trace !== null) {
          e.trace.classEvent(p.id, TRC_CSCHED_SCHEDULE, 1, sched, 0, 0, 0)
          e.trace.classEvent(p.id, TRC_CSCHED_RATELIMIT, 2, prev.v.vcpuId | (prev.d.domid << 16), runtime | 0, 0, 0)
        }
        return prev
      }
    }
    if (prevOk) this.runqInsert(p, prev)
    let snext: Unit | null = p.runq.length > 0 ? p.runq[0] : null
    if (snext && snext.pri > CSCHED_PRI_TS_OVER) {
      if (e.trace !== null) e.trace.classEvent(p.id, TRC_CSCHED_SCHEDULE, 1, sched, 0, 0, 0)
      this.runqRemoveAt(p, 0)
    } else {
      const minPri = snext ? snext.pri : CSCHED_PRI_IDLE
      // Traced, every peer is looked at, as csched_load_balance() does (its STEAL_CHECK records), even with nothing to steal.
      const stolen = e.trace !== null ? this.loadBalanceTraced(p, minPri, sched) : this.queued > (snext ? 1 : 0) ? this.loadBalance(p, minPri) : null
      if (stolen) snext = stolen
      else if (snext) this.runqRemoveAt(p, 0)
    }
    if (!snext) {
      e.slice = -1
      return null
    }
    snext.startTime = now
    e.slice = this.tsliceNs
    return snext
  }

  /** The tick of every pCPU, and every third tick the accounting (csched_tick, csched_acct). */
  onTimer(): void {
    this.ticks++
    for (const p of this.e.pcpus) {
      const cur = p.curr
      if (cur) this.unitAcct(cur)
      this.runqSortCheck(p)
    }
    if (this.ticks % CSCHED_TICKS_PER_TSLICE === 0) this.acct()
    // The accounting changes queued units' priorities, the sort reorders.
    this.noteAllRunqs()
    this.e.setPolicyTimer(this.nextTick(this.e.now))
  }

  adjust(_d: Domain): void {}

  paramsChanged(): void {
    this.e.setPolicyTimer(this.nextTick(this.e.now))
  }

  /** Only the units' startTime holds a time (the engine moves it); ticks are counted, not timed. */
  rebase(): void {}

  reset(now: number): void {
    for (const p of this.e.pcpus) {
      for (const u of p.runq) u.queued = false
      p.runq = []
    }
    this.noteAllRunqs()
    this.queued = 0
    this.activeDoms = []
    this.activeUnits.clear()
    this.creditBalance = 0
    for (const u of this.e.units) {
      u.pri = CSCHED_PRI_TS_UNDER
      u.credit = 0
      u.residual = 0
      u.flags &= CSCHED_FLAG_UNIT_PINNED
      u.active = false
      u.startTime = now
    }
    this.e.setPolicyTimer(this.nextTick(now))
  }

  queueOf(p: Pcpu): Unit[] {
    return p.runq.slice()
  }

  dump(): string[] {
    const e = this.e
    const sp = e.schedParams
    let weight = 0
    for (const domid of this.activeDoms) {
      const d = e.host.domains.get(domid)
      if (d) weight += d.weight * (this.activeUnits.get(domid)?.length ?? 0)
    }
    const idlers = e.cpus.filter(c => e.pcpus[c].curr === null && !e.pcpus[c].tickled)
    const out = [
      'info:',
      `\tncpus              = ${e.cpus.length}`,
      `\tmaster             = 0`,
      `\tcredit             = ${this.creditsPerTslice * e.cpus.length}`,
      `\tcredit balance     = ${this.creditBalance}`,
      `\tweight             = ${weight}`,
      `\trunq_sort          = ${this.runqSort}`,
      `\tdefault-weight     = ${CSCHED_DEFAULT_WEIGHT}`,
      `\ttslice             = ${sp.tsliceMs}ms`,
      `\tratelimit          = ${sp.ratelimitUs}us`,
      `\tcredits per msec   = ${CSCHED_CREDITS_PER_MSEC}`,
      `\tticks per tslice   = ${CSCHED_TICKS_PER_TSLICE}`,
      `\tmigration delay    = ${sp.migrationDelayUs}us`,
      `idlers: ${formatBitmap(idlers, e.nP)}`,
      'active units:',
    ]
    let loop = 0
    for (const domid of this.activeDoms) {
      for (const u of this.activeUnits.get(domid) ?? []) out.push(`\t${String(++loop).padStart(3)}: ${this.dumpUnit(u)}`)
    }
    return out
  }

  dumpPcpu(p: Pcpu): string[] {
    const topo = cpuTopology(this.e.host)
    const core = topo.coreMaskOf(p.id)
    const idle = `[${IDLE_DOMID}.${p.id}] pri=${CSCHED_PRI_IDLE} flags=0 cpu=${p.id}`
    const out = [
      `CPU[${String(p.id).padStart(2, '0')}] nr_run=${p.runq.length + (p.curr ? 1 : 0)}, sort=${p.runqSortLast}, sibling={${p.id}}, core={${formatRanges(core)}}`,
      `\trun: ${p.curr ? this.dumpUnit(p.curr) : idle}`,
    ]
    let loop = 0
    for (const u of p.runq) out.push(`\t${String(++loop).padStart(3)}: ${this.dumpUnit(u)}`)
    if (p.curr) out.push(`\t${String(++loop).padStart(3)}: ${idle}`)
    return out
  }

  // ---- internals ----

  private dumpUnit(u: Unit): string {
    return `[${u.d.domid}.${u.v.vcpuId}] pri=${u.pri} flags=${u.flags.toString(16)} cpu=${u.v.processor} credit=${u.credit} [w=${u.d.weight},cap=${u.d.cap}]`
  }

  private nextTick(now: number): number {
    const period = this.tickPeriod
    return (Math.floor(now / period) + 1) * period
  }

  /** Charge u for the time it ran until now (e.now is read here: a double argument would be boxed). */
  private burnCredits(u: Unit): void {
    const now = this.e.now
    const delta = now - u.startTime
    if (delta <= 0) return
    const val = delta * CSCHED_CREDITS_PER_MSEC + u.residual
    const credits = Math.floor(val / 1_000_000)
    u.residual = val - credits * 1_000_000
    u.credit -= credits
    u.startTime = now
  }

  /** __runq_insert(): after every unit of the same or higher priority. */
  private runqInsert(p: Pcpu, u: Unit): void {
    const runq = p.runq
    let i = runq.length
    runq.push(u)
    while (i > 0 && runq[i - 1].pri < u.pri) {
      runq[i] = runq[i - 1]
      i--
    }
    runq[i] = u
    u.queued = true
    this.queued++
    if (i === 0) this.noteRunq(p)
  }

  /** Bring p's entries in `waiting` and `underHead` up to date with its run queue. */
  private noteRunq(p: Pcpu): void {
    const runq = p.runq
    this.waiting.put(p.id, runq.length > 0)
    this.underHead.put(p.id, runq.length > 0 && runq[0].pri > CSCHED_PRI_TS_OVER)
  }

  private noteAllRunqs(): void {
    for (const p of this.e.pcpus) this.noteRunq(p)
  }

  private runqRemove(p: Pcpu, u: Unit): void {
    const runq = p.runq
    // Run queues are short: a loop beats the call into Array.prototype.indexOf.
    for (let i = 0; i < runq.length; i++) {
      if (runq[i] === u) {
        this.runqRemoveAt(p, i)
        return
      }
    }
    u.queued = false
  }

  private runqRemoveAt(p: Pcpu, i: number): void {
    const runq = p.runq
    runq[i].queued = false
    for (let j = i + 1; j < runq.length; j++) runq[j - 1] = runq[j]
    runq.pop()
    this.queued--
    if (i === 0) this.noteRunq(p)
  }

  private isIdle(p: Pcpu): boolean {
    return p.curr === null && !p.tickled
  }

  /** The pCPU after c, wrapping (searches go round from a pCPU; no % per step). */
  private nextCpu(c: number): number {
    return c + 1 === this.e.nP ? 0 : c + 1
  }

  /** _csched_cpu_pick(), simplified: an idle pCPU (soft affinity first), else any allowed. */
  private pickCpu(u: Unit): number {
    const e = this.e
    const v = u.v
    let c = Math.max(0, v.processor) % e.nP
    let idleHard = -1, first = -1
    for (let k = 0; k < e.nP; k++, c = this.nextCpu(c)) {
      if (!hardAllows(v, c)) continue
      if (first < 0) first = c
      if (this.isIdle(e.pcpus[c])) {
        if (v.softAffinity === null || softPrefers(v, c)) return c
        if (idleHard < 0) idleHard = c
      }
    }
    return idleHard >= 0 ? idleHard : first >= 0 ? first : 0
  }

  /**
   * _csched_cpu_pick() with commit: soft affinity first, then hard; in
   * each step the current pCPU if allowed (else the next allowed one),
   * moved to an idle pCPU when there is one, preferring a socket with more
   * idle pCPUs (twice as many to leave its socket; one thread per core
   * here, so within a socket any idle pCPU beats a busy one).
   */
  private cpuPick(u: Unit): number {
    const e = this.e
    const v = u.v
    const nP = e.nP
    const master = v.processor >= 0 && v.processor < nP ? v.processor : 0
    const socket = (c: number) => Math.floor(c / CORES_PER_SOCKET)
    const idlers = cpuMask(nP, c => this.isIdle(e.pcpus[c]))
    let cpu = master
    let spc = -1
    for (const step of ['soft', 'hard'] as const) {
      let cpus: boolean[]
      if (step === 'soft') {
        if (!hasSoftAffinity(v, nP)) continue
        cpus = cpuMask(nP, c => softPrefers(v, c))
        if (!cpus.includes(true)) continue
      } else {
        cpus = cpuMask(nP, c => hardAllows(v, c))
      }
      cpu = cpus[master] ? master : cpumaskCycle(master, cpus)
      // No pCPU at all (domctl refuses such a hard affinity): stay.
      if (cpu < 0) return master
      // The unit's own pCPU counts as idle if nothing waits there.
      const idl = idlers.slice()
      if (master === cpu && this.runqIdle(e.pcpus[cpu])) idl[cpu] = true
      const idleOn: number[] = []
      let left = 0
      for (let c = 0; c < nP; c++) {
        const sk = socket(c)
        idleOn[sk] = (idleOn[sk] ?? 0) + (idl[c] ? 1 : 0)
        cpus[c] = cpus[c] && idl[c]
        if (cpus[c]) left++
      }
      if (!cpus[cpu] && left > 0) cpu = cpumaskCycle(cpu, cpus)
      if (cpus[cpu]) { cpus[cpu] = false; left-- }
      while (left > 0) {
        const nxt = cpumaskCycle(cpu, cpus)
        const same = socket(nxt) === socket(cpu)
        // Same socket: compare the threads of the two cores (one each here); else the sockets.
        const weightCpu = same ? (idl[cpu] ? 1 : 0) : idleOn[socket(cpu)]
        const weightNxt = same ? (idl[nxt] ? 1 : 0) : idleOn[socket(nxt)]
        const inNxt = (c: number) => same ? c === nxt : socket(c) === socket(nxt)
        if (weightCpu * (same ? 1 : 2) < weightNxt) {
          spc = nxt
          cpu = cpumaskCycle(this.idleBias[nxt], cpuMask(nP, c => cpus[c] && idl[c] && inNxt(c)))
          cpus[cpu] = false
          left--
        } else {
          const first = same ? nxt : socket(nxt) * CORES_PER_SOCKET
          const end = same ? nxt + 1 : Math.min(nP, first + CORES_PER_SOCKET)
          for (let c = first; c < end; c++) {
            if (cpus[c] && idl[c]) { cpus[c] = false; left-- }
          }
        }
      }
      if (idl[cpu]) break
    }
    if (spc >= 0) this.idleBias[spc] = cpu
    return cpu
  }

  /** is_runq_idle(): nothing waits on p's run queue. */
  private runqIdle(p: Pcpu): boolean {
    return p.runq.length === 0
  }

  /** __runq_tickle(). */
  private runqTickle(p: Pcpu, u: Unit): void {
    const e = this.e
    const cur = p.curr
    if (!cur) {
      if (!p.tickled) this.tickle(u, p)
      return
    }
    // An idle pCPU takes it (soft affinity first), else it preempts p's if it has the higher priority.
    const idler = e.idlePcpus > 0 ? this.idlerFor(p, u) : null
    if (idler) this.tickle(u, idler)
    else if (u.pri > cur.pri) this.tickle(u, p)
  }

  /** Tickle p for u, traced as TRC_CSCHED_TICKLE (on the waker's pCPU). */
  private tickle(u: Unit, p: Pcpu): void {
    if (this.e.trace !== null) this.e.trace.classEvent(u.v.processor, TRC_CSCHED_TICKLE, 1, p.id, 0, 0, 0)
    this.e.tickle(p)
  }

  /** The first idle pCPU after p that u may run on, one it prefers (soft affinity) if any. */
  private idlerFor(p: Pcpu, u: Unit): Pcpu | null {
    const e = this.e
    const v = u.v
    let idler: Pcpu | null = null
    for (let c = this.nextCpu(p.id); c !== p.id; c = this.nextCpu(c)) {
      const q = e.pcpus[c]
      if (!this.isIdle(q) || !hardAllows(v, c)) continue
      if (v.softAffinity === null || softPrefers(v, c)) return q
      if (!idler) idler = q
    }
    return idler
  }

  /** csched_load_balance(): steal a higher-priority waiter from another pCPU. */
  private loadBalance(p: Pcpu, minPri: number): Unit | null {
    // The peers after p, round: only those in the set can pass the tests below.
    const set = minPri >= CSCHED_PRI_TS_OVER ? this.underHead : this.waiting
    for (let c = set.next(p.id + 1); c >= 0; c = set.next(c + 1)) {
      const got = this.stealFrom(p, c, minPri)
      if (got) return got
    }
    for (let c = set.next(0); c >= 0 && c < p.id; c = set.next(c + 1)) {
      const got = this.stealFrom(p, c, minPri)
      if (got) return got
    }
    return null
  }

  /**
   * loadBalanceTraced() on a host of at most 32 pCPUs, the same records
   * and the same steal, as bit masks: the workers (every pCPU of the pool
   * not idle, where csched_load_balance() writes a record), which of them
   * have more than one runnable unit (checked), the run queues to try, all
   * turned right by p.id + 1 so that the walk round from p is the bits'
   * order. A failed stealFrom() changes no run queue, so they stay true to
   * the end. The records of the workers up to each run queue tried are
   * written before its steal (and its STOLEN_UNIT record).
   */
  private loadBalanceTracedSmall(p: Pcpu, minPri: number, sched: number): Unit | null {
    const e = this.e
    const t = e.trace!
    const pool = this.poolBits(e.cpus)
    if (pool === 0) return this.loadBalanceTracedWalk(p, minPri, sched)
    const self = p.id
    const pcpus = e.pcpus
    let workers = pool
    if (e.idlePcpus !== 0) {
      workers = 0
      for (let m = pool; m !== 0; m &= m - 1) {
        const c = 31 - Math.clz32(m & -m)
        const q = pcpus[c]
        if (q.curr !== null || q.tickled) workers |= 1 << c
      }
    }
    workers &= ~(1 << self)
    const waiters = this.waiting.word0() & workers
    let multi = 0
    for (let m = waiters; m !== 0; m &= m - 1) {
      const c = 31 - Math.clz32(m & -m)
      const q = pcpus[c]
      if (q.curr !== null || q.runq.length > 1) multi |= 1 << c
    }
    // The run queues tried: those with waiters (above minPri's head, for a
    // unit of OVER or lower), of the pool's pCPUs but p.
    let steal = (minPri >= CSCHED_PRI_TS_OVER ? this.underHead.word0() : this.waiting.word0()) & pool & ~(1 << self)
    const start = (self + 1) & 31
    let left = rotr(workers, start)
    const rmulti = rotr(multi, start)
    steal = rotr(steal, start)
    // TRC_CSCHED_SCHEDULE comes first.
    let head = TRC_CSCHED_SCHEDULE
    while (steal !== 0) {
      const low = steal & -steal
      steal ^= low
      const upto = left & ((low << 1) - 1)
      t.classEventMask(self, TRC_CSCHED_STEAL_CHECK, start, upto, rmulti, head, sched)
      head = 0
      left ^= upto
      const got = this.stealFrom(p, (31 - Math.clz32(low) + start) & 31, minPri)
      if (got) return got
    }
    t.classEventMask(self, TRC_CSCHED_STEAL_CHECK, start, left, rmulti, head, sched)
    return null
  }

  /** The bits of the pool's pCPUs (cpus, of at most 32), 0 when they are not in ascending order (the walk's). */
  private poolBits(cpus: readonly number[]): number {
    if (cpus === this.poolOf) return this.poolMask
    let m = 0
    for (let k = 0; k < cpus.length; k++) {
      const c = cpus[k]
      if (c < 0 || c >= 32 || (k > 0 && c <= cpus[k - 1])) {
        m = 0
        break
      }
      m |= 1 << c
    }
    this.poolOf = cpus
    this.poolMask = m
    return m
  }

  /**
   * loadBalance() walking every pCPU of the pool after p, round, as
   * csched_load_balance() walks its workers (the pCPUs not idle), with the
   * records it makes (credit.c:1763-1783): TRC_CSCHED_STEAL_CHECK
   * {peer_cpu, 0} for a worker with no more than one runnable unit,
   * {peer_cpu, 1} for one it checks. It asks stealFrom() of loadBalance()'s
   * pCPUs in the same order, so it steals the same unit.
   */
  private loadBalanceTraced(p: Pcpu, minPri: number, sched: number): Unit | null {
    const e = this.e
    if (e.nP <= 32) return this.loadBalanceTracedSmall(p, minPri, sched)
    return this.loadBalanceTracedWalk(p, minPri, sched)
  }

  /** loadBalanceTraced() peer by peer, after the TRC_CSCHED_SCHEDULE record `sched`. */
  private loadBalanceTracedWalk(p: Pcpu, minPri: number, sched: number): Unit | null {
    const e = this.e
    const t = e.trace!
    t.classEvent(p.id, TRC_CSCHED_SCHEDULE, 1, sched, 0, 0, 0)
    const cpus = e.cpus
    // The records, written a run at a time (before a steal's own record, and at the end).
    const checks = this.checks.length >= cpus.length ? this.checks : (this.checks = new Uint32Array(cpus.length))
    // Where loadBalance() looks: stealFrom() finds nothing elsewhere (and writes no record then).
    const waiting = this.waiting
    const set = minPri >= CSCHED_PRI_TS_OVER ? this.underHead : waiting
    const len = cpus.length, pcpus = e.pcpus
    let n = 0
    // The first pCPU after p (every pCPU in the pool: the one numbered after it).
    let j = len === e.nP ? p.id + 1 : 0
    if (len !== e.nP) while (j < len && cpus[j] <= p.id) j++
    // With no idle pCPU in the pool, every peer is a worker, and one without waiters ({peer_cpu, 0}) is not read.
    const allBusy = e.idlePcpus === 0
    for (let k = 0; k < len; k++, j++) {
      if (j >= len) j = 0
      const c = cpus[j]
      if (c === p.id) continue
      if (!waiting.has(c)) {
        // An empty run queue: {peer_cpu, 0} when a worker, and nothing to
        // steal (`set` is within `waiting`).
        checks[n] = c & 0xffff
        if (allBusy) n++
        else {
          const peer = pcpus[c]
          if (peer.curr !== null || peer.tickled) n++
        }
        continue
      }
      const peer = pcpus[c]
      const running = peer.curr !== null ? 1 : 0
      // A worker (not isIdle()): {peer_cpu, more than one runnable unit}.
      const multi = running === 1 || peer.runq.length > 1 ? 1 : 0
      checks[n] = (c & 0xffff) | (multi << 16)
      n += running | (peer.tickled ? 1 : 0)
      if (!set.has(c)) continue
      t.classEventRun(p.id, TRC_CSCHED_STEAL_CHECK, checks, n)
      n = 0
      const got = this.stealFrom(p, c, minPri)
      if (got) return got
    }
    t.classEventRun(p.id, TRC_CSCHED_STEAL_CHECK, checks, n)
    return null
  }

  /** A waiter of pCPU c's run queue that p may steal (above minPri), taken off it. */
  private stealFrom(p: Pcpu, c: number, minPri: number): Unit | null {
    const peer = this.e.pcpus[c]
    const runq = peer.runq
    if (runq.length === 0 || (peer.curr === null && runq.length <= 1)) return null
    for (let i = 0; i < runq.length; i++) {
      const svc = runq[i]
      if (svc.pri <= minPri) break
      if (!hardAllows(svc.v, p.id)) continue
      // TRACE_3D(TRC_CSCHED_STOLEN_UNIT, peer_cpu, domain_id, unit_id) (credit.c:1659).
      if (this.e.trace !== null) this.e.trace.classEvent(p.id, TRC_CSCHED_STOLEN_UNIT, 3, c, svc.d.domid, svc.v.vcpuId, 0)
      this.runqRemoveAt(peer, i)
      svc.v.processor = p.id
      return svc
    }
    return null
  }

  /** csched_unit_acct(): the tick found u running. */
  private unitAcct(u: Unit): void {
    if (u.pri === CSCHED_PRI_TS_BOOST) {
      u.pri = CSCHED_PRI_TS_UNDER
      if (this.e.trace !== null) this.e.trace.classEvent(u.cpu, TRC_CSCHED_BOOST_END, 2, u.d.domid, u.v.vcpuId, 0, 0)
    }
    this.burnCredits(u)
    if (!u.active) this.activate(u)
  }

  /** __csched_unit_acct_start(), from the tick on u's pCPU: traced as TRC_CSCHED_ACCOUNT_START {dom, unit, active units} (credit.c:902). */
  private activate(u: Unit): void {
    u.active = true
    let list = this.activeUnits.get(u.d.domid)
    if (!list) {
      list = []
      this.activeUnits.set(u.d.domid, list)
      this.activeDoms.unshift(u.d.domid)
    }
    list.unshift(u)
    if (this.e.trace !== null) this.e.trace.classEvent(u.cpu, TRC_CSCHED_ACCOUNT_START, 3, u.d.domid, u.v.vcpuId, list.length, 0)
  }

  /** __csched_unit_acct_stop_locked() on pCPU cpu: traced as TRC_CSCHED_ACCOUNT_STOP {dom, unit, active units} (credit.c:928). */
  private deactivate(u: Unit, cpu: number): void {
    u.active = false
    const list = this.activeUnits.get(u.d.domid)
    if (!list) return
    const i = list.indexOf(u)
    if (i >= 0) list.splice(i, 1)
    if (this.e.trace !== null) this.e.trace.classEvent(cpu, TRC_CSCHED_ACCOUNT_STOP, 3, u.d.domid, u.v.vcpuId, list.length, 0)
    if (list.length === 0) {
      this.activeUnits.delete(u.d.domid)
      this.activeDoms.splice(this.activeDoms.indexOf(u.d.domid), 1)
    }
  }

  /** csched_runq_sort(): units with credit (UNDER, BOOST) move ahead of OVER ones. */
  private runqSortCheck(p: Pcpu): void {
    if (p.runqSortLast === this.runqSort) return
    p.runqSortLast = this.runqSort
    if (p.runq.length < 2) return
    const under = p.runq.filter(u => u.pri >= CSCHED_PRI_TS_UNDER)
    if (under.length === 0 || under.length === p.runq.length) return
    p.runq = under.concat(p.runq.filter(u => u.pri < CSCHED_PRI_TS_UNDER))
  }

  /** csched_acct(): hand out one timeslice of credit across the host. */
  private acct(): void {
    const e = this.e
    const cpt = this.creditsPerTslice
    let weightTotal = 0
    for (const domid of this.activeDoms) {
      const d = e.host.domains.get(domid)
      if (d) weightTotal += d.weight * (this.activeUnits.get(domid)?.length ?? 0)
    }
    let creditTotal = cpt * e.cpus.length
    if (this.creditBalance < 0) creditTotal -= this.creditBalance
    if (weightTotal === 0) {
      this.creditBalance = 0
      this.runqSort++
      return
    }
    let weightLeft = weightTotal
    let creditBalance = 0
    let creditXtra = false
    for (const domid of this.activeDoms.slice()) {
      const d = e.host.domains.get(domid)
      const units = this.activeUnits.get(domid)
      if (!d || !units) continue
      const n = units.length
      weightLeft -= d.weight * n
      let creditPeak = n * cpt
      if (this.creditBalance < 0) {
        creditPeak += Math.floor(((-this.creditBalance * d.weight * n) + (weightTotal - 1)) / weightTotal)
      }
      let creditCap = 0
      if (d.cap !== 0) {
        creditCap = Math.floor((d.cap * cpt + 99) / 100)
        if (creditCap < creditPeak) creditPeak = creditCap
        creditCap = Math.floor((creditCap + (n - 1)) / n)
      }
      let creditFair = Math.floor(((creditTotal * d.weight * n) + (weightTotal - 1)) / weightTotal)
      if (creditFair < creditPeak) {
        creditXtra = true
      } else {
        if (weightLeft !== 0) {
          creditTotal += Math.floor((((creditFair - creditPeak) * weightTotal) + (weightLeft - 1)) / weightLeft)
        }
        if (creditXtra) {
          // Domains with extra credit go to the head of the list.
          this.activeDoms.splice(this.activeDoms.indexOf(domid), 1)
          this.activeDoms.unshift(domid)
        }
        creditFair = creditPeak
      }
      creditFair = Math.floor((creditFair + (n - 1)) / n)
      for (const u of units.slice()) {
        u.credit += creditFair
        let credit = u.credit
        if (credit < 0) {
          u.pri = CSCHED_PRI_TS_OVER
          if (d.cap !== 0 && credit < -creditCap && !(u.flags & CSCHED_FLAG_UNIT_PARKED)) {
            u.flags |= CSCHED_FLAG_UNIT_PARKED
            this.park(u)
          }
          if (credit < -cpt) {
            credit = -cpt
            u.credit = credit
          }
        } else {
          u.pri = CSCHED_PRI_TS_UNDER
          if (u.flags & CSCHED_FLAG_UNIT_PARKED) {
            // Unpause before clearing the flag, so the wake does not boost it.
            e.unpark(u)
            u.flags &= ~CSCHED_FLAG_UNIT_PARKED
          }
          if (credit > cpt) {
            // csched_acct() runs on the master pCPU, the pool's first.
            this.deactivate(u, e.cpus[0])
            credit = Math.trunc(credit / 2)
            u.credit = credit
          }
        }
        creditBalance += credit
      }
    }
    this.creditBalance = creditBalance
    this.runqSort++
  }

  private park(u: Unit): void {
    if (u.cpu >= 0) this.e.tickle(this.e.pcpus[u.cpu])
    else if (u.queued) this.runqRemove(this.e.pcpus[u.v.processor], u)
    this.e.park(u)
  }
}

/** x's 32 bits turned right by s (0 to 31). */
function rotr(x: number, s: number): number {
  return ((x >>> s) | (x << (32 - s))) | 0
}
