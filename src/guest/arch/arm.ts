// ARM Linux on Xen: arch/arm/xen/enlighten.c.
import type {GuestArchOps} from './ops.js'
import type {XenVersion} from '../../hypervisor/types.js'
import {ARM_SMCCC_TRNG_VERSION, ARM_SMCCC_VENDOR_HYP_CALL_UID, ARM_SMCCC_VERSION_FID, PSCI_0_2_FN32_PSCI_VERSION,
  PSCI_1_0_FN32_PSCI_FEATURES, vsmcccCall} from '../../hypervisor/arch/arm-vsmc.js'
import {GICD_ICACTIVER, gicdTyperItLines, vgicV3Write} from '../../hypervisor/arch/arm-vgic.js'

/** GICD_INT_EN_CLR_X32: all 32 bits of an I[CS]ENABLER / ICACTIVER word. */
const GICD_INT_EN_CLR_X32 = 0xffffffff

export const arm: GuestArchOps = {
  unamePreempt61: '',
  kernelFlavour: 'arm64',
  bootBanner(_type, xen: XenVersion): string {
    return `Xen ${xen} support found`
  },
  platformBoot(host, d, kernel) {
    const boot = {domid: d.domid, vcpuId: 0}
    // psci_probe() (drivers/firmware/psci/psci.c) over HVC: PSCI_VERSION, then for PSCI 1.x
    // psci_init_smccc(): PSCI_FEATURES(SMCCC_VERSION) and SMCCC_VERSION.
    vsmcccCall(host, boot, PSCI_0_2_FN32_PSCI_VERSION)
    vsmcccCall(host, boot, PSCI_1_0_FN32_PSCI_FEATURES, ARM_SMCCC_VERSION_FID)
    vsmcccCall(host, boot, ARM_SMCCC_VERSION_FID)
    if (!kernel.armBootProbes) return
    // arm_smccc_version_init() -> smccc_probe_trng(), then kvm_init_hyp_services().
    vsmcccCall(host, boot, ARM_SMCCC_TRNG_VERSION)
    vsmcccCall(host, boot, ARM_SMCCC_VENDOR_HYP_CALL_UID)
    // gic_dist_init() -> gic_dist_config(): deactivate and disable every SPI,
    // one ICACTIVER word per 32 lines from 32 up to what GICD_TYPER reports.
    const lines = 32 * (gicdTyperItLines(d) + 1)
    for (let i = 32; i < lines; i += 32) vgicV3Write(host, boot, 'vGICD', GICD_ICACTIVER + i / 8, GICD_INT_EN_CLR_X32)
  },
  cpuStarting(host, d, vcpuId, kernel) {
    // gic_cpu_init() -> gic_cpu_config(): the SGIs and PPIs of this CPU's redistributor.
    if (kernel.armBootProbes) vgicV3Write(host, {domid: d.domid, vcpuId}, 'vGICR: SGI', GICD_ICACTIVER, GICD_INT_EN_CLR_X32)
  },
  earlyVmAssist(): readonly string[] {
    return []
  },
  preCommonSteal: {stealClock: true, tickStolen: false},
  kaslrForcesKpti: true,
  kptiSkipsRunstate: true,
  entryPointByType: false,
  bootsX86Elf32: false,
}
