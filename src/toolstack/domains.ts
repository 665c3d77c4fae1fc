// libxl-level domain operations: what xl does around the hypercalls, with
// libxl's error lines. Every function acts as dom0 (the toolstack's domain).
import type {Host} from '../hypervisor/host.js'
import {freeMemKiB} from '../hypervisor/host.js'
import type {CpuSet, Domain} from '../hypervisor/domain.js'
import type {DomainType, ShutdownReason} from '../hypervisor/types.js'
import {archOps} from '../hypervisor/arch/index.js'
import * as domctl from '../hypervisor/domctl.js'
import {DOM0} from '../hypervisor/domctl.js'
import {HypervisorError} from '../hypervisor/errno.js'
import {randomUuid} from '../hypervisor/rng.js'
import {hypercall, __HYPERVISOR_sched_op, SCHEDOP_shutdown} from '../hypervisor/hypercall.js'
import {SHUTDOWN_CODES} from '../hypervisor/types.js'
import {bootGuest} from '../guest/boot.js'
import {canBootAs, findKernel, KERNEL_NAMES} from '../guest/kernels.js'
import {setAvailableVcpus} from '../guest/hotplug.js'
import {invalidDomain, XlError} from './errors.js'

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

export function findDomain(host: Host, ident: string): Domain {
  if (/^\d+$/.test(ident)) {
    const domid = Number(ident)
    const d = Number.isSafeInteger(domid) ? host.domains.get(domid) : undefined
    if (!d) throw new XlError(`Error: Domain '${ident}' does not exist.`)
    return d
  }
  for (const d of host.domains.values()) if (d.name === ident) return d
  throw invalidDomain(ident)
}

