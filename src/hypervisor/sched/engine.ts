// The discrete-event engine: simulated time, the event queue, per-pCPU
// state and every runstate transition (xen/common/sched/core.c: schedule(),
// sched_context_switch(), vcpu_wake(), vcpu_sleep_nosync()). It calls a
// SchedPolicy for every decision and never looks inside one.
//
// Timers: one slot per pCPU (its slice / softirq), one per vCPU (the
// workload: end of the running burst, or the wake-up while blocked), and
// one for the policy (credit's tick and accounting, credit2's budget
// replenishment). All of it is written to host.sched / vcpu.sched as plain
// JSON by save() (when the host is persisted, see index.ts), and rebuilt
// from there when a process starts.
import type {Host, SchedParams} from '../host.js'
import {domainsInOrder} from '../host.js'
import {nextRandom, nextRandomBits} from '../rng.js'
import {RUNSTATE_blocked, RUNSTATE_offline, RUNSTATE_runnable, RUNSTATE_running, type RunstateState} from '../types.js'
import {TimerQueue} from './timers.js'
import {Pcpu, Unit, setPoolMask, type PolicyTable, type SchedCore, type SchedPolicy} from './policy.js'
import {cpupools, domainPoolId, type Cpupool} from './cpupool.js'
import {burstWork, formatWorkload, sameWorkload, wakeDelay, workloadOf} from './workload.js'
import {switchRunstate} from './accounting.js'
import type {TraceSink} from './trace-sink.js'
import {guestCopyDeferrable, rebaseRunstate, writeGuestCopyFrom} from '../runstate.js'
import {epochNs} from '../time.js'

export const SCHED_STATE_VERSION = 1

/**
 * heldRs: doubles per unit, and where each field is: the record (state,
 * entry time, time[4]) and, for a vCPU with a guest copy, the record as it
 * was at its last switch out (what update_runstate_area() copied then).
 * Its state is COPY_NONE when no switch happened yet in this run, and
 * COPY_LIVE after a switch in: the record is still what was copied then
 * (only a switch out changes a running vCPU's record).
 */
const HELD = 16
const HELD_STATE = 0, HELD_ENTRY = 1, HELD_TIME = 2
const COPY_STATE = 8, COPY_ENTRY = 9, COPY_TIME = 10
const COPY_NONE = -1, COPY_LIVE = -2
/**
 * Unit.held: not held (yet), held, written through, held with its guest
 * copy written at release (odd: held).
 */
const HELD_NOT = 0, HELD_YES = 1, HELD_THROUGH = 2, HELD_COPY = 3

type Json = Record<string, unknown>

function num(x: unknown, dflt: number): number {
  return typeof x === 'number' && Number.isFinite(x) ? x : dflt
}

export class Engine implements SchedCore {
  readonly timers: TimerQueue
  readonly units: Unit[] = []
  readonly byKey = new Map<string, Unit>()
  readonly pcpus: Pcpu[] = []
  // Numeric fields start as numbers (not `undefined`) so V8 keeps them
  // unboxed: an untyped `now` would allocate a HeapNumber on every event.
  readonly nP: number = 0
  readonly nV: number = 0
  /** Timer id of the policy's own timer. */
  readonly globalTimer: number = 0
  readonly policy: SchedPolicy
  now = 0
  seq = 0
  /** Set by SchedPolicy.doSchedule: how long the chosen unit may run (-1: no timer). */
  slice = -1
  /** Events handled since this engine was built (for the benchmark). */
  events = 0
  /**
   * pCPUs running nothing with no reschedule pending (Pcpu.curr null and not
   * tickled), kept as they change: a policy looking for an idle pCPU to wake
   * a unit on skips the search when there is none (the usual case on a busy
   * host).
   */
  idlePcpus = 0
  readonly rand: () => number
  /** The same draws as 32 bits in an int32 (nextRandomBits): what the workloads take, unboxed. */
  readonly randBits: () => number
  /** Domains the units were built from, by domid, with their unit count. */
  private readonly built = new Map<number, {d: object; n: number}>()
  /** host.domains.size when built: a domain made or gone anywhere rebuilds every pool's engine. */
  private readonly hostDomains: number = 0
  /** The cpupool this engine is the scheduler instance of (cpupool.c: c->sched). */
  readonly pool: Cpupool
  /** Its pCPUs (cpu_valid), sorted; the other pCPUs of the host are never used here. */
  readonly cpus: readonly number[]
  /** 1 for each pCPU of the pool; null when the pool has every pCPU of the host (no check needed). */
  readonly mask: Uint8Array | null
  private savedHost: Json
  /** What save() last wrote (or load read): a save with nothing new to write is skipped. */
  private savedAt = {now: -1, events: -1}
  /** A call changed something outside the event loop since the last save. */
  touched = false
  /** The trace recorder while someone traces (xl trace), else null: one check where core.c traces. */
  trace: TraceSink | null = null
  /**
   * The runstates runUntil holds, HELD doubles per unit (see changeHeld):
   * on a big host each vcpu.runstate is four heap objects (the record, its
   * entry time, its time array and the array's doubles), several cache
   * misses at every switch; here they are two lines, written back once per
   * run. Per unit (whose `held` says whether it is held): state, entry time,
   * time[4], and the same as the guest copy last took it (see HELD).
   */
  private readonly heldRs: Float64Array
  /** The units marked in heldRs during this run. */
  private readonly heldUnits: Unit[] = []
  private holding = false
  /** The policy asks for v.processor held on the unit (SchedPolicy.holdsProcessor). */
  private readonly holdProc: boolean = false
  /**
   * The pCPU whose schedule() the engine calls right away (a running vCPU
   * blocked on it), and the seq a tickle armed its timer with since (-1:
   * none): see tickle().
   */
  private reschedNext: Pcpu | null = null
  private reschedSeq = -1

