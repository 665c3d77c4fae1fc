// Rows for the xl formatters, read off the host. The formatters never touch
// the hypervisor; the hypervisor never formats.
import type {Host} from '../hypervisor/host.js'
import {domainsInOrder} from '../hypervisor/host.js'
import type {Domain} from '../hypervisor/domain.js'
import {vcpuCpuTime} from '../hypervisor/domain.js'
import {domainRunningTime, vcpuRunningTime} from '../hypervisor/runstate-get.js'
import {formatCpuRanges} from './format/index.js'
import {RUNSTATE_blocked, RUNSTATE_running} from '../hypervisor/types.js'
import type {ListRow, VcpuRow, UptimeRow} from './format/types.js'
import {nowNs} from '../hypervisor/time.js'
import {domainPoolName} from '../libxl/cpupool.js'

export function listRow(host: Host, d: Domain): ListRow {
  const online = d.vcpus.filter(v => v.online)
  return {
    name: d.name, domid: d.domid, memMiB: Math.floor(d.memKiB / 1024), vcpus: online.length,
    // libxl_dominfo: running if any vCPU runs; blocked if all online ones are blocked.
    running: d.vcpus.some(v => v.runstate.state === RUNSTATE_running),
    blocked: online.length > 0 && online.every(v => v.runstate.state === RUNSTATE_blocked),
    paused: d.pauseCount > 0,
    shutdown: d.shutdown !== null,
    shutdownReason: d.shutdown,
    dying: d.dying,
    // XEN_DOMCTL_getdomaininfo: time[RUNSTATE_running] of each vcpu_runstate_get().
    cpuTimeNs: domainRunningTime(host, d),
    uuid: d.uuid,
    // libxl_cpupoolid_to_name(dominfo.cpupool), for xl list -c.
    cpupool: domainPoolName(host, d),
  }
}

export function listRows(host: Host, domains: Domain[] = domainsInOrder(host)): ListRow[] {
  return domains.map(d => listRow(host, d))
}

export function vcpuRows(host: Host, domains: Domain[] = domainsInOrder(host)): VcpuRow[] {
  const nr = host.config.cpus
  // A null cpumap means every pCPU; xl prints it (and an empty one, "none") itself.
  const all = Array.from({length: nr}, (_, i) => i)
  return domains.flatMap(d => d.vcpus.map(v => ({
    name: d.name, domid: d.domid, vcpu: v.vcpuId, online: v.online, cpu: v.processor,
    running: v.runstate.state === RUNSTATE_running,
    blocked: v.runstate.state === RUNSTATE_blocked,
    // XEN_DOMCTL_getvcpuinfo's cpu_time: time[RUNSTATE_running] of vcpu_runstate_get().
    timeNs: vcpuRunningTime(host, d, v, vcpuCpuTime(v, host.now)),
    hardAffinity: formatCpuRanges(v.hardAffinity ?? all, nr),
    softAffinity: formatCpuRanges(v.softAffinity ?? all, nr),
  })))
}

export function uptimeRows(host: Host, domains: Domain[] = domainsInOrder(host)): UptimeRow[] {
  return domains.map(d => ({name: d.name, domid: d.domid, uptimeSeconds: Number((nowNs(host) - d.createdAt) / 1_000_000_000n)}))
}
