// What the shell shows of the host: the prompt's arch and Xen version (read
// once at start) and the domain names Tab completes (read when asked).
import {readHost, type SessionOptions} from '../cli/session.js'
import {domainsInOrder} from '../hypervisor/host.js'

export interface HostSummary {
  arch: string
  xen: string
  domains: string[]
}

export function readHostSummary(opts: SessionOptions): HostSummary {
  return readHost(opts, host => ({
    arch: host.config.arch,
    xen: host.config.xen,
    domains: domainsInOrder(host).map(d => d.name),
  }))
}

export function promptFor(h: Pick<HostSummary, 'arch' | 'xen'>): string {
  return `xl(${h.arch} ${h.xen})> `
}
