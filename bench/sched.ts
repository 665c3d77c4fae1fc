// Scheduler benchmark : raw event rate (bare vCPUs, and every vCPU with a
// guest runstate area as booted Linux guests have), one simulated hour of a
// 64-pCPU / 256-vCPU host with mixed workloads, and one simulated second of
// hosts of 256, 512 and 1024 pCPUs (8 vCPUs per pCPU).
//   npx tsc -p . && node dist/bench/sched.js
import {pathToFileURL} from 'node:url'
import {DEFAULT_HOST_CONFIG, newHost, type Host} from '../src/hypervisor/host.js'
import {newVcpu, type Domain} from '../src/hypervisor/domain.js'
import {advanceTo, domainChanged, eventsHandled, setFastForward} from '../src/hypervisor/sched/index.js'
import {NS_PER_S, type SchedulerName} from '../src/hypervisor/types.js'
import {VMASST_TYPE_runstate_update_flag} from '../src/hypervisor/vm-assist.js'
import {median} from './startup.js'

function benchHost(cpus: number, sched: SchedulerName = 'credit2'): Host {
  return newHost({...DEFAULT_HOST_CONFIG, cpus, sched, clock: 'manual', seed: 42})
}

function addDomain(host: Host, nvcpus: number, workloads: string[]): Domain {
  const domid = host.nextDomid++
  const vcpus = Array.from({length: nvcpus}, (_, i) => {
    const v = newVcpu(i, host.now, true, (domid * 7 + i) % host.config.cpus)
    v.workload = workloads[i % workloads.length]
    return v
  })
  const d: Domain = {
    domid, name: `bench${domid}`, uuid: `00000000-0000-4000-8000-${String(domid).padStart(12, '0')}`,
    type: 'pv', guestBits: 64, memKiB: 131072, maxmemKiB: 131072, pauseCount: 0, shutdown: null,
    dying: false, vmAssist: 0n, vcpus, maxVcpus: nvcpus, createdAt: BigInt(host.now), weight: 256, cap: 0,
    onPoweroff: 'destroy', onReboot: 'restart', onCrash: 'destroy', config: {},
    guest: {
      kernel: 'linux-6.1', paravirtTimeAccounting: true, booted: true, stealClock: true, stealEnabled: true,
      runstateRemote: true, stealRqEnabled: true, tickStolenAccounting: false, console: '', cpus: [],
    },
  }
  host.domains.set(domid, d)
  return d
}

const MIXED = ['cpu', 'duty:50', 'io:10', 'idle', 'idle', 'duty:20:30ms', 'io:2', 'idle']

/** A host with `vcpus` vCPUs in 4-vCPU domains running the mixed workloads. */
export function mixedHost(cpus: number, vcpus: number, sched: SchedulerName = 'credit2'): Host {
  const host = benchHost(cpus, sched)
  for (let i = 0; i < vcpus / 4; i++) {
    addDomain(host, 4, MIXED.slice((i * 4) % MIXED.length, (i * 4) % MIXED.length + 4))
  }
  // One call makes the scheduler pick up every new domain (each call saves
  // the whole scheduler state, so a call per domain would be quadratic).
  domainChanged(host, host.domains.get(host.nextDomid - 1)!)
  return host
}

/**
 * Every vCPU registers its runstate area and every guest enables
 * VMASST_TYPE_runstate_update_flag, as booted Linux guests do: each context
 * switch then updates a guest copy, with the update-flag protocol.
 */
function withRunstateAreas(host: Host): Host {
  for (const d of host.domains.values()) {
    d.vmAssist |= 1n << BigInt(VMASST_TYPE_runstate_update_flag)
    for (const v of d.vcpus) v.runstateArea = {addr: 0x10000 + 64 * v.vcpuId, layout: 'native', bytes: new Uint8Array(48)}
  }
  return host
}

/**
 * Events per second of this process's CPU time (user + system), not of the
 * wall clock: the bench host is shared, and a process waiting for a core
 * should not count as a slow scheduler.
 */
function eventRate(sched: SchedulerName, areas = false): number {
  // Exact simulation of a contended host: every event counts.
  const host = areas ? withRunstateAreas(mixedHost(16, 64, sched)) : mixedHost(16, 64, sched)
  setFastForward(host, 0)
  const before = eventsHandled(host)
  const c0 = process.cpuUsage()
  advanceTo(host, 20 * NS_PER_S)
  const c = process.cpuUsage(c0)
  const secs = (c.user + c.system) / 1e6
  return (eventsHandled(host) - before) / secs
}

/** The policies of the event-rate figure (the slowest one's rate is reported). */
export const BENCH_POLICIES: readonly SchedulerName[] = ['credit2', 'credit', 'rtds', 'null']

/** Seconds of this process's CPU time (user + system) `f` takes (see eventRate). */
function cpuSeconds(f: () => void): number {
  const c0 = process.cpuUsage()
  f()
  const c = process.cpuUsage(c0)
  return (c.user + c.system) / 1e6
}

