// The guest kernel's per-CPU time accounting: what /proc/stat shows
// (kernel/sched/cputime.c, fs/proc/stat.c) and what its run-queue clock does
// with steal (kernel/sched/core.c update_rq_clock_task).
//
// Accounting is brought up to date whenever it is read, from the vCPU's
// runstate (what the guest's steal clock reads), the way the kernel's ticks
// would have split the interval:
//  - ticks fire only while the vCPU runs (Xen delivers VIRQ_TIMER to a
//    running vCPU; one that is descheduled takes no tick), so user and system
//    time come from running time only: time the vCPU spent runnable or
//    offline is never sampled as user time;
//  - NO_HZ idle: an idle CPU stops its tick and /proc/stat reads its idle
//    (iowait) time from the NO_HZ sleep time (fs/proc/stat.c get_idle_time),
//    i.e. the time it was blocked;
//  - steal is charged at a tick, so steal that accrued while the vCPU is
//    still descheduled shows only once it runs again. With the steal clock
//    (paravirt_steal_enabled) it is the clock's delta; Linux 4.6 x86 without
//    one counts whole ticks of runnable + offline time in its timer interrupt
//    (arch/x86/xen/time.c do_stolen_accounting); a kernel with neither counts
//    none, and its /proc/stat total falls behind uptime by that time.
// Not modelled: the one tick a preempted vCPU takes on resuming for a
// boundary it missed, and wake-up latency counted in both idle and steal.
import type {Host} from '../hypervisor/host.js'
import type {Domain, Vcpu} from '../hypervisor/domain.js'
import {decodeRunstate, layoutOf, runstateAt, runstateTime, type RunstateArea} from '../hypervisor/runstate.js'
import {RUNSTATE_offline, RUNSTATE_runnable} from '../hypervisor/types.js'
import {workloadOf} from '../hypervisor/sched/workload.js'
import {findKernel} from './kernels.js'

/** CONFIG_HZ of a typical distro kernel: one tick is 4 ms. */
export const HZ = 250
export const TICK_NS = 1e9 / HZ
/** /proc/stat counts in USER_HZ (100) units. */
export const USER_HZ = 100
const NS_PER_USER_HZ = 1e9 / USER_HZ

export const STAT_FIELDS = ['user', 'nice', 'system', 'idle', 'iowait', 'irq', 'softirq', 'steal', 'guest', 'guest_nice'] as const
export type StatField = typeof STAT_FIELDS[number]

/** How this guest's kernel accounts steal into /proc/stat. */
export type StealAccounting = 'steal-clock' | 'steal-clock-ticks' | 'stolen-ticks' | 'none'

/** Per guest CPU accounting, kept in GuestState.cpus[i] (plain data, persisted). */
export interface CpuAccounting {
  /** Runstate times [running, runnable, blocked, offline] at the last update. */
  seen: [number, number, number, number]
  /** Accounted ns per /proc/stat field. */
  ns: Record<StatField, number>
  /** Steal-clock ns already charged (rq->prev_steal_time; do_stolen_accounting's snapshot less its residual). */
  stealCharged: number
  /** Steal-clock ns the run-queue clock has seen (rq->prev_steal_time_rq). */
  stealRq: number
  /** Run-queue clock (rq->clock) and task clock (rq->clock_task), ns. */
  rqClock: number
  rqClockTask: number
  /** Counters at the last `xl guest-stat`, for top-like percentages. */
  prev: Record<StatField, number> | null
  /**
   * drivers/xen/time.c old_runstate_time (Linux 4.15+): totals of the
   * domains this guest ran in before a resume, added to what the current
   * domain's runstate says. Absent: none (or a kernel without the fix).
   */
  oldRunstate?: [number, number, number, number]
}

/** 2^64: the kernel's steal deltas are u64 differences. */
const TWO_64 = 2 ** 64

function zero(): Record<StatField, number> {
  return Object.fromEntries(STAT_FIELDS.map(f => [f, 0])) as Record<StatField, number>
}