  private constructor(readonly host: Host, policies: PolicyTable, pool: Cpupool) {
    this.pool = pool
    this.cpus = pool.cpus
    const domains = domainsInOrder(host).filter(d => domainPoolId(d) === pool.id)
    this.hostDomains = host.domains.size
    for (const d of domains) {
      this.built.set(d.domid, {d, n: d.vcpus.length})
      for (const v of d.vcpus) {
        const u = new Unit(this.units.length, `${d.domid}.${v.vcpuId}`, d, v, workloadOf(v.workload))
        this.units.push(u)
        this.byKey.set(u.key, u)
      }
    }
    this.nP = host.config.cpus
    this.nV = this.units.length
    this.heldRs = new Float64Array(Math.max(1, this.nV) * HELD)
    this.globalTimer = this.nP + this.nV
    this.timers = new TimerQueue(this.nP + this.nV + 1, this)
    for (let i = 0; i < this.nP; i++) this.pcpus.push(new Pcpu(i))
    if (pool.cpus.length === this.nP) {
      this.mask = null
    } else {
      this.mask = new Uint8Array(this.nP)
      for (const c of pool.cpus) if (c >= 0 && c < this.nP) this.mask[c] = 1
    }
    this.policy = new policies[pool.sched]()
    this.holdProc = this.policy.holdsProcessor === true
    this.rand = () => nextRandom(host)
    this.randBits = () => nextRandomBits(host)
    this.savedHost = savedSlot(host, pool.id)
    this.now = host.now
  }

  /** The pool's scheduler parameters (pool 0: the host's). */
  get schedParams(): SchedParams {
    return this.pool.id === 0 ? this.host.schedParams : this.pool.params
  }

  /** Make this engine's pool the one the policy helpers (hardAllows, ...) see: call before using it. */
  activate(): void {
    setPoolMask(this.mask, this.cpus.length)
  }

