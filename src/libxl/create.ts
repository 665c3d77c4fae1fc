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
import {canBootAs, findKernel, kernelImageKiB} from '../guest/kernels.js'
import {HypervisorError} from '../hypervisor/errno.js'
import {XlError} from './errors.js'
import {libxlLine} from './log.js'
import {libxlArch, XEN_FIRMWARE_DIR} from './arch.js'
import {unpause} from './domain.js'
import {noDevices, type DomainDevices} from './device-types.js'
import {LibxlFailure} from './devices.js'
import {createDefaults} from './devices-add.js'
import {attachDevices, PENDING_DEVICES} from './devices-create.js'
import {cpupoolByQualifier} from './cpupool.js'

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
  /** `pool` (a cpupool's name or id): libxl_cpupool_qualifier_to_cpupoolid. */
  pool?: string
  /** The parsed configuration, kept for `xl list -l`. */
  config: Record<string, unknown>
  /** No `memory` nor `maxmem`: max_memkb is LIBXL_MEMKB_DEFAULT until build info defaults. */
  memkbDefault?: boolean
  /** b_info->max_vcpus as xl set it (0: neither maxvcpus nor a valid vcpus). */
  xlMaxVcpus?: number
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
/** Xen runs 32-bit PV guests: xen-3.0-x86_32p is among its capabilities (xen_caps of `xl info`). */
export function pv32Capable(host: Host): boolean {
  return archOps(host.config.arch).xenCaps(host).split(' ').includes('xen-3.0-x86_32p')
}

