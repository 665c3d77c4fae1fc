// libxl_mem.c: memory target and static maximum, as xl mem-set and
// mem-max call them.
import type {Host} from '../hypervisor/host.js'
import {freeMemKiB} from '../hypervisor/host.js'
import type {Domain} from '../hypervisor/domain.js'
import * as domctl from '../hypervisor/domctl.js'
import {DOM0} from '../hypervisor/domctl.js'
import {XlError} from './errors.js'
import {libxlLine} from './log.js'

const LIBXL_MIN_DOM0_MEM_KIB = 128 * 1024

/** LIBXL_MAXMEM_CONSTANT (libxl_internal.h): the slack libxl adds to a domU's maximum in Xen. */
export const LIBXL_MAXMEM_CONSTANT_KIB = 1024

/** libxl_set_memory_target(domid, kb, relative=0, enforce=1) for xl mem-set; `arg` is xl's argument. */
export function memSetXl(host: Host, d: Domain, kb: bigint, arg: string): void {
  const target = BigInt.asUintN(64, kb)
  const failed = `cannot set domid ${d.domid} dynamic max memory to : ${arg}`
  if (target > BigInt(d.maxmemKiB)) {
    throw new XlError([libxlLine('error', 'libxl_mem.c:278:libxl_set_memory_target', d.domid,
      'memory_dynamic_max must be less than or equal to memory_static_max'), '', failed])
  }
  if (d.domid === DOM0 && target < BigInt(LIBXL_MIN_DOM0_MEM_KIB)) {
    throw new XlError([libxlLine('error', 'libxl_mem.c:287:libxl_set_memory_target', d.domid,
      `New target ${target} for dom0 is below the minimum threshold`), failed])
  }
  // The balloon driver gets what the host can give (it keeps trying in the background).
  const reachable = Math.min(Number(target), d.memKiB + freeMemKiB(host))
  domctl.setMemTarget(host, DOM0, d.domid, reachable)
}

/** libxl_domain_setmaxmem for xl mem-max. */
export function memMaxXl(host: Host, d: Domain, kb: bigint, arg: string): void {
  const max = BigInt.asUintN(64, kb)
  if (max < BigInt(d.memKiB)) {
    throw new XlError([libxlLine('error', 'libxl_mem.c:59:libxl_domain_setmaxmem', d.domid,
      'memory_static_max must be greater than or or equal to memory_dynamic_max: Success'),
    `cannot set domid ${d.domid} static max memory to : ${arg}`])
  }
  domctl.setMaxMem(host, DOM0, d.domid, Number(max))
}
