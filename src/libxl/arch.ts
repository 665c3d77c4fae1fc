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
  /**
   * What this build of libxl has, as xl's #ifdefs test it: save, restore,
   * migrate and remus need suspend/resume (libxl.h defines
   * LIBXL_HAVE_NO_SUSPEND_RESUME on __arm__/__aarch64__), and the psr-*
   * commands need libxl_psr.c, built only with CONFIG_X86 (tools/libs/light/Makefile).
   */
  readonly features: {readonly suspendResume: boolean; readonly psr: boolean}
}

export type LibxlFeature = keyof LibxlArch['features']

// libxl_x86.c: create_info_setdefault is empty; update_domain_config pins
// msr_relaxed (default false) so that a restore knows how the guest started.
const x86: LibxlArch = {
  createInfoSetdefault: type => ({type, warnings: []}),
  updateDomainConfigX86: () => ({msr_relaxed: false}),
  features: {suspendResume: true, psr: true},
}

// libxl_arm.c: Arm guests are PVH, and a PV one is converted with three warnings.
const ARM_PV_WARNINGS = ['Converting PV guest to PVH.', 'Arm guest are now PVH.', 'Please fix your configuration file/toolstack.']
  .map((m, i) => libxlLine('warning', `libxl_arm.c:${1538 + i}:libxl__arch_domain_create_info_setdefault`, null, m))

const arm: LibxlArch = {
  createInfoSetdefault: type => (type === 'pv' ? {type: 'pvh', warnings: ARM_PV_WARNINGS} : {type, warnings: []}),
  // libxl_arm.c: update_domain_config is empty.
  updateDomainConfigX86: () => ({}),
  features: {suspendResume: false, psr: false},
}

const LIBXL_ARCH: Record<Arch, LibxlArch> = {x86_64: x86, arm64: arm}

export function libxlArch(arch: Arch): LibxlArch {
  return LIBXL_ARCH[arch]
}