/** Create a host of `cpus` pCPUs and 8 vCPUs per pCPU (mixed workloads) and run it 1 s: seconds of CPU time. */
function bigHostSecond(cpus: number, sched: SchedulerName = 'credit2'): number {
  return cpuSeconds(() => advanceTo(mixedHost(cpus, 8 * cpus, sched), NS_PER_S))
}

/** The pCPU counts of the big-host figures (cost per simulated second should grow linearly). */
export const BIG_HOST_CPUS: readonly number[] = [256, 512, 1024]

export interface SchedulerFigures {
  eventsPerSecond: number
  eventsPerSecondBy: Record<string, number>
  eventsPerSecondWithAreas: number
  eventsPerSecondWithAreasBy: Record<string, number>
  oneHour64x256Seconds: number
  big1024x8192OneSecondSeconds: number
  bigOneSecondBy: Record<number, number>
  big1024OneSecondByPolicy: Record<string, number>
}

export async function benchScheduler(): Promise<SchedulerFigures> {
  // Every policy warmed up (JIT) first; then 5 rounds, the policies and
  // both kinds of host interleaved in each (so a load spike hits them
  // alike), the median per policy, and the slowest policy's figure is the
  // one reported.
  for (const s of BENCH_POLICIES) {
    eventRate(s)
    eventRate(s, true)
  }
  const runs: Record<string, number[]> = {}
  const areaRuns: Record<string, number[]> = {}
  for (let i = 0; i < 5; i++) {
    for (const s of BENCH_POLICIES) {
      (runs[s] ??= []).push(eventRate(s))
      ;(areaRuns[s] ??= []).push(eventRate(s, true))
    }
  }
  const eventsPerSecondBy: Record<string, number> = {}
  const eventsPerSecondWithAreasBy: Record<string, number> = {}
  for (const s of BENCH_POLICIES) {
    eventsPerSecondBy[s] = median(runs[s])
    eventsPerSecondWithAreasBy[s] = median(areaRuns[s])
  }
  const eventsPerSecond = Math.min(...Object.values(eventsPerSecondBy))
  const eventsPerSecondWithAreas = Math.min(...Object.values(eventsPerSecondWithAreasBy))

  const h = mixedHost(64, 256)
  const oneHour64x256Seconds = cpuSeconds(() => advanceTo(h, 3600 * NS_PER_S))

  // credit2 (the default) at each size, 3 rounds interleaved, the median.
  const bigRuns: Record<number, number[]> = {}
  for (let i = 0; i < 3; i++) for (const c of BIG_HOST_CPUS) (bigRuns[c] ??= []).push(bigHostSecond(c))
  const bigOneSecondBy: Record<number, number> = {}
  for (const c of BIG_HOST_CPUS) bigOneSecondBy[c] = median(bigRuns[c])
  const big1024x8192OneSecondSeconds = bigOneSecondBy[1024]
  // The other policies at the biggest size, once each.
  const big1024OneSecondByPolicy: Record<string, number> = {credit2: big1024x8192OneSecondSeconds}
  for (const s of BENCH_POLICIES) if (s !== 'credit2') big1024OneSecondByPolicy[s] = bigHostSecond(1024, s)

  return {
    eventsPerSecond, eventsPerSecondBy, eventsPerSecondWithAreas, eventsPerSecondWithAreasBy,
    oneHour64x256Seconds, big1024x8192OneSecondSeconds, bigOneSecondBy, big1024OneSecondByPolicy,
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const r = await benchScheduler()
  // `--json`: the figures for bench/run.ts, which runs this file in a process of its own.
  if (process.argv.includes('--json')) {
    process.stdout.write(JSON.stringify(r) + '\n')
  } else {
    console.log(`events/s (exact, contended 16x64):   ${Math.round(r.eventsPerSecond).toLocaleString('en-US')}`)
    for (const [s, v] of Object.entries(r.eventsPerSecondBy)) console.log(`  ${s.padEnd(8)} ${Math.round(v).toLocaleString('en-US')}`)
    console.log(`events/s with guest runstate areas:  ${Math.round(r.eventsPerSecondWithAreas).toLocaleString('en-US')}`)
    for (const [s, v] of Object.entries(r.eventsPerSecondWithAreasBy)) console.log(`  ${s.padEnd(8)} ${Math.round(v).toLocaleString('en-US')}`)
    console.log(`1 h of 64 pCPU / 256 vCPU (mixed):   ${r.oneHour64x256Seconds.toFixed(3)} s`)
    for (const [c, v] of Object.entries(r.bigOneSecondBy)) console.log(`create + 1 s of ${c} pCPU / ${8 * Number(c)} vCPU: ${v.toFixed(3)} s`)
    for (const [s, v] of Object.entries(r.big1024OneSecondByPolicy)) console.log(`  1024 pCPU, ${s.padEnd(8)} ${v.toFixed(3)} s`)
  }
}
