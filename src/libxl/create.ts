// libxl_create.c: libxl_domain_create_new as xl create calls it, with the
// failures libxl and libxenguest report while building a domain.
import type {Host} from '../hypervisor/host.js'
import {freeMemKiB} from '../hypervisor/host.js'
import type {CpuSet, Domain} from '../hypervisor/domain.js'
import type {DomainType} from '../hypervisor/types.js'
import {archOps} from '../hypervisor/arch/index.js'
import * as domctl from '../hypervisor/domctl.js'
import {DOM0} from '../hypervisor/domctl.js'
import {randomUuid} from '../hypervisor/rng.js'
import {canBootAs, findKernel, KERNEL_NAMES} from '../guest/kernels.js'
import {XlError} from './errors.js'
import {libxlLine} from './log.js'
import {unpause} from './domain.js'

/** What `xl create` asks libxl to build, after xl.cfg parsing. */
export interface CreateRequest {
  name: string
  type?: DomainType
  memMiB: number
  maxmemMiB: number
  vcpus: number
  maxVcpus: number
  /** Hard affinity per vCPU (shorter lists repeat the last entry; empty = all). */
  cpus: CpuSet[]
  cpusSoft: CpuSet[]
  kernel?: string
  cmdline?: string
  uuid?: string
  weight?: number
  cap?: number
  paravirtTimeAccounting: boolean
  workloads: string[]
  onPoweroff: string
  onReboot: string
  onCrash: string
  /** The parsed configuration, kept for `xl list -l`. */
  config: Record<string, unknown>
}

/** The default guest kernel when xl.cfg names none (an HVM guest boots its own). */
export const DEFAULT_GUEST_KERNEL = 'linux-6.1'

function pick<T>(list: T[], i: number): T | undefined {
  return list.length === 0 ? undefined : list[Math.min(i, list.length - 1)]
}

export function createDomain(host: Host, req: CreateRequest, opts: {paused: boolean}): Domain {
  const arch = archOps(host.config.arch)
  const type = req.type ?? arch.defaultDomainType
  const next = host.nextDomid
  for (const d of host.domains.values()) {
    if (d.name === req.name) {
      throw new XlError([
        libxlLine('error', 'libxl_create.c:651:libxl__domain_make', next, `Domain with name "${req.name}" already exists.`),
        libxlLine('error', 'libxl_create.c:1266:initiate_domain_create', next, `cannot make domain: -6`),
      ], 3)
    }
  }
  if (!arch.domainTypes.includes(type)) {
    throw new XlError(libxlLine('error', 'libxl_arm.c:95:libxl__arch_domain_prepare_config', null,
      `Unsupported guest type ${type} on ${host.config.arch} (only ${arch.domainTypes.join(', ')})`), 3)
  }
  const kernelName = req.kernel ?? DEFAULT_GUEST_KERNEL
  const kernel = findKernel(kernelName)
  if (!kernel) {
    throw new XlError([
      `xc: error: panic: xc_dom_core.c:207: failed to open file '${kernelName}': No such file or directory (known guest kernels: ${KERNEL_NAMES.join(', ')}): Internal error`,
      libxlLine('error', 'libxl_dom.c:581:libxl__build_dom', null, 'xc_dom_kernel_file failed: No such file or directory'),
    ], 3)
  }
  if (!canBootAs(kernel, host.config.arch, type)) {
    throw new XlError([
      `xc: error: panic: xc_dom_elfloader.c:64: xc_dom_guest_type: image not capable of booting inside a PVH container (${kernel.name} has no XEN_ELFNOTE_PHYS32_ENTRY; PVH guests need Linux 4.11 or later): Invalid kernel`,
      libxlLine('error', 'libxl_dom.c:571:libxl__build_dom', null, 'xc_dom_parse_image failed'),
    ], 3)
  }
  if (req.memMiB * 1024 > freeMemKiB(host)) {
    throw new XlError([
      `xc: error: panic: xc_dom_boot.c:122: xc_dom_boot_mem_init: can't allocate low memory for domain: Out of memory (${req.memMiB} MiB asked, ${Math.floor(freeMemKiB(host) / 1024)} MiB free)`,
      libxlLine('error', 'libxl_dom.c:592:libxl__build_dom', null, 'xc_dom_boot_mem_init failed: Cannot allocate memory'),
    ], 3)
  }
  const d = domctl.createDomain(host, DOM0, {
    name: req.name, uuid: req.uuid ?? randomUuid(host), type, guestBits: 64,
    memKiB: req.memMiB * 1024, maxmemKiB: Math.max(req.maxmemMiB, req.memMiB) * 1024,
    vcpus: req.vcpus, maxVcpus: Math.max(req.maxVcpus, req.vcpus),
    hardAffinity: Array.from({length: Math.max(req.maxVcpus, req.vcpus)}, (_, i) => pick(req.cpus, i) ?? null),
    softAffinity: Array.from({length: Math.max(req.maxVcpus, req.vcpus)}, (_, i) => pick(req.cpusSoft, i) ?? null),
    weight: req.weight ?? 256, cap: req.cap ?? 0,
    kernel: kernel.name, paravirtTimeAccounting: req.paravirtTimeAccounting,
    workloads: req.workloads.length ? req.workloads : ['idle'],
    onPoweroff: req.onPoweroff, onReboot: req.onReboot, onCrash: req.onCrash,
    config: req.config,
  })
  if (!opts.paused) unpause(host, d)
  return d
}
