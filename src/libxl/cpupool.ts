// libxl_cpupool.c and the cpupool lookups of libxl_utils.c, as xl's
// cpupool commands (tools/xl/xl_cpupool.c) call them: each sysctl that
// fails logs libxl's line (file:line:function of Xen 4.17.7) and returns
// ERROR_FAIL; the pool names live beside the pools (xenstore's
// /local/pool/<id>/name in real libxl).
import type {Host} from '../hypervisor/host.js'
import type {Domain} from '../hypervisor/domain.js'
import {HypervisorError} from '../hypervisor/errno.js'
import {DOM0} from '../hypervisor/domctl.js'
import {
  cpupoolAddCpu, cpupoolCreate, cpupoolDestroy, cpupoolMoveDomain, cpupoolRemoveCpu, cpupoolRename,
} from '../hypervisor/sched/index.js'
import {cpupoolById, cpupoolName, cpupools, domainPoolId, poolDomainCount, type Cpupool} from '../hypervisor/sched/cpupool.js'
import type {SchedulerName} from '../hypervisor/types.js'
import {libxlLine} from './log.js'

/** glibc's strerror for the errnos the cpupool sysctls return. */
const STRERROR: Record<number, string> = {
  1: 'Operation not permitted', 2: 'No such file or directory', 3: 'No such process', 16: 'Device or resource busy',
  19: 'No such device', 22: 'Invalid argument', 28: 'No space left on device', 99: 'Cannot assign requested address',
}

function strerror(rc: number): string {
  return STRERROR[-rc] ?? `Unknown error ${-rc}`
}

/** libxl_scheduler (libxl_types.idl) by name, as libxl_scheduler_from_string reads it (case-insensitive). */
const LIBXL_SCHEDULERS = ['unknown', 'sedf', 'credit', 'credit2', 'arinc653', 'rtds', 'null'] as const
export type LibxlScheduler = typeof LIBXL_SCHEDULERS[number]

export function schedulerFromString(s: string): LibxlScheduler | null {
  return LIBXL_SCHEDULERS.find(n => n === s.toLowerCase()) ?? null
}

/** The schedulers this Xen build has (Debian's 4.17: no sedf, no arinc653). */
function builtIn(s: LibxlScheduler): s is SchedulerName {
  return s === 'credit' || s === 'credit2' || s === 'rtds' || s === 'null'
}

/** libxl_cpupool_qualifier_to_cpupoolid + libxl_cpupoolid_is_valid: the pool, or null ("unknown cpupool"). */
export function cpupoolByQualifier(host: Host, q: string): Cpupool | null {
  if (q.length > 0 && /^[0-9]+$/.test(q)) {
    // strtoul: a number past 32 bits names no pool.
    const id = Number(q)
    return Number.isSafeInteger(id) ? cpupoolById(host, id) ?? null : null
  }
  return cpupoolByName(host, q)
}

/** libxl_name_to_cpupoolid: the first pool (by id) with that name. */
export function cpupoolByName(host: Host, name: string): Cpupool | null {
  return cpupools(host).find(p => p.name === name) ?? null
}

/** libxl_cpupoolinfo as libxl_list_cpupool returns it. */
export interface CpupoolInfo {poolid: number; name: string; sched: SchedulerName; nDom: number; cpus: number[]}

export function listCpupools(host: Host): CpupoolInfo[] {
  return cpupools(host).map(p => ({poolid: p.id, name: p.name, sched: p.sched, nDom: poolDomainCount(host, p.id), cpus: p.cpus}))
}

/** The name of domain d's pool (libxl_cpupoolid_to_name of dominfo.cpupool). */
export function domainPoolName(host: Host, d: Domain): string {
  return cpupoolName(host, domainPoolId(d)) ?? ''
}

/**
 * libxl_cpupool_create: the pool, then each pCPU of `cpus` moved into it
 * (a failure destroys the pool again). Returns the lines libxl logged and
 * the new pool id, or null when it failed.
 */
