// libxl_sched.c (vcpu affinity) and libxl_domain.c (vcpu online) as xl
// vcpu-pin and vcpu-set call them.
import type {Host} from '../hypervisor/host.js'
import type {CpuSet, Domain} from '../hypervisor/domain.js'
import * as domctl from '../hypervisor/domctl.js'
import {DOM0} from '../hypervisor/domctl.js'
import {HypervisorError} from '../hypervisor/errno.js'
import {setAvailableVcpus} from '../guest/hotplug.js'
import {XlError} from './errors.js'
import {libxlLine} from './log.js'

export function vcpuSet(host: Host, d: Domain, count: number): void {
  if (!Number.isInteger(count) || count < 1) throw new XlError('Error: Invalid argument.')
  if (count > d.maxVcpus) {
    throw new XlError(`Error: the domain ${d.domid} has only ${d.maxVcpus} vcpus (asked for ${count}).`)
  }
  setAvailableVcpus(host, d, count)
}

/**
 * libxl_set_vcpuaffinity(_force|_all) as xl vcpu-pin calls it. `undefined`
 * for a map = leave it alone (`-`). vcpuId -1 = every vCPU. Returns the lines
 * libxl/xl print; `ok: false` = xl exits 1.
 */
export function vcpuPinXl(
  host: Host, d: Domain, vcpuId: number, hard: CpuSet | undefined, soft: CpuSet | undefined, force: boolean,
): {ok: boolean; lines: string[]} {
  const lines: string[] = []
  const setOne = (id: number): boolean => {
    if (hard === undefined && soft === undefined) return force
    try {
      domctl.setVcpuAffinity(host, DOM0, d.domid, id, hard, soft)
    } catch (e) {
      if (!(e instanceof HypervisorError)) throw e
      lines.push(libxlLine('error', 'libxl_sched.c:62:libxl__set_vcpuaffinity', d.domid, 'Setting vcpu affinity: Invalid argument'))
      return false
    }
    if (soft !== undefined && soft !== null && soft.length === 0) {
      lines.push(libxlLine('warning', 'libxl_sched.c:84:libxl__set_vcpuaffinity', d.domid,
        `All cpus in soft affinity of vcpu ${id} are unreachable. Only hard affinity will be considered for scheduling`))
    }
    return true
  }
  if (vcpuId !== -1) {
    if (!setOne(vcpuId)) return {ok: false, lines: [...lines, `Could not set affinity for vcpu \`${vcpuId}'.`]}
    return {ok: true, lines}
  }
  let failed = false
  for (const v of d.vcpus) {
    if (!setOne(v.vcpuId)) {
      failed = true
      lines.push(libxlLine('warning', 'libxl_sched.c:124:libxl_set_vcpuaffinity_all', d.domid, `Failed to set affinity for ${v.vcpuId}`))
    }
  }
  // xl prints this yet exits 0 (main_vcpupin sets rc = EXIT_SUCCESS regardless).
  if (failed) lines.push('Could not set affinity.')
  return {ok: true, lines}
}

/** xl vcpu-set's vcpuset(): the host check, then libxl_set_vcpuonline; the guest hot(un)plugs. */
export function vcpuSetXl(host: Host, d: Domain, count: number, checkHost: boolean): void {
  const asInt = count | 0
  if (checkHost) {
    const online = d.vcpus.filter(v => v.online).length
    const hostCpu = host.config.cpus
    if (count > online && count > hostCpu) {
      throw new XlError(`You are overcommmitting! You have ${hostCpu} physical CPUs and want ${asInt} vCPUs! Aborting, use --ignore-host to continue`)
    }
  }
  const failed = `libxl_set_vcpuonline failed domid=${d.domid} max_vcpus=${asInt}, rc: -3`
  if (count === 0) {
    throw new XlError([libxlLine('error', 'libxl_domain.c:1863:libxl_set_vcpuonline', d.domid, 'Requested 0 VCPUs!: Success'), failed])
  }
  if (count > d.maxVcpus) {
    throw new XlError([libxlLine('error', 'libxl_domain.c:1869:libxl_set_vcpuonline', d.domid,
      `Requested ${asInt} VCPUs, however maxcpus is ${d.maxVcpus}!: Success`), failed])
  }
  vcpuSet(host, d, count)
}