export function checkDomainConfig(host: Host, req: CreateRequest): void {
  // libxl__domain_config_setdefault: the pool must name one (libxl_cpupoolid_is_valid).
  if (req.pool !== undefined && !cpupoolByQualifier(host, req.pool)) {
    throw new XlError(libxlLine('error', 'libxl_create.c:1132:libxl__domain_config_setdefault', null, `Illegal pool specified: ${req.pool}`), 3)
  }
  // cpupool_add_domain(): a pool without pCPUs takes no domain (-ENODEV from XEN_DOMCTL_createdomain).
  if (req.pool !== undefined && cpupoolByQualifier(host, req.pool)!.cpus.length === 0) {
    throw new XlError([
      libxlLine('error', 'libxl_create.c:709:libxl__domain_make', null, 'domain creation fail: No such device'),
      libxlLine('error', 'libxl_create.c:1294:initiate_domain_create', null, 'cannot make domain: -3'),
    ], 3)
  }
  const arch = archOps(host.config.arch)
  const {type} = libxlArch(host.config.arch).createInfoSetdefault(req.type ?? arch.defaultDomainType)
  // xl sized the bitmap for `vcpus` (libxl_cpu_bitmap_alloc: (n+7)/8 bytes).
  if (Math.ceil(req.vcpus / 8) > HVM_MAX_VCPUS) {
    throw new XlError([
      libxlLine('error', 'libxl_create.c:218:libxl__domain_build_info_setdefault', null, 'avail_vcpus bitmap contains too many VCPUS'),
      libxlLine('error', 'libxl_create.c:1239:libxl__domain_config_setdefault', null, 'Unable to set domain build info defaults'),
    ], 3)
  }
  try {
    domctl.sanitiseDomainConfig(host, xenType(host, type), Math.max(req.maxVcpus, req.vcpus))
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
 * The domain as Xen makes it: libxl asks for XEN_DOMCTL_CDF_hvm for every
 * non-PV type, and an arch whose guests are all of one such kind (Arm:
 * 'pvh' in libxl's words) takes an HVM request as that kind. libxl then
 * fails to build it (libxl__domain_firmware finds no hvmloader).
 */
function xenType(host: Host, type: DomainType): DomainType {
  const arch = archOps(host.config.arch)
  return arch.domainTypes.includes(type) || type === 'pv' ? type : arch.defaultDomainType
}

/**
 * A create that failed after XEN_DOMCTL_createdomain made the domain: the id
 * is spent even though the domain is gone again (libxl__domain_make, then
 * domcreate_complete's destroy, then xl's own libxl_domain_destroy).
 */
export class CreateFailedAfterMake extends XlError {}

/**
 * What libxl and xl log once a made domain has to go: domcreate_complete
 * (libxl_create.c) destroys it, then create_domain's error_out
 * (xl_vmcontrol.c) calls libxl_domain_destroy on the id it was handed back,
 * which finds no domain (libxl_domain.c). The first destroy is quiet but
 * for one thing: libxl__domain_type (libxl_dom.c) reads /libxl/<domid>/type
 * for a domain Xen flags XEN_DOMINF_hvm_guest (PVH, HVM, every Arm guest),
 * and when libxl__domain_make's xenstore transaction never committed the
 * node is missing, so it says so and assumes HVM.
 */
function destroyedTwice(domid: number, type: DomainType, typeWritten: boolean): string[] {
  const typeMissing = type === 'pv' || typeWritten ? [] : [
    libxlLine('error', 'libxl_xshelp.c:206:libxl__xs_read_mandatory', null,
      `xenstore read failed: \`/libxl/${domid}/type': No such file or directory`),
    libxlLine('warning', 'libxl_dom.c:49:libxl__domain_type', null, `unable to get domain type for domid=${domid}, assuming HVM`),
  ]
  return [...typeMissing,
    libxlLine('error', 'libxl_domain.c:1183:libxl__destroy_domid', domid, 'Non-existant domain'),
    libxlLine('error', 'libxl_domain.c:1137:domain_destroy_callback', domid, 'Unable to destroy guest'),
    libxlLine('error', 'libxl_domain.c:1064:domain_destroy_cb', domid, 'Destruction of domain failed'),
  ]
}

/**
 * The build (libxl__build_pv / libxl__build_hvm in libxl_dom.c, with
 * libxenguest's xc_dom_* underneath) refusing the guest kernel or memory:
 * the lines libxl and libxc log, without domcreate_rebuild_done's line.
 */
function buildFailure(host: Host, req: CreateRequest, type: DomainType, domid: number): {lines: string[]; rc: number} | null {
  const kernelName = req.kernel ?? DEFAULT_GUEST_KERNEL
  const kernel = findKernel(kernelName)
  const pv = type === 'pv'
  const la = libxlArch(host.config.arch)
  // libxl__build_pre -> libxl__arch_domain_create ->
  // libxl__domain_set_paging_mempool_size (libxl_dom.c): the pool size in
  // bytes must fit 64 bits. libxl__domain_config_setdefault sized it
  // before libxl__domain_build_info_setdefault gave max_memkb its 32 MiB,
  // so with no memory line it was computed from LIBXL_MEMKB_DEFAULT (~0).
  // The errno LOGED appends is the one xs_read of the absent
  // /tool/xenconsoled/domid left just before (ENOENT).
  if (la.setsPagingMempool(type)) {
    const shadowKiB = requiredPagingMemoryKiB(req, type, la.extraDefaultPagingMemMiB)
    if (BigInt.asUintN(64, shadowKiB << 10n) >> 10n !== shadowKiB) {
      return {lines: [libxlLine('error', 'libxl_dom.c:1462:libxl__domain_set_paging_mempool_size', domid,
        `shadow_memkb value ${shadowKiB}kB too large: No such file or directory`)], rc: -3}
    }
  }
  if (type === 'hvm' && !la.hasHvmloader) {
    // libxl__domain_firmware (libxl_dom.c): qemu-xen's firmware is
    // hvmloader, loaded from the firmware directory like a kernel.
    return {lines: [
      `xc: error: panic: xg_dom_core.c:205: failed to open file '${XEN_FIRMWARE_DIR}/hvmloader': No such file or directory: Internal error`,
      libxlLine('error', 'libxl_dom.c:942:libxl__domain_firmware', null, 'xc_dom_{kernel_file/ramdisk_file} failed: No such file or directory'),
      libxlLine('error', 'libxl_dom.c:1075:libxl__build_hvm', null, 'initializing domain firmware failed'),
    ], rc: -1}
  }
  if (!kernel) {
    // xc_dom_kernel_file -> xc_dom_malloc_filemap (xg_dom_core.c) cannot open the file.
    const opened = `xc: error: panic: xg_dom_core.c:205: failed to open file '${kernelName}': No such file or directory: Internal error`
    return pv
      ? {lines: [opened, libxlLine('error', 'libxl_dom.c:646:libxl__build_pv', null, 'xc_dom_kernel_file failed: No such file or directory')], rc: -3}
      : {lines: [opened,
          libxlLine('error', 'libxl_dom.c:909:libxl__domain_firmware', null, 'xc_dom_kernel_file failed: No such file or directory'),
          libxlLine('error', 'libxl_dom.c:1075:libxl__build_hvm', null, 'initializing domain firmware failed')], rc: -1}
  }
  if (!canBootAs(kernel, host.config.arch, type)) {
    // xc_dom_guest_type (xg_dom_elfloader.c): no XEN_ELFNOTE_PHYS32_ENTRY, so no PVH (an HVM container).
    return {lines: [
      'xc: error: panic: xg_dom_elfloader.c:63: xc_dom_guest_type: image not capable of booting inside a HVM container: Invalid kernel',
      libxlLine('error', 'libxl_dom.c:571:libxl__build_dom', null, 'xc_dom_parse_image failed'),
    ], rc: -3}
  }
  // xc_dom_compat_check (xg_dom_boot.c): the guest type must be one of Xen's
  // capabilities; a PV i686 kernel is xen-3.0-x86_32p (xg_dom_elfloader.c).
  if (kernel.guestBits === 32 && pv && !pv32Capable(host)) {
    return {lines: [
      'xc: error: panic: xg_dom_boot.c:86: xc_dom_compat_check: guest type xen-3.0-x86_32p not supported by xen kernel, sorry: Invalid kernel',
      libxlLine('error', 'libxl_dom.c:571:libxl__build_dom', null, 'xc_dom_parse_image failed'),
    ], rc: -3}
  }
  if (req.memMiB * 1024 > freeMemKiB(host)) {
    return {lines: [
      'xc: error: panic: xg_dom_boot.c:119: xc_dom_boot_mem_init: can\'t allocate low memory for domain: Out of memory',
      libxlLine('error', 'libxl_dom.c:586:libxl__build_dom', null, 'xc_dom_boot_mem_init failed: Cannot allocate memory'),
    ], rc: -3}
  }
  // xc_dom_build_image (xg_dom_core.c): the kernel segment, after the
  // padding up to its start, must fit the domain's pages (total_pages from
  // xc_dom_mem_init: target memory in MiB << 8). HVM guests load hvmloader
  // there, not the kernel. xc_dom_chk_alloc_pages sets no errno: libxl's
  // LOGE shows the ENOENT xs_read left in libxl__build_pre.
  if (type !== 'hvm') {
    const totalPages = Math.floor(req.memMiB) * 256
    const pad = la.kernelPadPages(type)
    const pages = Math.ceil(kernelImageKiB(kernel, host.config.arch) / 4)
    if (pad > totalPages || pages > totalPages - pad) {
      const hex = (n: number) => `0x${n.toString(16)}`
      const at = pad > totalPages ? {name: 'padding', pages: pad, end: 0} : {name: 'kernel', pages, end: pad}
      return {lines: [
        `xc: error: panic: xg_dom_core.c:536: xc_dom_chk_alloc_pages: segment ${at.name} too large (${hex(at.pages)} > ${hex(totalPages)} - ${hex(at.end)} pages): Out of memory`,
        libxlLine('error', 'libxl_dom.c:594:libxl__build_dom', null, 'xc_dom_build_image failed: No such file or directory'),
      ], rc: -3}
    }
  }
  return null
}

/**
 * libxl__get_required_paging_memory (libxl_create.c) in C's unsigned long
 * arithmetic: 4 KiB x (256 per vCPU, plus one page per MiB of RAM for a
 * non-PV guest's P2M and one more with shadow paging, plus the arch's
 * EXTRA_DEFAULT_PAGING_MEM_MB). HAP is on for every non-PV guest here.
 */
export function requiredPagingMemoryKiB(req: CreateRequest, type: DomainType, extraMiB: number): bigint {
  const maxmemKiB = req.memkbDefault ? (1n << 64n) - 1n : BigInt(Math.max(req.maxmemMiB, req.memMiB) * 1024)
  const vcpus = BigInt.asUintN(32, BigInt(req.xlMaxVcpus ?? req.maxVcpus))
  const perMiB = type === 'pv' ? 0n : 1n
  return BigInt.asUintN(64, 4n * (256n * vcpus + perMiB * (maxmemKiB / 1024n) + BigInt(extraMiB)))
}

/**
 * libxl_domain_create_new in its real order: defaults and the domctl checks
 * (no domain yet, no id spent), then libxl__domain_make (the domain exists,
 * then libxl__domain_rename names it), then the build. A failure after the
 * make throws CreateFailedAfterMake: the id is spent.
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
  // typeWritten: libxl__domain_make's xenstore transaction (with
  // /libxl/<domid>/type) committed, i.e. the failure came after it.
  const spend = (lines: string[], typeWritten: boolean): never => {
    host.nextDomid = next + 1
    throw new CreateFailedAfterMake([...lines, ...destroyedTwice(next, type, typeWritten)], 3)
  }
  // libxl__domain_rename (libxl_domain.c), once Xen has made domain `next`:
  // names are unique (ERROR_INVAL), and the name is written to
  // /local/domain/<domid>/name in one xenstore message (E2BIG past
  // XENSTORE_PAYLOAD_MAX, ERROR_FAIL).
  for (const d of host.domains.values()) {
    if (d.name === req.name) {
      spend([
        libxlLine('error', 'libxl_domain.c:81:libxl__domain_rename', next, `Domain with name "${req.name}" already exists.`),
        libxlLine('error', 'libxl_create.c:1294:initiate_domain_create', next, 'cannot make domain: -6'),
      ], false)
    }
  }
  const namePath = `/local/domain/${next}/name`
  if (namePath.length + 1 + Buffer.byteLength(req.name) > XENSTORE_PAYLOAD_MAX) {
    spend([
      libxlLine('error', 'libxl_domain.c:107:libxl__domain_rename', next,
        `Failed to write new name \`${req.name}' for domain previously named \`(null)'`),
      libxlLine('error', 'libxl_create.c:1294:initiate_domain_create', next, 'cannot make domain: -3'),
    ], false)
  }
  // The devices xl parsed: their defaults come after the make, before the build.
  const devs = (req.config.devices as DomainDevices | undefined) ?? noDevices()
  let defaulted: ReturnType<typeof createDefaults> = {nics: []}
  try {
    defaulted = createDefaults(host, next, type, devs)
  } catch (e) {
    if (!(e instanceof LibxlFailure)) throw e
    spend(e.lines, true)
  }
  const failed = buildFailure(host, req, type, next)
  if (failed) {
    spend([...failed.lines, libxlLine('error', 'libxl_create.c:1638:domcreate_rebuild_done', next, `cannot (re-)build domain: ${failed.rc}`)], true)
  }
  const kernel = findKernel(req.kernel ?? DEFAULT_GUEST_KERNEL)!
  const spec = domainSpec(req, type, kernel.name, req.uuid ?? randomUuid(host))
  // xl's parse_config_data set u.pv.e820_host for a PV guest with pci= devices (kept for `xl list -l`)
  if (devs.pcidevs.length > 0 && type === 'pv') spec.config = {...spec.config, e820Host: true}
  const d = domctl.createDomain(host, DOM0, {
    ...spec, config: {...spec.config, [PENDING_DEVICES]: undefined},
    cpupool: req.pool !== undefined ? cpupoolByQualifier(host, req.pool)!.id : 0,
  })
  libxlArch(host.config.arch).bootVcpu(host, d)
  try {
    attachDevices(host, d, devs, defaulted.nics)
  } catch (e) {
    if (!(e instanceof LibxlFailure)) throw e
    domctl.destroyDomain(host, DOM0, d.domid)
    spend(e.lines, true)
  }
  if (!opts.paused) unpause(host, d)
  return d
}

/**
 * The domain a stored configuration (`xl config-update`) rebuilds on
 * reboot: the request with libxl's defaults, under the domain's own uuid.
 */
export function rebuildSpec(host: Host, req: CreateRequest, uuid: string): domctl.DomainSpec {
  const {type} = libxlArch(host.config.arch).createInfoSetdefault(req.type ?? archOps(host.config.arch).defaultDomainType)
  const kernel = req.kernel ?? DEFAULT_GUEST_KERNEL
  return domainSpec(req, type, findKernel(kernel)?.name ?? kernel, uuid)
}

/** What XEN_DOMCTL_createdomain and the build get from a request whose type and kernel are settled. */
export function domainSpec(req: CreateRequest, type: DomainType, kernel: string, uuid: string): domctl.DomainSpec {
  const maxVcpus = Math.max(req.maxVcpus, req.vcpus)
  return {
    // XEN_DOMCTL_set_address_size(32) for a 32-bit kernel (xg_dom_x86.c; switch_compat).
    name: req.name, uuid, type, guestBits: findKernel(kernel)?.guestBits ?? 64,
    memKiB: req.memMiB * 1024, maxmemKiB: Math.max(req.maxmemMiB, req.memMiB) * 1024,
    vcpus: req.vcpus, maxVcpus,
    hardAffinity: Array.from({length: maxVcpus}, (_, i) => pick(req.cpus, i) ?? null),
    softAffinity: Array.from({length: maxVcpus}, (_, i) => pick(req.cpusSoft, i) ?? null),
    weight: req.weight ?? 256, cap: req.cap ?? 0,
    kernel, paravirtTimeAccounting: req.paravirtTimeAccounting,
    workloads: req.workloads.length ? req.workloads : ['idle'],
    onPoweroff: req.onPoweroff, onReboot: req.onReboot, onCrash: req.onCrash,
    // the devices as xl parsed them are added by createDomain; the domain keeps their state (libxl/devices.ts)
    // (a rebuild after `xl config-update` adds them from PENDING_DEVICES)
    config: {...req.config, devices: undefined, [PENDING_DEVICES]: req.config.devices},
  }
}

/**
 * createDomain for `xl create`: a failure after the domain was made comes
 * back as a value, so the host (with its spent id) is still saved; the
 * caller throws it once the transaction is committed.
 */
export function createDomainXl(host: Host, req: CreateRequest,
  opts: {paused: boolean; warn?: (lines: readonly string[]) => void}): Domain | CreateFailedAfterMake {
  try {
    return createDomain(host, req, opts)
  } catch (e) {
    if (e instanceof CreateFailedAfterMake) return e
    throw e
  }
}