  /**
   * Build the engine from host.sched and every vcpu.sched (a fresh host has
   * them empty), running the policy `policies` has for host.config.sched.
   */
  static load(host: Host, policies: PolicyTable, pool: Cpupool = cpupools(host)[0], attach?: (e: Engine) => void): Engine {
    const e = new Engine(host, policies, pool)
    e.activate()
    const saved = e.savedHost
    const fresh = saved.version !== SCHED_STATE_VERSION || saved.policy !== e.policy.name
    e.now = fresh ? host.now : num(saved.now, host.now)
    e.seq = fresh ? 0 : num(saved.seq, 0)
    const newUnits: Unit[] = []
    const isNew = new Set<Unit>()
    for (const u of e.units) {
      const s = u.v.sched
      if (fresh || s.version !== SCHED_STATE_VERSION) {
        newUnits.push(u)
        isNew.add(u)
        // Not known to the policy yet: insertUnit() below (rq -1 tells init to skip it).
        u.rq = -1
        u.down = true
        u.canRun = false
        u.awake = true
        u.work = burstWork(u.w, e.randBits)
        u.periodStart = e.now
        continue
      }
      u.awake = s.awake === true
      // The workload the saved state was running: a spec changed since (xl
      // workload sets it, then calls vcpuChanged) is then seen as a change.
      if (typeof s.spec === 'string') u.w = workloadOf(s.spec)
      u.down = s.down === true
      u.parked = s.parked === true
      u.canRun = s.canRun === true
      u.migrating = s.migrating === true
      u.work = num(s.work, -1) < 0 ? Infinity : num(s.work, 0)
      u.runStart = num(s.runStart, 0)
      u.periodStart = num(s.periodStart, 0)
      u.credit = num(s.credit, 0)
      u.residual = num(s.residual, 0)
      u.pri = num(s.pri, 0)
      u.flags = num(s.flags, 0)
      u.startTime = num(s.startTime, 0)
      u.budget = num(s.budget, 0)
      u.rq = num(s.rq, 0)
      u.avgload = num(s.avgload, 0)
      u.loadLast = num(s.loadLast, 0)
      u.active = s.active === true
      u.tickledCpu = num(s.tickledCpu, -1)
      // A workload changed by someone else (e.g. the CLI) takes effect here.
      const t = num(s.t, -1)
      if (t >= 0) e.timers.set(e.nP + u.idx, t, num(s.s, 0))
    }
    const pcpus = fresh ? [] : (Array.isArray(saved.pcpus) ? saved.pcpus as Json[] : [])
    for (const p of e.pcpus) {
      const s = pcpus[p.id]
      if (!s) continue
      const curr = typeof s.curr === 'string' ? e.byKey.get(s.curr) : undefined
      if (curr && curr.cpu === -1 && !isNew.has(curr)) {
        p.curr = curr
        curr.cpu = p.id
      } else if (s.curr != null) {
        p.tickled = true
      }
      p.tickled = p.tickled || s.tickled === true
      p.runqSortLast = num(s.runqSortLast, 0)
      const t = num(s.t, -1)
      if (t >= 0) e.timers.set(p.id, t, num(s.s, 0))
      if (p.tickled && !e.timers.armed(p.id)) e.timers.set(p.id, e.now, e.seq++)
    }
    e.countIdlePcpus()
    if (!fresh) {
      const g = (saved.global ?? {}) as Json
      const t = num(g.t, -1)
      if (t >= 0) e.timers.set(e.globalTimer, t, num(g.s, 0))
    }
    e.policy.init(e, fresh ? undefined : saved.policyState as Json | undefined)
    // A trace recorder, before the new units are inserted (what the policy decides for them is traced).
    if (attach) attach(e)
    for (const u of newUnits) e.policy.insertUnit(u)
    for (const u of newUnits) e.unitChanged(u)
    // A migration cut off by a save finishes now (one still running finishes in schedule()).
    for (const u of e.units) if (u.migrating) e.migrateFinish(u)
    if (newUnits.length === 0) e.savedAt = {now: e.now, events: 0}
    return e
  }

  /**
   * Does this engine still describe `host`: the same object, its saved state
   * not replaced by someone else, the same number of domains, and (when
   * given) domain `d` the object with the vCPUs the units were built from?
   * O(1): a host with many vCPUs makes many calls.
   */
  isCurrent(host: Host, d?: {domid: number; vcpus: readonly unknown[]}): boolean {
    if (host !== this.host || savedSlot(host, this.pool.id) !== this.savedHost || host.domains.size !== this.hostDomains) return false
    if (d === undefined) return true
    const b = this.built.get(d.domid)
    return b !== undefined && b.d === d && b.n === d.vcpus.length
  }

  /** The host.sched object this engine was loaded from or last saved. */
  savedState(): Json {
    return this.savedHost
  }

  /** Has anything changed since the last save() (or the load)? */
  dirty(): boolean {
    return this.touched || this.now !== this.savedAt.now || this.events !== this.savedAt.events
  }

  /** Write all state into host.sched and each vcpu.sched (fresh objects, plain JSON). */
  save(): void {
    const timers = this.timers
    const pcpus: Json[] = this.pcpus.map(p => ({
      curr: p.curr ? p.curr.key : null,
      tickled: p.tickled,
      runqSortLast: p.runqSortLast,
      t: timers.armed(p.id) ? timers.time[p.id] : -1,
      s: timers.seqOf(p.id),
    }))
    const g = this.globalTimer
    const state: Json = {
      version: SCHED_STATE_VERSION,
      policy: this.policy.name,
      now: this.now,
      seq: this.seq,
      pcpus,
      global: {t: timers.armed(g) ? timers.time[g] : -1, s: timers.seqOf(g)},
      policyState: this.policy.save(),
    }
    this.savedHost = writeSlot(this.host, this.pool.id, state)
    this.savedAt = {now: this.now, events: this.events}
    this.touched = false
    for (const u of this.units) {
      const id = this.nP + u.idx
      const s: Json = {
        version: SCHED_STATE_VERSION,
        spec: formatWorkload(u.w),
        awake: u.awake, down: u.down, parked: u.parked, canRun: u.canRun,
        ...(u.migrating ? {migrating: true} : {}),
        work: u.work === Infinity ? -1 : u.work,
        runStart: u.runStart, periodStart: u.periodStart,
        credit: u.credit, residual: u.residual, pri: u.pri, flags: u.flags,
        startTime: u.startTime, budget: u.budget, rq: u.rq,
        avgload: u.avgload, loadLast: u.loadLast, active: u.active, tickledCpu: u.tickledCpu,
        t: timers.armed(id) ? timers.time[id] : -1, s: timers.seqOf(id),
      }
      u.v.sched = s
    }
  }