function accountingOf(d: Domain, cpu: number): CpuAccounting {
  const slot = d.guest.cpus[cpu] as (Partial<CpuAccounting> & {residual?: number}) | undefined
  if (slot && slot.seen && slot.ns) {
    // A slot saved before steal was tracked as a charged total: what it charged so far.
    if (typeof slot.stealCharged !== 'number') slot.stealCharged = slot.ns.steal + (slot.residual ?? 0)
    if (typeof slot.stealRq !== 'number') slot.stealRq = (slot.rqClock ?? 0) - (slot.rqClockTask ?? 0)
    delete slot.residual
    return slot as CpuAccounting
  }
  const fresh: CpuAccounting = {seen: [0, 0, 0, 0], ns: zero(), stealCharged: 0, stealRq: 0, rqClock: 0, rqClockTask: 0, prev: null}
  d.guest.cpus[cpu] = fresh as unknown as Record<string, unknown>
  return fresh
}

/** The guest's steal accounting, from what its kernel set up at boot. */
export function stealAccountingOf(g: Domain['guest']): StealAccounting {
  // paravirt_steal_enabled is set wherever the steal clock is installed
  // (drivers/xen/time.c xen_time_setup_guest; Linux 4.6 ARM xen_guest_init),
  // whatever CONFIG_PARAVIRT_TIME_ACCOUNTING says: kernel/sched/cputime.c
  // reads it under CONFIG_PARAVIRT, which every Xen guest kernel has.
  if (g.stealClock) return findKernel(g.kernel)?.stealInWholeTicks ? 'steal-clock-ticks' : 'steal-clock'
  return g.tickStolenAccounting ? 'stolen-ticks' : 'none'
}

/** How the CPU's own running time splits between user and system for its workload. */
function userShare(v: Vcpu): number {
  const w = workloadOf(v.workload)
  return w.kind === 'cpu' || w.kind === 'duty' ? 0.97 : w.kind === 'io' ? 0.3 : 0.2
}

/**
 * The guest resumed in a new domain, whose runstate starts again from 0:
 * the accounting's last look at the runstate restarts from there, and the
 * totals xen_manage_runstate_time(0) adds back (null for a kernel without
 * it) join old_runstate_time. prev_steal_time and prev_steal_time_rq are
 * left as they were: kernel/sched never learns that the clock moved.
 */
export function restartAccounting(d: Domain, cpu: number, delta: readonly number[] | null): void {
  const acc = accountingOf(d, cpu)
  acc.seen = [0, 0, 0, 0]
  if (delta) {
    const old = acc.oldRunstate ?? [0, 0, 0, 0]
    acc.oldRunstate = old.map((t, i) => t + delta[i]) as CpuAccounting['seen']
  }
}

/** xen_steal_clock(): runnable + offline of the area plus old_runstate_time. */
function stealBase(acc: CpuAccounting): number {
  return acc.oldRunstate ? acc.oldRunstate[RUNSTATE_runnable] + acc.oldRunstate[RUNSTATE_offline] : 0
}

/**
 * xen_steal_clock() reads the guest's copy: where Xen lost copies (ARM,
 * kernel unmapped at EL0), that copy is stale and the steal clock lags,
 * then jumps, at each update that got through.
 */
function stealInArea(area: RunstateArea): number {
  const r = decodeRunstate(area.bytes, layoutOf(area))
  return Number(r.time[RUNSTATE_runnable] + r.time[RUNSTATE_offline])
}

