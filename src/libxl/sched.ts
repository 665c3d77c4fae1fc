// libxl_sched.c: per-domain and per-pool scheduler parameters with
// libxl's range checks and messages.
import type {Host} from '../hypervisor/host.js'
import type {Domain} from '../hypervisor/domain.js'
import * as domctl from '../hypervisor/domctl.js'
import {DOM0} from '../hypervisor/domctl.js'
import {XlError} from './errors.js'
import {libxlLine} from './log.js'
import {cpupoolByQualifier} from './cpupool.js'
import {domainScheduler, schedulerParams, setSchedulerParams} from '../hypervisor/sched/index.js'

/**
 * libxl_domain_sched_params_set for credit/credit2 (weight/cap; -1 = keep).
 * Throws xl's lines (libxl's, then `libxl_domain_sched_params_set failed.`).
 */
export function schedDomainSetXl(host: Host, d: Domain, sched: 'credit' | 'credit2', weight: number, cap: number): void {
  const fn = sched === 'credit' ? 'sched_credit_domain_set' : 'sched_credit2_domain_set'
  const at = (line: number) => `libxl_sched.c:${line}:${fn}`
  const lines = sched === 'credit' ? {get: 232, weight: 238, cap: 248} : {get: 439, weight: 445, cap: 455}
  const failed = 'libxl_domain_sched_params_set failed.'
  // Xen's sched_adjust(): the domain's cpupool must run the scheduler named.
  if (domainScheduler(host, d) !== sched) {
    throw new XlError([libxlLine('error', at(lines.get), d.domid, `Getting domain sched ${sched}: Invalid argument`), failed])
  }
  if (weight !== -1 && (weight < 1 || weight > 65535)) {
    throw new XlError([libxlLine('error', at(lines.weight), d.domid, 'Cpu weight out of range, valid values are within range from 1 to 65535'), failed])
  }
  const maxCap = d.maxVcpus * 100
  if (cap !== -1 && (cap < 0 || cap > maxCap)) {
    throw new XlError([libxlLine('error', at(lines.cap), d.domid,
      `Cpu cap out of range, valid range is from 0 to ${maxCap} for specified number of vcpus`), failed])
  }
  domctl.setSchedParams(host, DOM0, d.domid, weight === -1 ? undefined : weight, cap === -1 ? undefined : cap)
}

/** libxl_cpupool_qualifier_to_cpupoolid + libxl_cpupoolid_is_valid, as xl_sched.c checks -p: the pool id. */
export function cpupoolXl(host: Host, qualifier: string): number {
  const p = cpupoolByQualifier(host, qualifier)
  if (!p) throw new XlError(`unknown cpupool '${qualifier}'`)
  return p.id
}

/** libxl_sched_credit(2)_params_get: the error line when the pool runs another scheduler (sched_adjust_global: -EINVAL). */
export function schedPoolGetXl(host: Host, sched: 'credit' | 'credit2', poolId = 0): string | null {
  if (schedulerParams(host, poolId).scheduler === sched) return null
  return sched === 'credit'
    ? libxlLine('error', 'libxl_sched.c:287:libxl_sched_credit_params_get', null, 'getting Credit scheduler parameters: Invalid argument')
    : libxlLine('error', 'libxl_sched.c:362:libxl_sched_credit2_params_get', null, 'getting Credit2 scheduler parameters: Invalid argument')
}

/** xl sched-credit -s -t/-r/-m: libxl_sched_credit_params_get then _set, with libxl's checks. */
export function schedCreditPoolSetXl(host: Host, p: {tsliceMs?: number; ratelimitUs?: number; migrationDelayUs?: number}, poolId = 0): void {
  const getErr = schedPoolGetXl(host, 'credit', poolId)
  if (getErr) throw new XlError([getErr, 'libxl_sched_credit_params_get failed.'])
  const cur = schedulerParams(host, poolId)
  const tslice = p.tsliceMs ?? cur.tsliceMs
  const ratelimit = p.ratelimitUs ?? cur.ratelimitUs
  const delay = p.migrationDelayUs ?? cur.migrationDelayUs
  const fail = (where: string, msg: string): never => {
    throw new XlError([libxlLine('error', `libxl_sched.c:${where}`, null, msg), 'libxl_sched_credit_params_set failed.'])
  }
  if (tslice < 1 || tslice > 1000) fail('311:libxl_sched_credit_params_set', 'Time slice out of range, valid range is from 1 to 1000')
  if (ratelimit !== 0 && (ratelimit < 100 || ratelimit > 500000)) fail('270:sched_ratelimit_check', 'Ratelimit out of range, valid range is from 100 to 500000')
  if (ratelimit > tslice * 1000) fail('321:libxl_sched_credit_params_set', 'Ratelimit cannot be greater than timeslice')
  if (delay > 100000) fail('326:libxl_sched_credit_params_set', 'vcpu migration delay should be >= 0 and <= 100000us')
  // libxl compares the int; Xen sees a uint32_t and refuses a negative delay.
  if (delay < 0) fail('338:libxl_sched_credit_params_set', 'Setting Credit scheduler parameters: Invalid argument')
  setSchedulerParams(host, {tsliceMs: tslice, ratelimitUs: ratelimit, migrationDelayUs: delay}, poolId)
}

/** xl sched-credit2 -s -r: libxl_sched_credit2_params_set. */
export function schedCredit2PoolSetXl(host: Host, ratelimitUs: number, poolId = 0): void {
  const fail = (where: string, msg: string): never => {
    throw new XlError([libxlLine('error', `libxl_sched.c:${where}`, null, msg), 'libxl_sched_credit2_params_set failed.'])
  }
  if (ratelimitUs !== 0 && (ratelimitUs < 100 || ratelimitUs > 500000)) fail('270:sched_ratelimit_check', 'Ratelimit out of range, valid range is from 100 to 500000')
  if (schedulerParams(host, poolId).scheduler !== 'credit2') fail('389:libxl_sched_credit2_params_set', 'Setting Credit2 scheduler parameters: Invalid argument')
  setSchedulerParams(host, {ratelimitUs}, poolId)
}