  unitOf(domid: number, vcpuId: number): Unit | undefined {
    return this.byKey.get(`${domid}.${vcpuId}`)
  }

  // ---- the event loop ----

  /**
   * Handle every event due at or before t, then stand at t. While it runs
   * (and nobody traces), the runstate of each vCPU is held in `heldRs` and
   * written back to vcpu.runstate, and its guest copy (when it has one) to
   * the guest, when it returns.
   */
  runUntil(t: number): void {
    if (this.trace !== null) return this.runEvents(t)
    this.holding = true
    try {
      this.runEvents(t)
    } finally {
      this.holding = false
      this.release()
    }
  }

  private runEvents(t: number): void {
    const timers = this.timers
    const nP = this.nP
    const g = this.globalTimer
    for (;;) {
      const id = timers.popUntil(t)
      if (id < 0) break
      const time = timers.firedAt
      this.now = time
      this.events++
      if (id < nP) this.schedule(this.pcpus[id])
      else if (id < g) this.unitTimer(this.units[id - nP])
      else this.policy.onTimer()
    }
    this.now = t
  }

  /** Ask pCPU p to reschedule now (raise SCHEDULE_SOFTIRQ). */
  tickle(p: Pcpu): void {
    if (!p.tickled) {
      p.tickled = true
      if (p.curr === null) this.idlePcpus--
    }
    const timers = this.timers
    if (timers.armed(p.id) && timers.time[p.id] <= this.now) return
    if (p === this.reschedNext) {
      // p's schedule() runs next, and sets p's timer whatever it holds:
      // the softirq's timer is only noted as armed now (with the seq it
      // takes), not placed in the queue and taken out again.
      if (this.reschedSeq < 0) this.reschedSeq = this.seq++
      return
    }
    timers.setAfter(p.id, 0, this.seq++)
  }

  /** Arm the policy's timer (-1 disarms). */
  setPolicyTimer(t: number): void {
    if (t < 0) this.timers.cancel(this.globalTimer)
    else this.timers.set(this.globalTimer, t, this.seq++)
  }

  policyTimerArmed(): boolean {
    return this.timers.armed(this.globalTimer)
  }

  /** schedule(): let the policy pick, then context-switch. */
  schedule(p: Pcpu): void {
    if (p.tickled) {
      p.tickled = false
      if (p.curr === null) this.idlePcpus++
    }
    const prev = p.curr
    this.slice = -1
    const next = this.policy.doSchedule(p)
    if (this.trace !== null) this.switchTraced(this.trace, p, prev, next)
    else if (next !== prev) {
      if (prev) this.stopRunning(prev, p)
      if (next) this.startRunning(next, p)
    }
    const noted = this.reschedSeq
    this.reschedNext = null
    this.reschedSeq = -1
    if (this.slice >= 0) this.timers.setAfter(p.id, this.slice, this.seq++)
    else {
      this.timers.cancel(p.id)
      // The seq the softirq's timer would have been armed with (saved with the timer).
      if (noted >= 0) this.timers.noteSeq(p.id, noted)
    }
    // unit_context_saved(): a unit switched out for a migration moves now
    // (after p's own timer is set: the wake may tickle p).
    if (prev !== null && prev !== next && prev.migrating) this.migrateFinish(prev)
  }

  /** The switch of schedule() with the trace records sched_switch_units() / sched_context_switch() make. */
  private switchTraced(t: TraceSink, p: Pcpu, prev: Unit | null, next: Unit | null): void {
    if (next === prev) {
      t.continued(p, prev)
      return
    }
    if (t.switchUnits(p, prev, next)) {
      // Its records hold both runstate changes: none to report.
      this.trace = null
      if (prev) this.stopRunning(prev, p)
      if (next) this.startRunning(next, p)
      this.trace = t
      return
    }
    if (prev) this.stopRunning(prev, p)
    if (next) this.startRunning(next, p)
    if (next === null) t.switched(p, next)
  }

