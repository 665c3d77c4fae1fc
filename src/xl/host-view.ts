// `xl host show`: what this simulated machine is.
import type {Host} from '../hypervisor/host.js'
import {dom0Cmdline, XEN_RELEASES} from '../hypervisor/host.js'
import {formatDuration} from './duration.js'
import {jsonNs, nowNs} from '../hypervisor/time.js'

export function hostRecord(host: Host) {
  const c = host.config
  return {
    arch: c.arch, xen: XEN_RELEASES[c.xen], scheduler: c.sched, cpus: c.cpus, memoryMiB: c.memoryMiB,
    dom0Kernel: c.dom0Kernel, dom0Cmdline: dom0Cmdline(host), kaslrSeed: c.kaslrSeed ?? true, clock: c.clock, seed: c.seed, nowNs: jsonNs(nowNs(host)), domains: host.domains.size,
    nextDomid: host.nextDomid, ...(c.pci?.length ? {pci: c.pci} : {}),
  }
}

export function describeHost(host: Host): string {
  const r = hostRecord(host)
  const c = host.config
  const rows: [string, string | number][] = [
    ['arch', r.arch], ['xen', r.xen], ['scheduler', r.scheduler], ['cpus', r.cpus],
    ['memory', `${r.memoryMiB} MiB`], ['dom0 kernel', r.dom0Kernel], ['clock', r.clock], ['seed', r.seed],
    ['uptime', formatDuration(BigInt(r.nowNs))], ['domains', r.domains],
    ...(c.pci?.length ? [['pci', c.pci.join(',')] as [string, string]] : []),
  ]
  return rows.map(([k, v]) => `${k.padEnd(12)}: ${v}\n`).join('')
}
