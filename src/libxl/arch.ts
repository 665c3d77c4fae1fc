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
}

// libxl_x86.c: the hook is empty.
const x86: LibxlArch = {
  createInfoSetdefault: type => ({type, warnings: []}),
}

// libxl_arm.c: Arm guests are PVH, and a PV one is converted with three warnings.
const ARM_PV_WARNINGS = ['Converting PV guest to PVH.', 'Arm guest are now PVH.', 'Please fix your configuration file/toolstack.']
  .map((m, i) => libxlLine('warning', `libxl_arm.c:${1538 + i}:libxl__arch_domain_create_info_setdefault`, null, m))

const arm: LibxlArch = {
  createInfoSetdefault: type => (type === 'pv' ? {type: 'pvh', warnings: ARM_PV_WARNINGS} : {type, warnings: []}),
}

const LIBXL_ARCH: Record<Arch, LibxlArch> = {x86_64: x86, arm64: arm}

export function libxlArch(arch: Arch): LibxlArch {
  return LIBXL_ARCH[arch]
}