  /** Move u's vCPU to runstate `state` now (switchRunstate reads the time from the engine: no boxed double). */
  private enter(u: Unit, state: RunstateState): void {
    if (this.trace !== null) this.trace.runstate(u, state)
    let held = u.held
    if (held === HELD_NOT && this.holding) held = this.hold(u)
    if ((held & 1) !== 0) this.changeHeld(u.idx * HELD, state, held === HELD_COPY)
    else switchRunstate(u.d, u.v, state, this)
  }

  /**
   * vcpu_runstate_change() on a record runUntil holds (see heldRs), with
   * changeRunstate()'s arithmetic; with `copy`, a switch in or out also
   * notes what update_runstate_area() would copy now (see HELD: a switch
   * out keeps the record, a switch in only marks it); the guest copy itself
   * is written once, at release (nobody reads it while events run).
   */
  private changeHeld(o: number, state: RunstateState, copy: boolean): void {
    const h = this.heldRs
    const cur = h[o + HELD_STATE]
    if (cur === state) return
    const now = this.now
    const entry = h[o + HELD_ENTRY]
    if (now - entry < 0) throw new Error(`runstate time went backwards (${entry} -> ${now})`)
    h[o + HELD_TIME + cur] += now - entry
    h[o + HELD_STATE] = state
    h[o + HELD_ENTRY] = now
    if (!copy) return
    if (state === RUNSTATE_running) {
      h[o + COPY_STATE] = COPY_LIVE
    } else if (cur === RUNSTATE_running) {
      h[o + COPY_STATE] = state
      h[o + COPY_ENTRY] = now
      h[o + COPY_TIME] = h[o + HELD_TIME]
      h[o + COPY_TIME + 1] = h[o + HELD_TIME + 1]
      h[o + COPY_TIME + 2] = h[o + HELD_TIME + 2]
      h[o + COPY_TIME + 3] = h[o + HELD_TIME + 3]
    }
  }

  /**
   * Take u's runstate into heldRs; returns u.held for this run: written
   * through (HELD_THROUGH) when the record has high parts (an epoch move)
   * or its guest copy must be written at each switch (watched store by
   * store, or a copy that may fail).
   */
  private hold(u: Unit): number {
    const h = this.heldRs
    const o = u.idx * HELD
    const v = u.v
    const rs = v.runstate
    const area = v.runstateArea
    this.heldUnits.push(u)
    if (this.holdProc) {
      u.processor = v.processor
      u.procHeld = true
    }
    if (rs.hi !== undefined || (area !== null && !guestCopyDeferrable(area))) {
      u.held = HELD_THROUGH
      return HELD_THROUGH
    }
    const held = area === null ? HELD_YES : HELD_COPY
    u.held = held
    h[o + COPY_STATE] = COPY_NONE
    h[o + HELD_STATE] = rs.state
    h[o + HELD_ENTRY] = rs.entryTime
    const time = rs.time
    h[o + HELD_TIME] = time[0]
    h[o + HELD_TIME + 1] = time[1]
    h[o + HELD_TIME + 2] = time[2]
    h[o + HELD_TIME + 3] = time[3]
    return held
  }

  /** Write every held runstate back to its vCPU (runUntil returns). */
  private release(): void {
    const h = this.heldRs
    const units = this.heldUnits
    for (let i = 0; i < units.length; i++) {
      const u = units[i]
      const o = u.idx * HELD
      if (u.procHeld) {
        u.v.processor = u.processor
        u.procHeld = false
      }
      if ((u.held & 1) !== 0) {
        const rs = u.v.runstate
        rs.state = (h[o + HELD_STATE] | 0) as RunstateState
        rs.entryTime = h[o + HELD_ENTRY]
        const time = rs.time
        time[0] = h[o + HELD_TIME]
        time[1] = h[o + HELD_TIME + 1]
        time[2] = h[o + HELD_TIME + 2]
        time[3] = h[o + HELD_TIME + 3]
        if (u.held === HELD_COPY) {
          const c = h[o + COPY_STATE]
          if (c !== COPY_NONE) writeGuestCopyFrom(u.v.runstateArea!, h, c === COPY_LIVE ? o + HELD_STATE : o + COPY_STATE)
        }
      }
      u.held = HELD_NOT
    }
    units.length = 0
  }

  /** u's runstate (vcpu_runstate_info.state), held or not. */
  stateOf(u: Unit): number {
    return (u.held & 1) !== 0 ? this.heldRs[u.idx * HELD + HELD_STATE] : u.v.runstate.state
  }

  /** When u entered its runstate (state_entry_time, relative to the epoch), held or not. */
  entryTime(u: Unit): number {
    return (u.held & 1) !== 0 ? this.heldRs[u.idx * HELD + HELD_ENTRY] : u.v.runstate.entryTime
  }

