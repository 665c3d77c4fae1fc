// Building simulated hosts directly with the core, for scheduler tests and the benchmark.
import {DEFAULT_HOST_CONFIG, newHost, type Host, type HostConfig} from '../../../src/hypervisor/host.js'
import {newVcpu, type Domain} from '../../../src/hypervisor/domain.js'
import {domainChanged, dumpRunqueues, saveScheduler, vcpuAffinityChanged} from '../../../src/hypervisor/sched/index.js'
import {NS_PER_S, type SchedulerName} from '../../../src/hypervisor/types.js'
import {cpupoolById} from '../../../src/hypervisor/sched/cpupool.js'

export const S = NS_PER_S
export const MS = 1_000_000

export function testHost(cpus: number, sched: SchedulerName = 'credit2', extra: Partial<HostConfig> = {}): Host {
  return newHost({...DEFAULT_HOST_CONFIG, cpus, sched, clock: 'manual', seed: 7, ...extra})
}

export interface GuestOptions {
  vcpus: number
  workload?: string | string[]
  weight?: number
  cap?: number
  hard?: number[] | null
  /** The cpupool it is made in (0 unless given): its vCPUs start on the pool's pCPUs. */
  pool?: number
}

/** Create a booted, running domain with the given vCPUs and workloads. */
export function addGuest(host: Host, name: string, opts: GuestOptions): Domain {
  const domid = host.nextDomid++
  const vcpus = []
  const poolCpus = cpupoolById(host, opts.pool ?? 0)!.cpus
  for (let i = 0; i < opts.vcpus; i++) {
    const v = newVcpu(i, host.now, true, poolCpus[i % poolCpus.length])
    const w = opts.workload ?? 'idle'
    v.workload = Array.isArray(w) ? w[i % w.length] : w
    v.hardAffinity = opts.hard ?? null
    vcpus.push(v)
  }
  const d: Domain = {
    domid, name, uuid: `00000000-0000-4000-8000-${String(domid).padStart(12, '0')}`,
    type: 'pv', guestBits: 64, memKiB: 131072, maxmemKiB: 131072,
    pauseCount: 0, shutdown: null, dying: false, vmAssist: 0n,
    vcpus, maxVcpus: opts.vcpus, createdAt: BigInt(host.now),
    weight: opts.weight ?? 256, cap: opts.cap ?? 0,
    ...(opts.pool ? {cpupool: opts.pool} : {}),
    onPoweroff: 'destroy', onReboot: 'restart', onCrash: 'destroy',
    config: {},
    guest: {
      kernel: 'linux-6.1', paravirtTimeAccounting: true, booted: true, stealClock: true,
      stealEnabled: true, runstateRemote: true, stealRqEnabled: true, tickStolenAccounting: false,
      console: '', cpus: [],
    },
  }
  host.domains.set(domid, d)
  domainChanged(host, d)
  return d
}

/** Running time of a domain's vCPUs, summed (ns), as of host.now. */
export function domainRun(host: Host, d: Domain): number {
  let t = 0
  for (const v of d.vcpus) t += v.runstate.time[0] + (v.runstate.state === 0 ? host.now - v.runstate.entryTime : 0)
  return t
}

export function timeAt(host: Host, v: Domain['vcpus'][number]): number[] {
  const t = [...v.runstate.time]
  t[v.runstate.state] += host.now - v.runstate.entryTime
  return t
}

/** Everything a save/reload test compares: time, rng, each vCPU's runstate and pCPU, the run queues. */
export function schedSnapshot(host: Host): string {
  return JSON.stringify({
    now: host.now, rng: host.rng,
    v: [...host.domains.values()].map(d => d.vcpus.map(v => [v.runstate, v.processor])),
    dump: dumpRunqueues(host),
  })
}

/** What a new process would see: only the JSON written as the host is persisted survives. */
export function reloadAsNewProcess(host: Host): void {
  saveScheduler(host)
  host.sched = JSON.parse(JSON.stringify(host.sched))
  for (const d of host.domains.values()) {
    for (const v of d.vcpus) {
      v.sched = JSON.parse(JSON.stringify(v.sched))
      v.runstate = JSON.parse(JSON.stringify(v.runstate))
    }
  }
}

/**
 * The stops the held-state tests compare a run at (`at(t)` advances the
 * host to t and records what it sees): 150 ms; domain 3 paused until
 * 300 ms; domain 5's vCPU 1 pinned to pCPUs 30-31 until 450 ms; then, when
 * `reload`, a reload as a new process; 600 ms.
 */
export function pausePinReload(host: Host, at: (t: number) => void, reload: boolean): void {
  at(150 * MS)
  const d3 = host.domains.get(3)!
  d3.pauseCount++
  domainChanged(host, d3)
  at(300 * MS)
  d3.pauseCount--
  domainChanged(host, d3)
  const d5 = host.domains.get(5)!
  d5.vcpus[1].hardAffinity = [30, 31]
  vcpuAffinityChanged(host, d5, d5.vcpus[1], true)
  at(450 * MS)
  if (reload) reloadAsNewProcess(host)
  at(600 * MS)
}
