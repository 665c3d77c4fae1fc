// libxl's per-arch hooks, one table per arch as libxl keeps them in
// libxl_x86.c and libxl_arm.c (never `if (arch === ...)` in the common code).
import type {Arch, DomainType} from '../hypervisor/types.js'
import type {Host} from '../hypervisor/host.js'
import type {Domain} from '../hypervisor/domain.js'
import * as domctl from '../hypervisor/domctl.js'
import {DOM0} from '../hypervisor/domctl.js'
import {libxlLine} from './log.js'

export interface LibxlArch {
  /**
   * libxl__arch_domain_create_info_setdefault: the guest type libxl builds for
   * the one asked, and the warnings it logs when it changes it.
   */
  createInfoSetdefault(type: DomainType): {type: DomainType; warnings: readonly string[]}
  /** libxl__arch_update_domain_config: what it pins in b_info.arch_x86 of the stored configuration. */
  updateDomainConfigX86(): {msr_relaxed?: boolean}
  /** EXTRA_DEFAULT_PAGING_MEM_MB (libxl_arch.h), in libxl__get_required_paging_memory. */
  readonly extraDefaultPagingMemMiB: number
  /** libxl__arch_domain_create sets the paging mempool (libxl__domain_set_paging_mempool_size) for this type. */
  setsPagingMempool(type: DomainType): boolean
  /**
   * Pages the domain builder pads before the kernel segment
   * (xc_dom_alloc_segment's xc_dom_alloc_pad up to the kernel's start).
   */
  kernelPadPages(type: DomainType): number
  /**
   * hvmloader is installed in the firmware directory (Debian ships it with
   * the x86 tools only): libxl__domain_firmware loads it for an HVM guest.
   */
  readonly hasHvmloader: boolean
  /** libxenguest's boot vCPU set-up for the built domain (xg_dom_x86.c vcpu_hvm, xg_dom_arm.c vcpu_arm). */
  bootVcpu(host: Host, d: Domain): void
  /**
   * What this build of libxl has, as xl's #ifdefs test it: save, restore,
   * migrate and remus need suspend/resume (libxl.h defines
   * LIBXL_HAVE_NO_SUSPEND_RESUME on __arm__/__aarch64__), and the psr-*
   * commands need libxl_psr.c, built only with CONFIG_X86 (tools/libs/light/Makefile).
   */
  readonly features: {readonly suspendResume: boolean; readonly psr: boolean}
}

/** XENFIRMWAREDIR as Debian builds Xen 4.17 (libxl__xenfirmwaredir_path). */
export const XEN_FIRMWARE_DIR = '/usr/lib/xen-4.17/boot'

/** Device model a guest type gets from libxl (libxl_create.c): only HVM has one (qemu-xen in dom0). */
export function hasDeviceModel(type: DomainType): boolean {
  return type === 'hvm'
}

/**
 * xg_dom_x86.c vcpu_hvm for PVH and HVM: the full context read once (the
 * header Xen's cpuid fills in), then, with no device model (PVH), each
 * vCPU's MTRR set to write-back, then the BSP's CPU record, last as every
 * setcontext puts the vCPUs down. Xen logs each step (hvm/save.c).
 */
function vcpuHvm(host: Host, d: Domain): void {
  if (d.type === 'pv') return
  domctl.getHvmContext(host, DOM0, d.domid)
  if (!hasDeviceModel(d.type)) {
    for (let i = 0; i < d.maxVcpus; i++) domctl.setHvmContext(host, DOM0, d.domid, [['MTRR', i]])
  }
  domctl.setHvmContext(host, DOM0, d.domid, [['CPU', 0]])
}

export type LibxlFeature = keyof LibxlArch['features']

// libxl_x86.c: create_info_setdefault is empty; update_domain_config pins
// msr_relaxed (default false) so that a restore knows how the guest started.
const x86: LibxlArch = {
  createInfoSetdefault: type => ({type, warnings: []}),
  updateDomainConfigX86: () => ({msr_relaxed: false}),
  extraDefaultPagingMemMiB: 0,
  // libxl_x86.c libxl__arch_domain_create: only for non-PV guests.
  setsPagingMempool: type => type !== 'pv',
  // Linux x86_64 is linked at 0xffffffff81000000 above its
  // XEN_ELFNOTE_VIRT_BASE 0xffffffff80000000 (PV), or loaded at 16 MiB
  // physical (PVH): 16 MiB of padding first.
  kernelPadPages: () => 0x1000,
  bootVcpu: vcpuHvm,
  hasHvmloader: true,
  features: {suspendResume: true, psr: true},
}

// libxl_arm.c: Arm guests are PVH, and a PV one is converted with three warnings.
const ARM_PV_WARNINGS = ['Converting PV guest to PVH.', 'Arm guest are now PVH.', 'Please fix your configuration file/toolstack.']
  .map((m, i) => libxlLine('warning', `libxl_arm.c:${1538 + i}:libxl__arch_domain_create_info_setdefault`, null, m))

const arm: LibxlArch = {
  createInfoSetdefault: type => (type === 'pv' ? {type: 'pvh', warnings: ARM_PV_WARNINGS} : {type, warnings: []}),
  // libxl_arm.c: update_domain_config is empty.
  updateDomainConfigX86: () => ({}),
  extraDefaultPagingMemMiB: 128,
  // libxl_arm.c libxl__arch_domain_create: always.
  setsPagingMempool: () => true,
  // xg_dom_armzimageloader.c: the Image at rambase + text_offset (0 since Linux 5.8; 4.x's 0x80000 is half a MiB).
  kernelPadPages: () => 0,
  // vcpu_arm sets the registers with XEN_DOMCTL_setvcpucontext: Xen says nothing.
  bootVcpu: () => {},
  hasHvmloader: false,
  features: {suspendResume: false, psr: false},
}

const LIBXL_ARCH: Record<Arch, LibxlArch> = {x86_64: x86, arm64: arm}

export function libxlArch(arch: Arch): LibxlArch {
  return LIBXL_ARCH[arch]
}
