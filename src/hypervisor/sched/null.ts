// Xen's null scheduler (xen/common/sched/null.c): each pCPU runs either
// nothing or always the same unit, the one assigned to it.
//  - a unit is assigned to a free pCPU of its affinity when it is inserted,
//    woken after being offline, or migrated (pick_res: its own pCPU if free
//    and allowed, else the first free one of its soft, then hard, affinity);
//  - a unit that finds no free pCPU waits in the waitqueue, runnable (its
//    guest sees steal), until a pCPU is freed: a unit going offline, being
//    removed or moved elsewhere hands its pCPU to the first waiter that may
//    run there (unit_deassign), and a free pCPU that reschedules takes one;
//  - no time slicing and no preemption: a pCPU whose unit blocks stays
//    idle, even with units waiting.
// "Online" is Xen's is_unit_online(): the vCPU is up and its domain is not
// being destroyed (a shut-down domain keeps its pCPUs until then).
import type {Domain} from '../domain.js'
import {formatRanges} from '../domain.js'
import {Pcpu, Unit, hardAllows, hasSoftAffinity, softPrefers, type SchedCore, type SchedPolicy} from './policy.js'
import {cpuTopology} from './topology.js'
import {TRC_SNULL_MIGRATE, TRC_SNULL_PICKED_CPU, TRC_SNULL_SCHEDULE, TRC_SNULL_UNIT_ASSIGN, TRC_SNULL_UNIT_DEASSIGN} from '../trace/events.js'

type Json = Record<string, unknown>

function isOnline(u: Unit): boolean {
  return u.v.online && !u.d.dying
}

export class Null implements SchedPolicy {
  readonly name = 'null' as const
  private e!: SchedCore
  /** null_pcpu.unit: the unit assigned to each pCPU. */
  assigned: (Unit | null)[] = []
  waitq: Unit[] = []

  init(e: SchedCore, saved: Json | undefined): void {
    this.e = e
    const a = Array.isArray(saved?.assigned) ? saved.assigned as (string | null)[] : []
    for (let c = 0; c < e.nP; c++) {
      const u = typeof a[c] === 'string' ? e.byKey.get(a[c] as string) : undefined
      this.assigned.push(u && u.rq >= 0 && !this.assigned.includes(u) ? u : null)
    }
    for (const key of (Array.isArray(saved?.waitq) ? saved.waitq as string[] : [])) {
      const u = e.byKey.get(key)
      if (u && u.rq >= 0 && !this.assigned.includes(u) && !this.waitq.includes(u)) this.waitq.push(u)
    }
  }

  save(): Json {
    return {assigned: this.assigned.map(u => u ? u.key : null), waitq: this.waitq.map(u => u.key)}
  }

  /** null_unit_insert(). */
  insertUnit(u: Unit): void {
    u.rq = 0
    if (!isOnline(u)) return
    const cpu = this.pickRes(u)
    u.v.processor = cpu
    if (this.assigned[cpu] === null) this.assign(u, cpu)
    else this.waitq.push(u)
  }

  /** null_unit_remove(). */
  removeUnit(u: Unit): void {
    if (this.inWaitq(u)) this.waitqRemove(u)
    else if (this.assigned[u.v.processor] === u) this.deassign(u)
  }

  /** null_unit_sleep(): a unit going offline leaves its pCPU or the waitqueue. */
  sleep(u: Unit): void {
    let tickled = false
    if (!isOnline(u)) {
      if (this.inWaitq(u)) this.waitqRemove(u)
      else if (this.assigned[u.v.processor] === u) tickled = this.deassign(u)
    }
    if (!tickled && u.cpu >= 0) this.e.tickle(this.e.pcpus[u.cpu])
  }

  /** A blocked unit went down (vcpu_sleep_nosync() reaches null_unit_sleep() whatever the unit was doing). */
  down(u: Unit): void {
    if (u.cpu < 0 && !isOnline(u)) this.sleep(u)
  }

