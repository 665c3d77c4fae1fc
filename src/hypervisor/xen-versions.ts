// What each modelled Xen release line changed for the runstate interface,
// as one table (the arch tables and the runstate writer read it; nothing
// compares version strings). Each line stands for its last release.
import type {XenVersion} from './types.js'

export interface XenVersionFacts {
  /** xen_version as `xl info` prints it (the line's last release). */
  readonly release: string
  /**
   * 2529c850ea48 "add update indicator to vcpu_runstate_info" (4.8):
   * VMASST_TYPE_runstate_update_flag exists.
   */
  readonly runstateUpdateFlag: boolean
  /** 72c538cca957 "arm: add support for vm_assist hypercall" (4.8). */
  readonly armVmAssist: boolean
  /** f13404d57f "x86/HVM: expose VM assist hypercall" (4.14): HVM/PVH guests have vm_assist. */
  readonly hvmVmAssist: boolean
  /**
   * 4.8-4.12: update_runstate_area() sets XEN_RUNSTATE_UPDATE in Xen's own
   * v->runstate while it copies, so a vcpu_runstate_get() in that window
   * sees it (fixed in 4.13 by f28c4c4c10 "sched: don't let
   * XEN_RUNSTATE_UPDATE leak into vcpu_runstate_get()").
   */
  readonly flagLeaksIntoRunstateGet: boolean
  /**
   * 4.18: VCPUOP_register_runstate_phys_area (14), XENFEAT_runstate_phys_area
   * (18): an area by guest-physical address, always updated with the flag
   * and 64-bit atomic writes (xen/common/domain.c update_runstate_area).
   */
  readonly runstatePhysArea: boolean
  /**
   * 4.14+: 32-bit PV guests depend on CONFIG_PV32 and opt_pv32
   * (xen/arch/x86/pv/domain.c, `pv=[no-]32`; xen/arch/x86/setup.c turns it
   * off with CET shadow stacks), and xen_caps lists xen-3.0-x86_32p only
   * then (setup.c arch_get_xen_caps). Earlier releases always list it.
   */
  readonly pv32Optional: boolean
}

export const XEN_FACTS: Record<XenVersion, XenVersionFacts> = {
  '4.7': {release: '4.7.6', runstateUpdateFlag: false, armVmAssist: false, hvmVmAssist: false, flagLeaksIntoRunstateGet: false, runstatePhysArea: false, pv32Optional: false},
  '4.8': {release: '4.8.5', runstateUpdateFlag: true, armVmAssist: true, hvmVmAssist: false, flagLeaksIntoRunstateGet: true, runstatePhysArea: false, pv32Optional: false},
  '4.12': {release: '4.12.4', runstateUpdateFlag: true, armVmAssist: true, hvmVmAssist: false, flagLeaksIntoRunstateGet: true, runstatePhysArea: false, pv32Optional: false},
  '4.13': {release: '4.13.5', runstateUpdateFlag: true, armVmAssist: true, hvmVmAssist: false, flagLeaksIntoRunstateGet: false, runstatePhysArea: false, pv32Optional: false},
  '4.14': {release: '4.14.6', runstateUpdateFlag: true, armVmAssist: true, hvmVmAssist: true, flagLeaksIntoRunstateGet: false, runstatePhysArea: false, pv32Optional: true},
  '4.17': {release: '4.17.7', runstateUpdateFlag: true, armVmAssist: true, hvmVmAssist: true, flagLeaksIntoRunstateGet: false, runstatePhysArea: false, pv32Optional: true},
  '4.18': {release: '4.18.6', runstateUpdateFlag: true, armVmAssist: true, hvmVmAssist: true, flagLeaksIntoRunstateGet: false, runstatePhysArea: true, pv32Optional: true},
}

export function xenFacts(xen: XenVersion): XenVersionFacts {
  return XEN_FACTS[xen]
}