export function cpupoolCreateXl(host: Host, name: string, sched: LibxlScheduler, cpus: number[]): {id: number | null; lines: string[]} {
  if (!builtIn(sched)) {
    // scheduler_alloc() finds no such scheduler: -ENOENT, and xc hands libxl -1 (no strerror in the line).
    return {id: null, lines: [libxlLine('error', 'libxl_cpupool.c:157:libxl_cpupool_create', null, 'Could not create cpupool')]}
  }
  let id: number
  try {
    id = cpupoolCreate(host, sched, name)
  } catch (e) {
    if (!(e instanceof HypervisorError)) throw e
    return {id: null, lines: [libxlLine('error', 'libxl_cpupool.c:157:libxl_cpupool_create', null, 'Could not create cpupool')]}
  }
  for (const c of cpus) {
    try {
      cpupoolAddCpu(host, id, c)
    } catch (e) {
      if (!(e instanceof HypervisorError)) throw e
      const lines = [libxlLine('error', 'libxl_cpupool.c:167:libxl_cpupool_create', null, 'Error moving cpu to cpupool')]
      cpupoolDestroyXl(host, id)
      return {id: null, lines}
    }
  }
  return {id, lines: []}
}

/**
 * libxl_cpupool_destroy: ERROR_INVAL (nothing logged) while the pool has
 * domains; else each of its pCPUs is removed, then the pool. Returns the
 * lines logged and whether it worked.
 */
export function cpupoolDestroyXl(host: Host, id: number): {ok: boolean; lines: string[]} {
  const pool = cpupoolById(host, id)
  if (!pool || poolDomainCount(host, id) > 0) return {ok: false, lines: []}
  for (const c of pool.cpus) {
    try {
      cpupoolRemoveCpu(host, id, c)
    } catch (e) {
      if (!(e instanceof HypervisorError)) throw e
      return {ok: false, lines: [libxlLine('error', 'libxl_cpupool.c:219:libxl_cpupool_destroy', null, 'Error removing cpu from cpupool')]}
    }
  }
  try {
    cpupoolDestroy(host, id)
  } catch (e) {
    if (!(e instanceof HypervisorError)) throw e
    return {ok: false, lines: [libxlLine('error', 'libxl_cpupool.c:227:libxl_cpupool_destroy', null, 'Could not destroy cpupool')]}
  }
  return {ok: true, lines: []}
}

/** libxl_cpupool_rename: the name is written, whatever other pools are called. */
export function cpupoolRenameXl(host: Host, id: number, name: string): void {
  cpupoolRename(host, id, name)
}

/**
 * libxl_cpupool_cpuadd_cpumap / _cpuremove_cpumap: each pCPU in turn, a
 * line (LOGE: with errno's text) for each one refused; ok when all went.
 */
export function cpupoolCpusXl(host: Host, id: number, cpus: number[], add: boolean): {ok: boolean; lines: string[]} {
  const lines: string[] = []
  for (const c of cpus) {
    try {
      if (add) cpupoolAddCpu(host, id, c)
      else cpupoolRemoveCpu(host, id, c)
    } catch (e) {
      if (!(e instanceof HypervisorError)) throw e
      lines.push(add
        ? libxlLine('error', 'libxl_cpupool.c:302:libxl_cpupool_cpuadd', null, `Error moving cpu ${c} to cpupool: ${strerror(e.rc)}`)
        : libxlLine('error', 'libxl_cpupool.c:365:libxl_cpupool_cpuremove', null, `Error removing cpu ${c} from cpupool: ${strerror(e.rc)}`))
    }
  }
  return {ok: lines.length === 0, lines}
}

/** libxl_cpupool_movedomain: null when it worked, else the line libxl logs (LOGEVD with xc's -1: no strerror). */
export function cpupoolMoveDomainXl(host: Host, id: number, d: Domain): string | null {
  try {
    cpupoolMoveDomain(host, id, d, DOM0)
  } catch (e) {
    if (!(e instanceof HypervisorError)) throw e
    return libxlLine('error', 'libxl_cpupool.c:437:libxl_cpupool_movedomain', d.domid, 'Error moving domain to cpupool')
  }
  return null
}