  /** null_unit_wake(). */
  wake(u: Unit): void {
    const e = this.e
    if (u.cpu >= 0 || this.inWaitq(u)) return
    const cpu = u.v.processor
    if (this.assigned[cpu] === u) {
      e.tickle(e.pcpus[cpu])
      return
    }
    // Back online: its old pCPU, if free and allowed (and in its soft affinity, if it has one).
    if (this.assigned[cpu] === null && hardAllows(u.v, cpu) && (!hasSoftAffinity(u.v, e.nP) || softPrefers(u.v, cpu))) {
      this.assign(u, cpu)
      e.tickle(e.pcpus[cpu])
      return
    }
    this.waitq.push(u)
    for (let c = 0; c < e.nP; c++) if (this.assigned[c] === null && hardAllows(u.v, c)) e.tickle(e.pcpus[c])
  }

  /** null.c has no adjust_affinity. */
  adjustAffinity(): void {}

  /** null_res_pick() is pick_res(). */
  pickResource(u: Unit): number {
    return this.pickRes(u)
  }

  /** null_unit_migrate(). */
  migrate(u: Unit, cpu: number): void {
    if (u.v.processor === cpu) return
    // TRC_SNULL_MIGRATE {uint16_t unit, dom, cpu, new_cpu} (null.c:703).
    if (this.e.trace !== null) this.e.trace.classEvent(u.v.processor, TRC_SNULL_MIGRATE, 2, u.v.vcpuId | (u.d.domid << 16), (u.v.processor & 0xffff) | ((cpu & 0xffff) << 16), 0, 0)
    if (this.assigned[u.v.processor] === u) this.deassign(u)
    if (!isOnline(u)) {
      if (this.inWaitq(u)) this.waitqRemove(u)
    } else if (this.assigned[cpu] === null && hardAllows(u.v, cpu)) {
      if (this.inWaitq(u)) this.waitqRemove(u)
      this.assign(u, cpu)
    } else if (!this.inWaitq(u)) {
      this.waitq.push(u)
    }
    u.v.processor = cpu
  }

  /** null_schedule(): the pCPU's unit if it can run; a free pCPU first takes a waiter it may run. */
  doSchedule(p: Pcpu): Unit | null {
    this.e.slice = -1
    let next = this.assigned[p.id]
    // TRC_SNULL_SCHEDULE {uint16_t tasklet, cpu; int16_t unit, dom} (null.c:839): -1, -1 with no unit assigned.
    if (this.e.trace !== null) this.e.trace.classEvent(p.id, TRC_SNULL_SCHEDULE, 2, (p.id & 0xffff) << 16, next === null ? -1 : next.v.vcpuId | (next.d.domid << 16), 0, 0)
    if (next === null && this.waitq.length > 0) {
      const w = this.firstWaiterFor(p.id)
      if (w) {
        this.waitqRemove(w)
        this.assign(w, p.id)
        next = w
      }
    }
    return next !== null && next.runnable ? next : null
  }

  onTimer(): void {}

  adjust(_d: Domain): void {}

  paramsChanged(): void {}

  rebase(): void {}

  /** Nothing to forget: the assignment is the schedule. */
  reset(): void {}

  /** null_dump(). */
  dump(): string[] {
    const e = this.e
    const free: number[] = []
    for (const c of e.cpus) if (this.assigned[c] === null) free.push(c)
    const out = [`\tcpus_free = ${formatRanges(free)}`, 'Domain info:']
    let loop = 0
    let last = -1
    for (const u of e.units) {
      if (u.d.domid !== last) {
        last = u.d.domid
        out.push(`\tDomain: ${u.d.domid}`)
      }
      out.push(`\t${String(++loop).padStart(3)}: ${this.dumpUnit(u)}`)
    }
    let s = 'Waitqueue: '
    loop = 0
    for (const u of this.waitq) {
      if (loop++ !== 0) s += ', '
      if (loop % 24 === 0) s += '\n\t'
      s += `d${u.d.domid}v${u.v.vcpuId}`
    }
    out.push(...s.split('\n'))
    return out
  }

  /** null_dump_pcpu(): the pCPU, its unit, and what runs there. */
  dumpPcpu(p: Pcpu): string[] {
    const topo = cpuTopology(this.e.host)
    const core = topo.coreMaskOf(p.id)
    const a = this.assigned[p.id]
    const out = [`CPU[${String(p.id).padStart(2, '0')}] sibling={${p.id}}, core={${formatRanges(core)}}${a ? `, unit=d${a.d.domid}v${a.v.vcpuId}` : ''}`]
    if (p.curr) out.push(`\trun: ${this.dumpUnit(p.curr)}`)
    return out
  }

