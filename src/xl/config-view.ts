// `xl list -l`: each domain's configuration in libxl_domain_config terms.
import type {Host} from '../hypervisor/host.js'
import type {Domain} from '../hypervisor/domain.js'
import type {DomainConfigView, ShutdownAction} from './format/types.js'
import type {CreateRequest} from '../libxl/create.js'
import {archOps} from '../hypervisor/arch/index.js'

function allCpus(host: Host): number[] {
  return Array.from({length: host.config.cpus}, (_, i) => i)
}

export function domainConfigView(host: Host, d: Domain): DomainConfigView {
  const pinned = d.vcpus.some(v => v.hardAffinity !== null || v.softAffinity !== null)
  const str = (k: string) => (typeof d.config[k] === 'string' ? (d.config[k] as string) : null)
  return {
    domid: d.domid, type: d.type, name: d.name, uuid: d.uuid,
    max_vcpus: d.maxVcpus,
    avail_vcpus: d.vcpus.filter(v => v.online).map(v => v.vcpuId),
    vcpu_hard_affinity: d.vcpus.some(v => v.hardAffinity) ? d.vcpus.map(v => v.hardAffinity ?? allCpus(host)) : undefined,
    vcpu_soft_affinity: d.vcpus.some(v => v.softAffinity) ? d.vcpus.map(v => v.softAffinity ?? allCpus(host)) : undefined,
    numa_placement: pinned ? false : undefined,
    max_memkb: d.maxmemKiB, target_memkb: d.memKiB,
    sched: host.config.sched, weight: d.weight, cap: d.cap,
    kernel: d.domid === 0 ? null : d.guest.kernel,
    cmdline: str('extra') ?? str('cmdline'),
    ramdisk: str('ramdisk'),
    on_poweroff: d.onPoweroff as ShutdownAction,
    on_reboot: d.onReboot as ShutdownAction,
    on_crash: d.onCrash as ShutdownAction,
  }
}

export function domainConfigViews(host: Host, domains: Domain[]): DomainConfigView[] {
  return domains.map(d => domainConfigView(host, d))
}

/** `xl create -n`: the configuration libxl would be given, before any domain exists. */
export function requestConfigView(host: Host, r: CreateRequest): DomainConfigView {
  const maxVcpus = Math.max(r.maxVcpus, r.vcpus)
  const perVcpu = (list: (number[] | null)[]) =>
    list.length ? Array.from({length: maxVcpus}, (_, i) => list[Math.min(i, list.length - 1)] ?? allCpus(host)) : undefined
  return {
    domid: null, type: r.type ?? archOps(host.config.arch).defaultDomainType, name: r.name, uuid: r.uuid ?? '00000000-0000-0000-0000-000000000000',
    max_vcpus: maxVcpus, avail_vcpus: Array.from({length: r.vcpus}, (_, i) => i),
    vcpu_hard_affinity: perVcpu(r.cpus), vcpu_soft_affinity: perVcpu(r.cpusSoft),
    numa_placement: r.cpus.length || r.cpusSoft.length ? false : undefined,
    max_memkb: Math.max(r.maxmemMiB, r.memMiB) * 1024, target_memkb: r.memMiB * 1024,
    sched: host.config.sched, weight: r.weight ?? null, cap: r.cap ?? null,
    kernel: r.kernel ?? null, cmdline: r.cmdline ?? null, ramdisk: null,
    on_poweroff: r.onPoweroff as ShutdownAction, on_reboot: r.onReboot as ShutdownAction, on_crash: r.onCrash as ShutdownAction,
  }
}