  /** v.processor, held or not (see Unit.processor). */
  processorOf(u: Unit): number {
    return u.procHeld ? u.processor : u.v.processor
  }

  setProcessor(u: Unit, cpu: number): void {
    if (u.procHeld) u.processor = cpu
    else u.v.processor = cpu
  }

  private stopRunning(u: Unit, p: Pcpu): void {
    p.curr = null
    if (!p.tickled) this.idlePcpus++
    u.cpu = -1
    if (u.awake && u.work !== Infinity) {
      const left = u.work - (this.now - u.runStart)
      u.work = left > 0 ? left : 0
      this.timers.cancel(this.nP + u.idx)
    }
    const next = u.runnable ? RUNSTATE_runnable : u.down ? RUNSTATE_offline : !u.awake ? RUNSTATE_blocked : RUNSTATE_offline
    this.enter(u, next)
  }

  private startRunning(u: Unit, p: Pcpu): void {
    if (u.cpu >= 0) this.pickedTwice(u, p)
    // p runs nothing here (schedule() stopped what ran).
    p.curr = u
    if (!p.tickled) this.idlePcpus--
    u.cpu = p.id
    this.setProcessor(u, p.id)
    u.runStart = this.now
    if (u.work !== Infinity) this.timers.setAfter(this.nP + u.idx, u.work, this.seq++)
    this.enter(u, RUNSTATE_running)
  }

  /** Kept out of startRunning: the message is a quarter of its bytecode, which counts against V8's inlining budget. */
  private pickedTwice(u: Unit, p: Pcpu): never {
    throw new Error(`unit ${u.key} picked on CPU${p.id} while running on CPU${u.cpu}`)
  }

  private unitTimer(u: Unit): void {
    if (u.down) return
    if (u.cpu >= 0) {
      // The burst is done: the guest blocks (SCHEDOP_block) or goes on.
      const p = this.pcpus[u.cpu]
      u.work = 0
      const delay = wakeDelay(u.w, u, this, this.randBits)
      if (delay <= 0) {
        u.work = burstWork(u.w, this.randBits)
        u.runStart = this.now
        if (u.work !== Infinity) this.timers.setAfter(this.nP + u.idx, u.work, this.seq++)
        return
      }
      u.awake = false
      if (this.trace !== null) this.trace.block(u)
      this.timers.setAfter(this.nP + u.idx, delay, this.seq++)
      // vcpu_sleep_nosync() raises p's softirq, which runs at once (see tickle()).
      this.reschedNext = p
      this.policy.sleep(u)
      this.schedule(p)
    } else if (!u.awake) {
      this.wakeUp(u)
    }
  }

  /**
   * The guest's task on u is over now (its burst ends early: the process
   * it ran exited), so the vCPU goes on as at the end of a burst: a
   * running one blocks until its workload's next wake-up (or starts the
   * next burst at once); a queued one sleeps where it waits.
   */
  endBurst(u: Unit): void {
    if (u.down || !u.awake) return
    if (u.cpu >= 0) {
      this.unitTimer(u)
      return
    }
    const delay = wakeDelay(u.w, u, this, this.randBits)
    if (delay <= 0) return
    u.work = 0
    u.awake = false
    this.timers.setAfter(this.nP + u.idx, delay, this.seq++)
    if (u.canRun) {
      this.policy.sleep(u)
      this.enter(u, RUNSTATE_blocked)
    }
  }

  /** vcpu_wake(): the guest's event arrived. */
  private wakeUp(u: Unit): void {
    if (this.trace !== null) this.trace.wake(u)
    u.awake = true
    u.work = burstWork(u.w, this.randBits)
    if (u.canRun) {
      this.enter(u, RUNSTATE_runnable)
      this.policy.wake(u)
    } else if (this.stateOf(u) === RUNSTATE_blocked) {
      this.enter(u, RUNSTATE_offline)
    }
  }

