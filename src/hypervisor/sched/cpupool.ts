// Cpupools as plain data (xen/common/sched/cpupool.c: struct cpupool): an
// id, the scheduler it runs, its pCPUs (cpu_valid) and, for the toolstack,
// the name libxl keeps in xenstore (/local/pool/<id>/name). Pool 0 is made
// at boot with every pCPU and the boot scheduler (host.config.sched), its
// parameters are host.schedParams; a pCPU belongs to at most one pool, the
// others are free (cpupool_free_cpus). Kept in host.sched.cpupools (JSON);
// a host saved before pools existed has Pool-0 only.
import type {Host, SchedParams} from '../host.js'
import type {Domain} from '../domain.js'
import {SCHEDULERS, type SchedulerName} from '../types.js'

export interface Cpupool {
  id: number
  name: string
  sched: SchedulerName
  /** cpu_valid, sorted. */
  cpus: number[]
  /** The pool's own scheduler parameters (pool 0 uses host.schedParams). */
  params: SchedParams
}

/** CPUPOOLID_NONE: a domain in no pool (never the case for a running one here). */
export const CPUPOOLID_NONE = -1

function defaultPool0(host: Host): Cpupool {
  return {id: 0, name: 'Pool-0', sched: host.config.sched, cpus: allCpus(host), params: host.schedParams}
}

function allCpus(host: Host): number[] {
  return Array.from({length: host.config.cpus}, (_, i) => i)
}

function isPool(x: unknown): x is Cpupool {
  const p = x as Cpupool
  return typeof p === 'object' && p !== null && Number.isInteger(p.id) && typeof p.name === 'string' &&
    SCHEDULERS.includes(p.sched) && Array.isArray(p.cpus)
}

/** Every pool, by id (the list libxl_list_cpupool walks). Pool 0 always first. */
export function cpupools(host: Host): Cpupool[] {
  const saved = host.sched.cpupools
  if (!Array.isArray(saved) || !saved.every(isPool) || saved.length === 0 || (saved[0] as Cpupool).id !== 0) {
    return [defaultPool0(host)]
  }
  const pools = (saved as Cpupool[]).map(p => ({...p, cpus: p.cpus.slice()}))
  // Pool 0's scheduler and parameters are the host's own.
  pools[0] = {...pools[0], sched: host.config.sched, params: host.schedParams}
  return pools
}

/** Store the pools (sorted by id) in host.sched. */
export function setCpupools(host: Host, pools: readonly Cpupool[]): void {
  const sorted = pools.slice().sort((a, b) => a.id - b.id)
  host.sched.cpupools = sorted.map(p => ({id: p.id, name: p.name, sched: p.sched, cpus: p.cpus.slice().sort((a, b) => a - b),
    params: p.id === 0 ? undefined : {...p.params}}))
}

export function cpupoolById(host: Host, id: number): Cpupool | undefined {
  return cpupools(host).find(p => p.id === id)
}

/** Pool `id`'s name without copying the list (xl list asks once per domain). */
export function cpupoolName(host: Host, id: number): string | undefined {
  const saved = host.sched.cpupools
  if (!Array.isArray(saved) || saved.length === 0) return id === 0 ? 'Pool-0' : undefined
  for (const p of saved as Cpupool[]) if (p?.id === id && typeof p.name === 'string') return p.name
  return undefined
}

/** The pool a domain is in (d->cpupool); one saved before pools existed is in pool 0. */
export function domainPoolId(d: Domain): number {
  return typeof d.cpupool === 'number' ? d.cpupool : 0
}

/** cpupool_free_cpus: the pCPUs in no pool. */
export function freeCpus(host: Host): number[] {
  const used = new Set<number>()
  for (const p of cpupools(host)) for (const c of p.cpus) used.add(c)
  return allCpus(host).filter(c => !used.has(c))
}

/** n_dom of each pool. */
export function poolDomainCount(host: Host, id: number): number {
  let n = 0
  for (const d of host.domains.values()) if (domainPoolId(d) === id) n++
  return n
}
