// The SMC/HVC calls a guest makes to Xen on ARM (xen/arch/arm/vsmc.c
// vsmccc_handle_call), as far as a Linux boot reaches them: the function ID's
// owner picks the handler (arch, hypervisor, standard = PSCI 0.2+); a call no
// handler knows is logged with the calling vCPU (vsmc.c:299, gprintk's
// "%pv ") and answered ARM_SMCCC_ERR_UNKNOWN_FUNCTION.
import type {Host} from '../host.js'
import {xenLog} from '../console.js'

export const ARM_SMCCC_VERSION_FID = 0x80000000
export const ARM_SMCCC_ARCH_FEATURES_FID = 0x80000001
/** SMCCC TRNG_VERSION (standard owner, function 0x50): vsmc.c has no TRNG. */
export const ARM_SMCCC_TRNG_VERSION = 0x84000050
/** SMCCC VENDOR_HYP_CALL_UID (owner 6, vendor-specific hypervisor): Xen 4.17 handles owner 5 only. */
export const ARM_SMCCC_VENDOR_HYP_CALL_UID = 0x8600ff01
export const PSCI_0_2_FN32_PSCI_VERSION = 0x84000000
export const PSCI_1_0_FN32_PSCI_FEATURES = 0x8400000a

const ARM_SMCCC_ERR_UNKNOWN_FUNCTION = -1
const ARM_SMCCC_NOT_SUPPORTED = -1
const ARM_SMCCC_VERSION_1_1 = 0x10001
const PSCI_VERSION_1_1 = 0x10001

const PSCI_NOT_SUPPORTED = -1
/**
 * The PSCI functions vpsci.c implements (asm/psci.h): 32-bit VERSION,
 * CPU_SUSPEND, CPU_OFF, CPU_ON, AFFINITY_INFO, MIGRATE_INFO_TYPE, SYSTEM_OFF,
 * SYSTEM_RESET, PSCI_FEATURES; 64-bit CPU_SUSPEND, CPU_ON, AFFINITY_INFO.
 */
const PSCI_FUNCTIONS: ReadonlySet<number> = new Set([
  0x84000000, 0x84000001, 0x84000002, 0x84000003, 0x84000004, 0x84000006, 0x84000008, 0x84000009, 0x8400000a,
  0xc4000001, 0xc4000003, 0xc4000004,
])

const OWNER_ARCH = 0
const OWNER_STANDARD = 4
const OWNER_HYPERVISOR = 5

/** Functions of each owner vsmc.c / vpsci.c answer (the ones a guest boot uses). */
const HANDLED: Readonly<Record<number, (fid: number, arg: number) => number | null>> = {
  [OWNER_ARCH]: (fid, arg) => {
    if (fid === ARM_SMCCC_VERSION_FID) return ARM_SMCCC_VERSION_1_1
    // handle_arch: WORKAROUND_1/2/3 per the host's mitigations; anything else NOT_SUPPORTED.
    if (fid === ARM_SMCCC_ARCH_FEATURES_FID) return arg === 0x80008000 ? 0 : ARM_SMCCC_NOT_SUPPORTED
    return [0x80008000, 0x80007fff, 0x80003fff].includes(fid) ? 0 : null
  },
  // handle_hypervisor: call count, UID, revision of owner 5.
  [OWNER_HYPERVISOR]: fid => ([0x8500ff00, 0x8500ff01, 0x8500ff03].includes(fid) ? 0 : null),
  // handle_sssc -> do_vpsci_0_2_call (vpsci.c:287-349), then the SSSC count/UID/revision.
  [OWNER_STANDARD]: (fid, arg) => {
    if (fid === PSCI_0_2_FN32_PSCI_VERSION) return PSCI_VERSION_1_1
    // do_psci_1_0_features(): 0 for the functions above and SMCCC_VERSION, else NOT_SUPPORTED.
    if (fid === PSCI_1_0_FN32_PSCI_FEATURES) return PSCI_FUNCTIONS.has(arg >>> 0) || arg >>> 0 === ARM_SMCCC_VERSION_FID ? 0 : PSCI_NOT_SUPPORTED
    return PSCI_FUNCTIONS.has(fid) || [0x8400ff00, 0x8400ff01, 0x8400ff03].includes(fid) ? 0 : null
  },
}

/** An HVC #0 from a 64-bit guest vCPU with x0 = funcid: what x0 holds on return. */
export function vsmcccCall(host: Host, caller: {domid: number; vcpuId: number}, funcid: number, arg = 0): number {
  const owner = (funcid >>> 24) & 0x3f
  const result = HANDLED[owner]?.(funcid >>> 0, arg) ?? null
  if (result !== null) return result
  xenLog(host.console, `d${caller.domid}v${caller.vcpuId} Unhandled SMC/HVC: 0x${(funcid >>> 0).toString(16)}`)
  return ARM_SMCCC_ERR_UNKNOWN_FUNCTION
}