/** Bring one guest CPU's accounting up to `host.now`. */
export function accountCpu(host: Host, d: Domain, v: Vcpu): CpuAccounting {
  const acc = accountingOf(d, v.vcpuId)
  if (!d.guest.booted) return acc
  const rs = runstateAt(v.runstate, host.now)
  // Whole totals (the record's time[] is only their low part once the host's epoch moved).
  const totals = [0, 1, 2, 3].map(i => runstateTime(rs, i)) as CpuAccounting['seen']
  const [dRun, dRunnable, dBlocked, dOffline] = totals.map((t, i) => t - acc.seen[i])
  acc.seen = totals
  const g = d.guest
  // Steal the CPU's ticks have had a chance to see: not what accrues while
  // it is still waiting (no tick fires until it runs again).
  const waiting = rs.state === RUNSTATE_runnable || rs.state === RUNSTATE_offline ? host.now - rs.entryTime : 0
  const seenByTicks = (v.runstateArea?.lostUpdates ? stealInArea(v.runstateArea) : totals[RUNSTATE_runnable] + totals[RUNSTATE_offline] - waiting) + stealBase(acc)
  const mode = stealAccountingOf(g)
  const due = seenByTicks - acc.stealCharged
  if (due < 0) {
    // The steal clock went back (a resume in a new domain without
    // xen_manage_runstate_time). steal_account_process_time() takes the u64
    // difference: with ns cputime (Linux 4.11+) adding it wraps /proc/stat
    // steal back by as much; with jiffy cputime it adds an absurd number of
    // jiffies. Either way prev_steal_time lands on the new clock. Linux 4.6
    // x86's do_stolen_accounting() clamps a negative delta to 0.
    if (mode === 'steal-clock') acc.ns.steal += due
    else if (mode === 'steal-clock-ticks') acc.ns.steal += Math.floor((TWO_64 + due) / TICK_NS) * TICK_NS
    acc.stealCharged = seenByTicks
  } else {
    // steal-clock: Linux 6.1 account_process_tick() -> steal_account_process_time(ULONG_MAX) charges all of it;
    // Linux 4.6 steal_account_process_tick() whole jiffies (jiffy cputime), the rest
    // carried in prev_steal_time; do_stolen_accounting() whole ticks, the rest in
    // xen_residual_stolen.
    const charged = mode === 'steal-clock' ? due : mode === 'none' ? 0 : Math.floor(due / TICK_NS) * TICK_NS
    acc.ns.steal += charged
    acc.stealCharged += mode === 'none' ? due : charged
  }
  // Ticks fire only while running: running time is user/system, never the
  // time the vCPU waited for a pCPU.
  const user = Math.round(dRun * userShare(v))
  acc.ns.user += user
  acc.ns.system += dRun - user
  if (workloadOf(v.workload).kind === 'io') acc.ns.iowait += dBlocked
  else acc.ns.idle += dBlocked
  // update_rq_clock_task(): the task clock skips steal only with runqueue
  // steal time (paravirt_steal_rq_enabled, read under CONFIG_PARAVIRT_TIME_ACCOUNTING).
  const elapsed = dRun + dRunnable + dBlocked + dOffline
  // Steal beyond the clock's delta waits for the next update (prev_steal_time_rq).
  // The difference is u64: a clock that went back gives a huge one, clamped
  // to the delta on every update, so the task clock stops (100% steal) until
  // prev_steal_time_rq wraps, centuries later.
  const rqDue = seenByTicks - acc.stealRq
  const rqSteal = g.stealRqEnabled ? Math.min(elapsed, rqDue < 0 ? TWO_64 + rqDue : rqDue) : 0
  acc.stealRq = g.stealRqEnabled ? acc.stealRq + rqSteal : seenByTicks
  acc.rqClock += elapsed
  acc.rqClockTask += elapsed - rqSteal
  return acc
}

export interface CpuStat {
  cpu: number
  online: boolean
  /** /proc/stat values in USER_HZ. */
  ticks: Record<StatField, number>
  /** Share of each field since the previous `xl guest-stat`, percent. */
  pct: Record<StatField, number>
  /** The steal clock: time[runnable] + time[offline] of the vCPU, ns. */
  stealClockNs: number
  stealAccountedNs: number
  rqClockNs: number
  rqClockTaskNs: number
}

function toUserHz(ns: Record<StatField, number>): Record<StatField, number> {
  return Object.fromEntries(STAT_FIELDS.map(f => [f, Math.floor(ns[f] / NS_PER_USER_HZ)])) as Record<StatField, number>
}

/** What the guest's /proc/stat shows now; remembers it for the next interval. */
export function guestStat(host: Host, d: Domain): CpuStat[] {
  return d.vcpus.map(v => {
    const acc = accountCpu(host, d, v)
    const prev = acc.prev ?? zero()
    const delta = STAT_FIELDS.map(f => acc.ns[f] - prev[f])
    const total = delta.reduce((a, b) => a + b, 0)
    const pct = Object.fromEntries(STAT_FIELDS.map((f, i) => [f, total > 0 ? (100 * delta[i]) / total : 0])) as Record<StatField, number>
    acc.prev = {...acc.ns}
    const rs = runstateAt(v.runstate, host.now)
    return {
      cpu: v.vcpuId, online: v.online, ticks: toUserHz(acc.ns), pct,
      stealClockNs: runstateTime(rs, 1) + runstateTime(rs, 3) + stealBase(acc), stealAccountedNs: acc.ns.steal,
      rqClockNs: acc.rqClock, rqClockTaskNs: acc.rqClockTask,
    }
  })
}
