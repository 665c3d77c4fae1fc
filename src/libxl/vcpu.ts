// libxl_sched.c (vcpu affinity) and libxl_domain.c (vcpu online) as xl
// vcpu-pin and vcpu-set call them.
import type {Host} from '../hypervisor/host.js'
import type {CpuSet, Domain} from '../hypervisor/domain.js'
import * as domctl from '../hypervisor/domctl.js'
import {DOM0} from '../hypervisor/domctl.js'
import {HypervisorError} from '../hypervisor/errno.js'
import {cpupoolById, domainPoolId} from '../hypervisor/sched/cpupool.js'
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
 * libxl prints and whether every vCPU took the affinity.
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
    // Xen hands back the effective soft affinity, within the domain's cpupool.
    const poolCpus = cpupoolById(host, domainPoolId(d))?.cpus ?? []
    if (soft !== undefined && soft !== null && !soft.some(c => poolCpus.includes(c))) {
      lines.push(libxlLine('warning', 'libxl_sched.c:84:libxl__set_vcpuaffinity', d.domid,
        `All cpus in soft affinity of vcpu ${id} are unreachable. Only hard affinity will be considered for scheduling`))
    }
    return true
  }
  if (vcpuId !== -1) {
    return {ok: setOne(vcpuId), lines}
  }
  let failed = false
  for (const v of d.vcpus) {
    if (!setOne(v.vcpuId)) {
      failed = true
      lines.push(libxlLine('warning', 'libxl_sched.c:124:libxl_set_vcpuaffinity_all', d.domid, `Failed to set affinity for ${v.vcpuId}`))
    }
  }
  return {ok: !failed, lines}
}

/**
 * libxl_set_vcpuonline: the libxl error line when the count is refused
 * (null when it is accepted and the guest hot(un)plugs).
 */
export function setVcpuOnline(host: Host, d: Domain, count: number): string | null {
  if (count === 0) return libxlLine('error', 'libxl_domain.c:1863:libxl_set_vcpuonline', d.domid, 'Requested 0 VCPUs!: Success')
  if (count > d.maxVcpus) {
    return libxlLine('error', 'libxl_domain.c:1869:libxl_set_vcpuonline', d.domid, `Requested ${count | 0} VCPUs, however maxcpus is ${d.maxVcpus}!: Success`)
  }
  vcpuSet(host, d, count)
  return null
}
