// libxl_sched.c's RTDS calls as xl sched-rtds makes them: the per-domain
// get (Xen answers with RTDS's defaults), the per-vCPU get/set (libxl's
// range checks first, then XEN_DOMCTL_SCHEDOP_getvcpuinfo/putvcpuinfo),
// each failure as libxl logs it (file:line of Xen 4.17.7) followed by xl's
// own line.
import type {Host} from '../hypervisor/host.js'
import type {Domain} from '../hypervisor/domain.js'
import {HypervisorError} from '../hypervisor/errno.js'
import {domainScheduler, rtdsDomainDefaults, rtdsVcpuParams, setRtdsVcpuParams, type RtdsVcpuParams} from '../hypervisor/sched/index.js'
import {XlError} from './errors.js'
import {libxlLine} from './log.js'

/** libxl_domain_sched_params as xl reads it for sched-rtds (extratime: libxl's default, -1, prints "yes"). */
export interface RtdsDomainRow {name: string; domid: number; periodUs: number; budgetUs: number; extratime: boolean}

/**
 * libxl_domain_sched_params_get on a domain: its pool's scheduler answers;
 * xl then refuses one that is not RTDS (`returned credit2 not rtds.`).
 */
export function rtdsDomainGetXl(host: Host, d: Domain): RtdsDomainRow {
  const sched = domainScheduler(host, d)
  if (sched !== 'rtds') throw new XlError(`libxl_domain_sched_params_get returned ${sched} not rtds.`)
  const p = rtdsDomainDefaults(host, d)
  return {name: d.name, domid: d.domid, periodUs: p.periodUs, budgetUs: p.budgetUs, extratime: true}
}

const vcpuGetLine = {one: 931, all: 964}

/**
 * libxl_vcpu_sched_params_get(_all): `vcpuIds` undefined = every vCPU
 * (0..max_vcpu_id). xl's line after libxl's: `libxl_vcpu_sched_params_get(_all) failed.`
 */
export function rtdsVcpuGetXl(host: Host, d: Domain, vcpuIds: number[] | undefined): RtdsVcpuParams[] {
  const fn = vcpuIds === undefined ? 'libxl_vcpu_sched_params_get_all' : 'libxl_vcpu_sched_params_get'
  const failed = `${fn} failed.`
  const sched = domainScheduler(host, d)
  if (sched !== 'rtds') {
    throw new XlError([libxlLine('error', `libxl_sched.c:${vcpuIds === undefined ? vcpuGetLine.all : vcpuGetLine.one}:${fn}`, d.domid,
      'per-VCPU parameter getting not supported for this scheduler'), failed])
  }
  const max = d.maxVcpus - 1
  if (vcpuIds !== undefined) {
    for (const id of vcpuIds) {
      if (id < 0 || id > max) {
        throw new XlError([libxlLine('error', 'libxl_sched.c:524:sched_rtds_vcpu_get', d.domid,
          `VCPU index is out of range, valid values are within range from 0 to ${max}`), failed])
      }
    }
  }
  return rtdsVcpuParams(host, d, vcpuIds ?? Array.from({length: max + 1}, (_, i) => i))
}

/** sched_rtds_validate_params: libxl's own checks (in us, before Xen's). */
function validate(periodUs: number, budgetUs: number): string | null {
  const at = (line: number) => `libxl_sched.c:${line}:sched_rtds_validate_params`
  if (periodUs < 1) return libxlLine('error', at(477), null, `Invalid VCPU period of ${periodUs} (it should be >= 1)`)
  if (budgetUs < 1) return libxlLine('error', at(483), null, `Invalid VCPU budget of ${budgetUs} (it should be >= 1)`)
  if (budgetUs > periodUs) {
    return libxlLine('error', at(489), null, `VCPU budget must be smaller than or equal to period, but ${budgetUs} > ${periodUs}`)
  }
  return null
}

/**
 * libxl_vcpu_sched_params_set (`all` false: the listed vCPUs) or _set_all
 * (one period/budget/extratime for every vCPU). xl names RTDS itself, so
 * libxl never asks the domain's scheduler: on another one Xen refuses the
 * putvcpuinfo (-EINVAL).
 */
export function rtdsVcpuSetXl(host: Host, d: Domain, params: RtdsVcpuParams[], all: boolean): void {
  const fn = all ? 'sched_rtds_vcpu_set_all' : 'sched_rtds_vcpu_set'
  const failed = all ? 'libxl_vcpu_sched_params_set_all failed.' : 'libxl_vcpu_sched_params_set failed.'
  const max = d.maxVcpus - 1
  const entries = all ? Array.from({length: max + 1}, (_, i) => ({...params[0], vcpuId: i})) : params
  for (const p of all ? params.slice(0, 1) : params) {
    if (!all && (p.vcpuId < 0 || p.vcpuId > max)) {
      throw new XlError([libxlLine('error', 'libxl_sched.c:627:sched_rtds_vcpu_set', d.domid, `Invalid VCPU ${p.vcpuId}: valid range is [0, ${max}]`), failed])
    }
    const bad = validate(p.periodUs, p.budgetUs)
    if (bad) throw new XlError([bad, failed])
  }
  try {
    // The domctl carries uint32_t microseconds.
    setRtdsVcpuParams(host, d, entries.map(p => ({...p, periodUs: p.periodUs >>> 0, budgetUs: p.budgetUs >>> 0})))
  } catch (e) {
    if (!(e instanceof HypervisorError)) throw e
    throw new XlError([libxlLine('error', `libxl_sched.c:${all ? 705 : 653}:${fn}`, d.domid, 'Setting vcpu sched rtds: Invalid argument'), failed])
  }
}
