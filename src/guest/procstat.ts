// The guest kernel's per-CPU time accounting: what /proc/stat shows
// (kernel/sched/cputime.c) and what its run-queue clock does with steal
// (update_rq_clock_task with paravirt_steal_rq_enabled).
//
// Accounting is brought up to date whenever it is read: the interval since
// the last update is split the way the kernel's ticks would split it, from
// the vCPU's runstate (which is what the guest's steal clock reads).
import type {Host} from '../hypervisor/host.js'
import type {Domain, Vcpu} from '../hypervisor/domain.js'
import {runstateAt, runstateTime} from '../hypervisor/runstate.js'
import {workloadOf} from '../hypervisor/sched/workload.js'

/** CONFIG_HZ of a typical distro kernel: one tick is 4 ms. */
export const HZ = 250
export const TICK_NS = 1e9 / HZ
/** /proc/stat counts in USER_HZ (100) units. */
export const USER_HZ = 100
const NS_PER_USER_HZ = 1e9 / USER_HZ

export const STAT_FIELDS = ['user', 'nice', 'system', 'idle', 'iowait', 'irq', 'softirq', 'steal', 'guest', 'guest_nice'] as const
export type StatField = typeof STAT_FIELDS[number]

/** Per guest CPU accounting, kept in GuestState.cpus[i] (plain data, persisted). */
export interface CpuAccounting {
  /** Runstate times [running, runnable, blocked, offline] at the last update. */
  seen: [number, number, number, number]
  /** Accounted ns per /proc/stat field. */
  ns: Record<StatField, number>
  /** linux-4.6 x86: stolen ns not yet a whole tick (do_stolen_accounting's residual). */
  residual: number
  /** Run-queue clock (rq->clock) and task clock (rq->clock_task), ns. */
  rqClock: number
  rqClockTask: number
  /** Counters at the last `xl guest-stat`, for top-like percentages. */
  prev: Record<StatField, number> | null
}

function zero(): Record<StatField, number> {
  return Object.fromEntries(STAT_FIELDS.map(f => [f, 0])) as Record<StatField, number>
}

function accountingOf(d: Domain, cpu: number): CpuAccounting {
  const slot = d.guest.cpus[cpu] as Partial<CpuAccounting> | undefined
  if (slot && slot.seen) return slot as CpuAccounting
  const fresh: CpuAccounting = {seen: [0, 0, 0, 0], ns: zero(), residual: 0, rqClock: 0, rqClockTask: 0, prev: null}
  d.guest.cpus[cpu] = fresh as unknown as Record<string, unknown>
  return fresh
}

/** How the CPU's own running time splits between user and system for its workload. */
function userShare(v: Vcpu): number {
  const w = workloadOf(v.workload)
  return w.kind === 'cpu' || w.kind === 'duty' ? 0.97 : w.kind === 'io' ? 0.3 : 0.2
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
  const stolen = dRunnable + dOffline
  let stealCharged = 0
  let lost = 0
  if (g.stealEnabled) {
    // steal_account_process_time(): the steal clock's delta is steal.
    stealCharged = stolen
  } else if (g.tickStolenAccounting) {
    // Linux 4.6 x86 do_stolen_accounting(): whole ticks of stolen time, the rest carried.
    const total = stolen + acc.residual
    stealCharged = Math.floor(total / TICK_NS) * TICK_NS
    acc.residual = total - stealCharged
  } else {
    // No steal accounting: ticks charge the lost time to what the CPU was doing.
    lost = stolen
  }
  acc.ns.steal += stealCharged
  const w = workloadOf(v.workload)
  const busy = w.kind === 'cpu' || w.kind === 'duty'
  const run = dRun + (busy ? lost : 0)
  const user = Math.round(run * userShare(v))
  acc.ns.user += user
  acc.ns.system += run - user
  const idle = dBlocked + (busy ? 0 : lost)
  if (w.kind === 'io') acc.ns.iowait += idle
  else acc.ns.idle += idle
  // update_rq_clock_task(): the task clock skips steal only with runqueue steal time.
  const elapsed = dRun + dRunnable + dBlocked + dOffline
  acc.rqClock += elapsed
  acc.rqClockTask += g.stealRqEnabled ? elapsed - Math.min(elapsed, dRunnable + dOffline) : elapsed
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
      stealClockNs: runstateTime(rs, 1) + runstateTime(rs, 3), stealAccountedNs: acc.ns.steal,
      rqClockNs: acc.rqClock, rqClockTaskNs: acc.rqClockTask,
    }
  })
}
