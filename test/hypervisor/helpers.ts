// Build hosts and domains directly with the core (no CLI, no SQLite).
import {DEFAULT_HOST_CONFIG, newHost, type Host, type HostConfig} from '../../src/hypervisor/host.js'
import {createDomain, DOM0, type DomainSpec} from '../../src/hypervisor/domctl.js'
import type {Domain} from '../../src/hypervisor/domain.js'

export function bareHost(over: Partial<HostConfig> = {}): Host {
  return newHost({...DEFAULT_HOST_CONFIG, clock: 'manual', ...over})
}

export function spec(over: Partial<DomainSpec> = {}): DomainSpec {
  return {
    name: 'g', uuid: '11111111-2222-4333-8444-555555555555', type: 'pvh', guestBits: 64,
    memKiB: 128 * 1024, maxmemKiB: 128 * 1024, vcpus: 2, maxVcpus: 2,
    hardAffinity: [], softAffinity: [], weight: 256, cap: 0,
    kernel: 'linux-6.1', paravirtTimeAccounting: true, workloads: ['idle'],
    onPoweroff: 'destroy', onReboot: 'restart', onCrash: 'destroy', config: {},
    ...over,
  }
}

export function addDomain(host: Host, over: Partial<DomainSpec> = {}, domid?: number): Domain {
  const d = createDomain(host, DOM0, spec(over), domid)
  return d
}