function libxlError(where: string, message: string): string {
  return `libxl: error: ${where}: ${message}`
}

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
        libxlError('libxl_create.c:651:libxl__domain_make', `Domain ${next}:Domain with name "${req.name}" already exists.`),
        libxlError('libxl_create.c:1266:initiate_domain_create', `Domain ${next}:cannot make domain: -6`),
      ], 3)
    }
  }
  if (!arch.domainTypes.includes(type)) {
    throw new XlError(libxlError('libxl_arm.c:95:libxl__arch_domain_prepare_config',
      `Unsupported guest type ${type} on ${host.config.arch} (only ${arch.domainTypes.join(', ')})`), 3)
  }
  const kernelName = req.kernel ?? DEFAULT_GUEST_KERNEL
  const kernel = findKernel(kernelName)
  if (!kernel) {
    throw new XlError([
      `xc: error: panic: xc_dom_core.c:207: failed to open file '${kernelName}': No such file or directory (known guest kernels: ${KERNEL_NAMES.join(', ')}): Internal error`,
      libxlError('libxl_dom.c:581:libxl__build_dom', 'xc_dom_kernel_file failed: No such file or directory'),
    ], 3)
  }
  if (!canBootAs(kernel, host.config.arch, type)) {
    throw new XlError([
      `xc: error: panic: xc_dom_elfloader.c:64: xc_dom_guest_type: image not capable of booting inside a PVH container (${kernel.name} has no XEN_ELFNOTE_PHYS32_ENTRY; PVH guests need Linux 4.11 or later): Invalid kernel`,
      libxlError('libxl_dom.c:571:libxl__build_dom', 'xc_dom_parse_image failed'),
    ], 3)
  }
  if (req.memMiB * 1024 > freeMemKiB(host)) {
    throw new XlError([
      `xc: error: panic: xc_dom_boot.c:122: xc_dom_boot_mem_init: can't allocate low memory for domain: Out of memory (${req.memMiB} MiB asked, ${Math.floor(freeMemKiB(host) / 1024)} MiB free)`,
      libxlError('libxl_dom.c:592:libxl__build_dom', 'xc_dom_boot_mem_init failed: Cannot allocate memory'),
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

/** The first unpause starts the guest kernel. */
export function unpause(host: Host, d: Domain): void {
  domctl.unpauseDomain(host, DOM0, d.domid)
  if (d.pauseCount === 0 && !d.guest.booted) bootGuest(host, d)
}

/** `xl unpause`: libxl_domain_unpause, which fails quietly-ish on an unpaused domain. */
export function unpauseCommand(host: Host, d: Domain): void {
  try {
    unpause(host, d)
  } catch (e) {
    if (!(e instanceof HypervisorError)) throw e
    throw new XlError(libxlError('libxl_domain.c:651:libxl_domain_unpause', `Domain ${d.domid}:Unpausing domain: Invalid argument`))
  }
}

/**
 * `xl pause`: a failure is logged by libxl, but xl ignores the return code
 * and exits 0 (a real quirk: `xl pause 0` prints an error yet succeeds).
 */
export function pause(host: Host, d: Domain): string[] {
  try {
    domctl.pauseDomain(host, DOM0, d.domid)
    return []
  } catch (e) {
    if (!(e instanceof HypervisorError)) throw e
    return [libxlError('libxl_domain.c:623:libxl_domain_pause', `Domain ${d.domid}:Pausing domain: Invalid argument`)]
  }
}

export function destroy(host: Host, d: Domain, force: boolean): void {
  if (d.domid === DOM0 && !force) {
    throw new XlError(['Not destroying domain 0; use -f to force.',
      'This can only be done when using a disaggregated hypervisor.'])
  }
  if (d.domid === DOM0) throw new XlError(libxlError('libxl_domain.c:1326:libxl__destroy_domid', 'Domain 0:Cannot destroy the control domain'))
  domctl.destroyDomain(host, DOM0, d.domid)
}

/** The guest's own shutdown path: the kernel calls SCHEDOP_shutdown, then on_* decides. */
export function guestShutdown(host: Host, d: Domain, reason: ShutdownReason): void {
  hypercall(host, {domid: d.domid, vcpuId: 0}, __HYPERVISOR_sched_op, [SCHEDOP_shutdown, SHUTDOWN_CODES[reason]])
  const action = reason === 'reboot' ? d.onReboot : reason === 'crash' ? d.onCrash : d.onPoweroff
  // xl's domain watcher (when running) acts on on_*; "destroy" is the common case.
  if (action === 'destroy' || action.startsWith('coredump-destroy')) domctl.destroyDomain(host, DOM0, d.domid)
  else if (action === 'restart' || action === 'rename-restart' || action === 'coredump-restart') restart(host, d)
}

/** on_reboot=restart: a new domain with the same config and a new id. */
function restart(host: Host, d: Domain): void {
  domctl.destroyDomain(host, DOM0, d.domid)
  const nd = domctl.createDomain(host, DOM0, {
    name: d.name, uuid: d.uuid, type: d.type, guestBits: d.guestBits,
    memKiB: d.memKiB, maxmemKiB: d.maxmemKiB, vcpus: d.vcpus.filter(v => v.online).length, maxVcpus: d.maxVcpus,
    hardAffinity: d.vcpus.map(v => v.hardAffinity), softAffinity: d.vcpus.map(v => v.softAffinity),
    weight: d.weight, cap: d.cap, kernel: d.guest.kernel, paravirtTimeAccounting: d.guest.paravirtTimeAccounting,
    workloads: d.vcpus.map(v => v.workload), onPoweroff: d.onPoweroff, onReboot: d.onReboot, onCrash: d.onCrash,
    config: d.config,
  })
  unpause(host, nd)
}

export function rename(host: Host, d: Domain, newName: string): void {
  for (const other of host.domains.values()) {
    if (other !== d && other.name === newName) {
      throw new XlError(libxlError('libxl_domain.c:330:libxl__domain_rename', `Domain ${d.domid}:domain with name "${newName}" already exists.`))
    }
  }
  if (newName === '' || newName.length > 64 || /[\s/]/.test(newName)) {
    throw new XlError(libxlError('libxl_domain.c:306:libxl__domain_rename', `Domain ${d.domid}:invalid domain name "${newName}"`))
  }
  d.name = newName
}

export function vcpuSet(host: Host, d: Domain, count: number): void {
  if (!Number.isInteger(count) || count < 1) throw new XlError('Error: Invalid argument.')
  if (count > d.maxVcpus) {
    throw new XlError(`Error: the domain ${d.domid} has only ${d.maxVcpus} vcpus (asked for ${count}).`)
  }
  setAvailableVcpus(host, d, count)
}