  /** The pCPU's assigned unit while it waits for the pCPU to pick it (the waitqueue belongs to no pCPU). */
  queueOf(p: Pcpu): Unit[] {
    const a = this.assigned[p.id]
    return a !== null && a.cpu < 0 && a.runnable ? [a] : []
  }

  /** A unit in the waitqueue waits for a pCPU to be freed, not for a pCPU to pick it. */
  waitsForPolicy(u: Unit): boolean {
    return this.inWaitq(u)
  }

  /** Steady shares: an assigned unit has its pCPU to itself, a waiter gets nothing. */
  steadyRates(units: {u: Unit; demand: number}[]): Map<Unit, number> {
    const rate = new Map<Unit, number>()
    for (const {u, demand} of units) rate.set(u, this.assigned.includes(u) ? demand : 0)
    return rate
  }

  // ---- internals ----

  private dumpUnit(u: Unit): string {
    return `[${u.d.domid}.${u.v.vcpuId}] pcpu=${this.inWaitq(u) ? -1 : u.v.processor}`
  }

  private inWaitq(u: Unit): boolean {
    return this.waitq.includes(u)
  }

  private waitqRemove(u: Unit): void {
    const i = this.waitq.indexOf(u)
    if (i >= 0) this.waitq.splice(i, 1)
  }

  /** unit_assign(): traced as TRC_SNULL_UNIT_ASSIGN {uint16_t unit, dom; uint32_t cpu} (null.c:366), on that pCPU. */
  private assign(u: Unit, cpu: number): void {
    this.assigned[cpu] = u
    u.v.processor = cpu
    if (this.e.trace !== null) this.e.trace.classEvent(cpu, TRC_SNULL_UNIT_ASSIGN, 2, u.v.vcpuId | (u.d.domid << 16), cpu, 0, 0)
  }

  /** unit_deassign(): the pCPU goes to the first waiter that may run there; true when it tickled it. */
  private deassign(u: Unit): boolean {
    const cpu = u.v.processor
    this.assigned[cpu] = null
    // TRC_SNULL_UNIT_DEASSIGN {uint16_t unit, dom; uint32_t cpu} (null.c:397).
    if (this.e.trace !== null) this.e.trace.classEvent(cpu, TRC_SNULL_UNIT_DEASSIGN, 2, u.v.vcpuId | (u.d.domid << 16), cpu, 0, 0)
    const w = this.firstWaiterFor(cpu)
    if (!w) return false
    this.waitqRemove(w)
    this.assign(w, cpu)
    this.e.tickle(this.e.pcpus[cpu])
    return true
  }

  /** The waitqueue in order, units with soft affinity for cpu first (for_each_affinity_balance_step). */
  private firstWaiterFor(cpu: number): Unit | null {
    const nP = this.e.nP
    for (const w of this.waitq) if (hasSoftAffinity(w.v, nP) && softPrefers(w.v, cpu)) return w
    for (const w of this.waitq) if (hardAllows(w.v, cpu)) return w
    return null
  }

  /** pick_res(): traced at its end as TRC_SNULL_PICKED_CPU {uint16_t unit, dom; uint32_t new_cpu} (null.c:338), on the unit's pCPU. */
  private pickRes(u: Unit): number {
    const cpu = this.pickCpu(u)
    if (this.e.trace !== null) this.e.trace.classEvent(u.v.processor, TRC_SNULL_PICKED_CPU, 2, u.v.vcpuId | (u.d.domid << 16), cpu, 0, 0)
    return cpu
  }

  private pickCpu(u: Unit): number {
    const e = this.e
    const nP = e.nP
    const cpu = Math.min(Math.max(0, u.v.processor), nP - 1)
    const steps = hasSoftAffinity(u.v, nP) ? [true, false] : [false]
    for (const soft of steps) {
      const ok = (c: number) => soft ? softPrefers(u.v, c) : hardAllows(u.v, c)
      if ((this.assigned[cpu] === null || this.assigned[cpu] === u) && ok(cpu)) return cpu
      for (let c = 0; c < nP; c++) if (this.assigned[c] === null && ok(c)) return c
    }
    // No free pCPU: any allowed one (cpumask_any picks at random; the first keeps the run reproducible).
    for (let c = 0; c < nP; c++) if (hardAllows(u.v, c)) return c
    return cpu
  }
}
