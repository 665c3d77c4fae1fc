// From xl.cfg's typed settings to what the toolstack builds.
import type {DomainConfigInput} from './cfg/index.js'
import type {CreateRequest} from '../toolstack/domains.js'

export function createRequestFrom(c: DomainConfigInput, weightAlias: number | null): CreateRequest {
  const workloads = c.workload === null ? [] : Array.isArray(c.workload) ? c.workload : [c.workload]
  return {
    name: c.name,
    type: c.type,
    memMiB: c.memory,
    maxmemMiB: c.maxmem,
    vcpus: c.vcpus,
    maxVcpus: c.maxvcpus,
    cpus: c.cpus ?? [],
    cpusSoft: c.cpusSoft ?? [],
    kernel: c.kernel ?? undefined,
    cmdline: c.cmdline ?? undefined,
    uuid: c.uuid ?? undefined,
    weight: c.weight ?? weightAlias ?? undefined,
    cap: c.cap ?? undefined,
    paravirtTimeAccounting: c.paravirtTimeAccounting,
    workloads,
    onPoweroff: c.onPoweroff,
    onReboot: c.onReboot,
    onCrash: c.onCrash,
    config: {...c, extra: c.cmdline},
  }
}
