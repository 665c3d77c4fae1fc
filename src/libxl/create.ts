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
import {HypervisorError} from '../hypervisor/errno.js'
import {XlError} from './errors.js'
import {libxlLine} from './log.js'
import {libxlArch} from './arch.js'
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

/** HVM_MAX_VCPUS (xen/include/public/hvm/hvm_info_table.h), which libxl compares with a bitmap's size in bytes. */
const HVM_MAX_VCPUS = 128

/** XENSTORE_PAYLOAD_MAX (xen/include/public/io/xs_wire.h): path, NUL and value of one write. */
const XENSTORE_PAYLOAD_MAX = 4096

/**
 * What libxl and Xen refuse about the vCPU counts before any domain exists,
 * in their order: libxl__domain_build_info_setdefault's avail_vcpus bitmap
 * (more than HVM_MAX_VCPUS bytes, i.e. over 1024 vCPUs, on every arch), then
 * libxl__arch_domain_prepare_config's guest type, then
 * XEN_DOMCTL_createdomain's max_vcpus check (arch_sanitise_domain_config:
 * 8192 for x86 PV, 128 for HVM/PVH and on arm64), which libxl reports as
 * "domain creation fail". `xl create -n` goes through it too, so a dry run
 * never lays out a million vCPUs.
 */
export function checkDomainConfig(host: Host, req: CreateRequest): void {
  const arch = archOps(host.config.arch)
  const {type} = libxlArch(host.config.arch).createInfoSetdefault(req.type ?? arch.defaultDomainType)
  // xl sized the bitmap for `vcpus` (libxl_cpu_bitmap_alloc: (n+7)/8 bytes).
  if (Math.ceil(req.vcpus / 8) > HVM_MAX_VCPUS) {
    throw new XlError([
      libxlLine('error', 'libxl_create.c:218:libxl__domain_build_info_setdefault', null, 'avail_vcpus bitmap contains too many VCPUS'),
      libxlLine('error', 'libxl_create.c:1239:libxl__domain_config_setdefault', null, 'Unable to set domain build info defaults'),
    ], 3)
  }
  if (!arch.domainTypes.includes(type)) {
    throw new XlError(libxlLine('error', 'libxl_arm.c:95:libxl__arch_domain_prepare_config', null,
      `Unsupported guest type ${type} on ${host.config.arch} (only ${arch.domainTypes.join(', ')})`), 3)
  }
  try {
    domctl.sanitiseDomainConfig(host, type, Math.max(req.maxVcpus, req.vcpus))
  } catch (e) {
    if (!(e instanceof HypervisorError)) throw e
    // Xen's dprintk is compiled out of release builds: only libxl speaks.
    throw new XlError([
      libxlLine('error', 'libxl_create.c:709:libxl__domain_make', null, 'domain creation fail: Invalid argument'),
      libxlLine('error', 'libxl_create.c:1294:initiate_domain_create', null, 'cannot make domain: -3'),
    ], 3)
  }
}

/**
 * `opts.warn` gets libxl's warnings as they are logged (stderr, before any
 * error of the same create).
 */
export function createDomain(host: Host, req: CreateRequest,
  opts: {paused: boolean; warn?: (lines: readonly string[]) => void}): Domain {
  const arch = archOps(host.config.arch)
  const {type, warnings} = libxlArch(host.config.arch).createInfoSetdefault(req.type ?? arch.defaultDomainType)
  if (warnings.length) opts.warn?.(warnings)
  const next = host.nextDomid
  checkDomainConfig(host, req)
  // libxl__domain_rename (libxl_domain.c), once Xen has made domain `next`:
  // names are unique, and the name is written to /local/domain/<domid>/name
  // in one xenstore message (E2BIG past XENSTORE_PAYLOAD_MAX).
  for (const d of host.domains.values()) {
    if (d.name === req.name) {
      throw new XlError([
        libxlLine('error', 'libxl_domain.c:81:libxl__domain_rename', next, `Domain with name "${req.name}" already exists.`),
        libxlLine('error', 'libxl_create.c:1294:initiate_domain_create', next, 'cannot make domain: -6'),
      ], 3)
    }
  }
  const namePath = `/local/domain/${next}/name`
  if (namePath.length + 1 + Buffer.byteLength(req.name) > XENSTORE_PAYLOAD_MAX) {
    throw new XlError([
      libxlLine('error', 'libxl_domain.c:107:libxl__domain_rename', next,
        `Failed to write new name \`${req.name}' for domain previously named \`(null)'`),
      libxlLine('error', 'libxl_create.c:1294:initiate_domain_create', next, 'cannot make domain: -3'),
    ], 3)
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