  /**
   * Something about the vCPU or its domain changed: online, pause, boot,
   * shutdown, affinity, workload. vcpu_sleep_nosync / vcpu_wake semantics:
   * a running or runnable vCPU that may no longer run goes offline; a blocked
   * one stays blocked while paused (offline once its event arrives), and
   * goes offline when it is down.
   */
  unitChanged(u: Unit): void {
    const d = u.d, v = u.v
    // An affinity changed behind the scheduler (not through affinityChanged) is seen from here on.
    u.hardAll = v.hardAffinity === null
    const spec = workloadOf(v.workload)
    if (!sameWorkload(spec, u.w)) {
      u.w = spec
      if (u.awake) {
        u.work = burstWork(spec, this.randBits)
        if (u.cpu >= 0) {
          u.runStart = this.now
          if (u.work !== Infinity) this.timers.setAfter(this.nP + u.idx, u.work, this.seq++)
          else this.timers.cancel(this.nP + u.idx)
        }
      }
      u.periodStart = this.now
      // The guest starts its new task now (a blocked vCPU is woken for it).
      if (!u.awake && !u.down) {
        this.timers.cancel(this.nP + u.idx)
        this.wakeUp(u)
      }
    }
    const down = !v.online || d.shutdown !== null || d.dying || !d.guest.booted
    if (down !== u.down) {
      u.down = down
      if (down) {
        if (u.cpu < 0) this.timers.cancel(this.nP + u.idx)
        this.policy.down?.(u)
      } else {
        // Coming up: the vCPU starts by running (bring-up), its workload afresh.
        this.timers.cancel(this.nP + u.idx)
        u.awake = true
        u.work = burstWork(u.w, this.randBits)
        u.periodStart = this.now
      }
    }
    const can = !u.down && d.pauseCount === 0 && !u.parked && !u.migrating
    const state = this.stateOf(u)
    if (u.canRun && !can) {
      if (this.trace !== null) this.trace.sleep(u)
      u.canRun = false
      if (u.cpu >= 0) this.policy.sleep(u)
      else if (u.awake) {
        this.policy.sleep(u)
        this.enter(u, RUNSTATE_offline)
      } else if (u.down) this.enter(u, RUNSTATE_offline)
    } else if (!u.canRun && can) {
      if (this.trace !== null) this.trace.wake(u)
      u.canRun = true
      if (u.awake) {
        this.enter(u, RUNSTATE_runnable)
        this.policy.wake(u)
      } else if (state === RUNSTATE_offline) {
        this.enter(u, RUNSTATE_blocked)
      }
    } else if (!can) {
      if (u.down && state !== RUNSTATE_offline && u.cpu < 0) this.enter(u, RUNSTATE_offline)
    }
  }

  /**
   * u's hard (`hard`) or soft affinity changed: vcpu_set_affinity()
   * (xen/common/sched/core.c) tells the policy (adjust_affinity), then
   * migrates the unit, whatever its state: sched_unit_migrate_start() makes
   * it not runnable (_VPF_migrating) and takes it off its queue, or, when it
   * is running, has its pCPU deschedule it; sched_unit_migrate_finish(), at
   * once or when it has been switched out, asks the policy for a pCPU
   * (pick_resource), moves it there and wakes it. So a blocked vCPU's
   * processor changes at once, and a runnable or running one runs again on
   * a pCPU it may use.
   */
  affinityChanged(u: Unit, hard: boolean): void {
    if (hard) this.policy.adjustAffinity(u)
    // sched_unit_migrate_start(): vcpu_sleep_nosync_locked() with _VPF_migrating set.
    u.migrating = true
    if (u.canRun) {
      u.canRun = false
      if (u.cpu >= 0) this.policy.sleep(u)
      else if (u.awake) {
        this.policy.sleep(u)
        this.enter(u, RUNSTATE_offline)
      }
    }
    this.migrateFinish(u)
  }

  /** sched_unit_migrate_finish(): nothing while u still runs (schedule() calls it again once u is off). */
  migrateFinish(u: Unit): void {
    if (u.cpu >= 0 || !u.migrating) return
    this.touched = true
    const cpu = this.policy.pickResource(u)
    u.migrating = false
    this.policy.migrate(u, cpu)
    // vcpu_wake() on the new pCPU.
    if (u.canRun || u.down || u.d.pauseCount !== 0 || u.parked) return
    u.canRun = true
    if (u.awake) {
      this.enter(u, RUNSTATE_runnable)
      this.policy.wake(u)
    } else if (this.stateOf(u) === RUNSTATE_offline) {
      this.enter(u, RUNSTATE_blocked)
    }
  }

  /** The policy parks u for its cap (it has already taken u off its queues). */
  park(u: Unit): void {
    u.parked = true
    if (!u.canRun) return
    u.canRun = false
    if (u.cpu < 0 && this.stateOf(u) === RUNSTATE_runnable) {
      this.enter(u, RUNSTATE_offline)
    }
  }

  /** The policy lifts the park (new credit or budget). */
  unpark(u: Unit): void {
    if (!u.parked) return
    u.parked = false
    if (u.canRun || u.down || u.d.pauseCount !== 0 || u.migrating) return
    u.canRun = true
    if (u.cpu >= 0) return
    if (u.awake) {
      this.enter(u, RUNSTATE_runnable)
      this.policy.wake(u)
    } else if (this.stateOf(u) === RUNSTATE_offline) {
      this.enter(u, RUNSTATE_blocked)
    }
  }

