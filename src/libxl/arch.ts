// libxl's per-arch hooks, one table per arch as libxl keeps them in
// libxl_x86.c and libxl_arm.c (never `if (arch === ...)` in the common code).
import type {Arch, DomainType} from '../hypervisor/types.js'
import {libxlLine} from './log.js'

export interface LibxlArch {
  /**
   * libxl__arch_domain_create_info_setdefault: the guest type libxl builds for
   * the one asked, and the warnings it logs when it changes it.
   */
  createInfoSetdefault(type: DomainType): {type: DomainType; warnings: readonly string[]}
  /** libxl__arch_update_domain_config: what it pins in b_info.arch_x86 of the stored configuration. */
  updateDomainConfigX86(): {msr_relaxed?: boolean}
  /** LIBXL_HAVE_NO_SUSPEND_RESUME (libxl.h, Arm): no save, restore or migration. */
  readonly noSuspendResume: boolean
}

// libxl_x86.c: create_info_setdefault is empty; update_domain_config pins
// msr_relaxed (default false) so that a restore knows how the guest started.
const x86: LibxlArch = {
  createInfoSetdefault: type => ({type, warnings: []}),
  updateDomainConfigX86: () => ({msr_relaxed: false}),
  noSuspendResume: false,
}

// libxl_arm.c: Arm guests are PVH, and a PV one is converted with three warnings.
const ARM_PV_WARNINGS = ['Converting PV guest to PVH.', 'Arm guest are now PVH.', 'Please fix your configuration file/toolstack.']
  .map((m, i) => libxlLine('warning', `libxl_arm.c:${1538 + i}:libxl__arch_domain_create_info_setdefault`, null, m))

const arm: LibxlArch = {
  createInfoSetdefault: type => (type === 'pv' ? {type: 'pvh', warnings: ARM_PV_WARNINGS} : {type, warnings: []}),
  // libxl_arm.c: update_domain_config is empty.
  updateDomainConfigX86: () => ({}),
  noSuspendResume: true,
}

const LIBXL_ARCH: Record<Arch, LibxlArch> = {x86_64: x86, arm64: arm}

export function libxlArch(arch: Arch): LibxlArch {
  return LIBXL_ARCH[arch]
}