  /** The domain is destroyed: take its units off pCPUs and queues for good. */
  removeDomain(domid: number): void {
    for (const u of this.units) {
      if (u.d.domid !== domid) continue
      u.down = true
      u.canRun = false
      if (u.cpu >= 0) {
        const p = this.pcpus[u.cpu]
        this.policy.sleep(u)
        this.stopRunning(u, p)
        this.tickle(p)
      } else if (u.queued) {
        this.policy.sleep(u)
      }
      this.timers.cancel(this.nP + u.idx)
      this.enter(u, RUNSTATE_offline)
      this.policy.removeUnit(u)
    }
  }

  /**
   * Move the epoch forward by `shift` ns (see time.ts; a multiple of 80 ms,
   * so scheduler periods keep their phase, and at most now): every time the
   * engine holds is relative to it, so each moves back by `shift` and every
   * difference between them stays what it was (the schedule goes on exactly
   * as without the move). The caller saves.
   */
  rebase(shift: number): void {
    rebaseHost(this.host, [this], shift)
  }

  /** The engine's own part of a rebase (its timers, units and policy); rebaseHost does the host's. */
  rebaseOwn(shift: number): void {
    const timers = this.timers
    const armed: [number, number, number][] = []
    for (let id = 0; id < timers.size; id++) {
      if (timers.armed(id)) armed.push([id, timers.time[id] - shift, timers.seqOf(id)])
      timers.cancel(id)
    }
    this.now -= shift
    for (const [id, t, s] of armed) timers.set(id, t, s)
    for (const u of this.units) {
      u.runStart -= shift
      u.periodStart -= shift
      u.startTime -= shift
    }
    this.policy.rebase(shift)
    this.touched = true
    if (this.trace !== null) this.trace.rebased(shift)
  }

  /** Stop every pCPU and forget every queue (for the steady-state fast-forward). */
  stopAll(): void {
    for (const p of this.pcpus) {
      if (p.curr) {
        const u = p.curr
        this.policy.sleep(u)
        this.stopRunning(u, p)
      }
      p.tickled = false
      this.timers.cancel(p.id)
    }
    this.countIdlePcpus()
    for (const u of this.units) {
      u.parked = false
      // Every unit is off its pCPU now; restartAll() queues it where its affinity allows.
      u.migrating = false
      this.timers.cancel(this.nP + u.idx)
    }
    this.timers.cancel(this.globalTimer)
  }

  private countIdlePcpus(): void {
    let n = 0
    for (const c of this.cpus) {
      const p = this.pcpus[c]
      if (p.curr === null && !p.tickled) n++
    }
    this.idlePcpus = n
  }

  /** Restart at this.now after stopAll: fresh policy state, every awake unit queued (runstates set by the caller). */
  restartAll(): void {
    this.policy.reset(this.now)
    for (const u of this.units) {
      u.canRun = !u.down && u.d.pauseCount === 0
      if (u.down) continue
      if (!u.awake) continue
      if (u.canRun) this.policy.wake(u)
    }
  }
}

/**
 * Move the epoch forward by `shift` for the whole host: each pool's engine
 * moves its own times, then the host's clock and every vCPU's runstate move
 * once (see Engine.rebase).
 */
export function rebaseHost(host: Host, engines: readonly Engine[], shift: number): void {
  const epoch = epochNs(host) + BigInt(shift)
  for (const e of engines) e.rebaseOwn(shift)
  host.now -= shift
  for (const d of host.domains.values()) for (const v of d.vcpus) rebaseRunstate(v.runstate, shift, epoch)
  host.sched.epochNs = epoch.toString()
}

/**
 * Where pool `id`'s engine keeps its saved state: pool 0 in host.sched
 * itself (as before pools), another pool in host.sched.poolSched[id].
 */
export function savedSlot(host: Host, id: number): Json {
  if (id === 0) return host.sched
  const all = host.sched.poolSched as Record<string, Json> | undefined
  return all?.[id] ?? EMPTY
}

const EMPTY: Json = Object.freeze({}) as Json

/** Write pool `id`'s saved state (keeping what host.sched holds beside pool 0's); returns the slot. */
function writeSlot(host: Host, id: number, state: Json): Json {
  const cur = host.sched
  if (id !== 0) {
    const all = {...(cur.poolSched as Record<string, Json> | undefined), [id]: state}
    cur.poolSched = all
    return state
  }
  const keep: Json = {}
  for (const k of ['fastForwardNs', 'epochNs', 'cpupools', 'poolSched']) if (cur[k] !== undefined) keep[k] = cur[k]
  host.sched = {...state, ...keep}
  return host.sched
}
