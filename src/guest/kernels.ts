// The guest kernels we model: what each Linux does with runstate information
// at boot, per arch, and how it accounts steal.
import type {Arch, DomainType} from '../hypervisor/types.js'
import {guestArch} from './arch/index.js'

export interface KernelModel {
  readonly name: string
  readonly version: string
  /** Calls vm_assist(enable, runstate_update_flag) at boot (the series' xen_time_setup_guest). */
  readonly enablesRunstateFlag: boolean
  /** Installs the Xen steal clock (pv_time_ops.steal_clock) on this arch. */
  stealClockOn(arch: Arch): boolean
  /** x86 Xen tick-based stolen accounting in the timer interrupt (removed by the series). */
  tickStolenOn(arch: Arch): boolean
  /**
   * kernel/sched/cputime.c charges steal-clock time in whole ticks (Linux 4.6
   * steal_account_process_tick(): nsecs_to_cputime() with jiffy cputime, the
   * rest left in prev_steal_time) rather than in ns (steal_account_process_time()
   * once kcpustat counts ns, as in Linux 6.1).
   */
  readonly stealInWholeTicks: boolean
  /** Can boot as this guest type (PVH needs the PHYS32 entry point, Linux 4.11+). */
  bootsAs(type: DomainType): boolean
  /** arm64 with the kernel unmapped at EL0 (KPTI): runstate and steal setup skipped (Linux 5.10+, f88af7229f6f). */
  skipsSetupWithKpti: boolean
  /** arm64 KPTI exists at all (arch/arm64/kernel/cpufeature.c unmap_kernel_at_el0, Linux 4.16+). */
  readonly arm64Kpti: boolean
  /**
   * drivers/xen/time.c xen_manage_runstate_time() (Linux 4.15, "xen/time: do
   * not decrease steal time after live migration on xen"): the runstate
   * totals are saved before suspend and added back after resume.
   */
  readonly keepsStealAcrossResume: boolean
  /**
   * arm64 boot calls beyond PSCI: the SMCCC TRNG probe (arm_smccc_version_init,
   * Linux 5.12+) and the KVM vendor-hypervisor UID (kvm_init_hyp_services, 5.10+),
   * and the GIC driver deactivating every interrupt as it sets up the
   * distributor and each CPU's redistributor (irq-gic-common.c gic_dist_config,
   * gic_cpu_config): Linux 6.1 does all of these, 4.6 none.
   */
  armBootProbes: boolean
  /**
   * What the domain builder loads, per arch, in KiB: the ELF kernel's
   * virtual range (PT_LOAD from _text to _end, bss included) on x86, the
   * arm64 Image header's image_size. Optional: kernelImageKiB() gives a
   * default by kernel series.
   */
  readonly imageKiB?: Partial<Record<Arch, number>>
  /**
   * How long the kernel takes from seeing control/shutdown in xenstore to
   * its SCHEDOP_shutdown (orderly_poweroff: user space stopped, disks
   * synced, devices shut down), in ms. Optional: shutdownLatencyMs() gives
   * a default.
   */
  readonly shutdownMs?: number
  /**
   * A 32-bit x86 kernel (ELF class 32, EM_386, PAE): the domain builder
   * names its guest type xen-3.0-x86_32p (xg_dom_elfloader.c
   * xc_dom_guest_type) and makes the domain 32-bit (XEN_DOMCTL_set_address_size,
   * switch_compat), so Xen writes its runstate areas in the compat layout
   * (44 bytes). Absent: a 64-bit kernel.
   */
  readonly guestBits?: 32
}

/**
 * A kernel series' image size when a model gives none: a Debian build of
 * that series (4.x around 12 MiB from _text to _end on x86_64, 6.x about
 * 31 MiB; arm64 Images a little larger).
 */
const DEFAULT_IMAGE_KIB: Record<'4' | 'later', Record<Arch, number>> = {
  '4': {x86_64: 12_800, arm64: 15_360},
  later: {x86_64: 31_744, arm64: 33_792},
}

/** The size the domain builder gives the kernel segment (see KernelModel.imageKiB). */
export function kernelImageKiB(kernel: KernelModel, arch: Arch): number {
  const given = kernel.imageKiB?.[arch]
  if (given !== undefined) return given
  return DEFAULT_IMAGE_KIB[Number(kernel.version.split('.')[0]) <= 4 ? '4' : 'later'][arch]
}

/** A PV Linux guest's orderly poweroff takes about a second and a half (systemd stopping its units). */
export const DEFAULT_SHUTDOWN_MS = 1500

export function shutdownLatencyMs(kernel: KernelModel): number {
  return kernel.shutdownMs ?? DEFAULT_SHUTDOWN_MS
}

const notPvh = (type: DomainType) => type !== 'pvh'

/**
 * A mainline release with the series merged (drivers/xen/time.c): the flag
 * asked for, the steal clock on both arches, no tick-based stolen time,
 * steal in ns (kcpustat counts ns from 4.11), every guest type. Each
 * release then says what differs.
 */
function series(name: string, version: string, differs: Partial<KernelModel>): KernelModel {
  return {
    name, version,
    enablesRunstateFlag: true,
    stealClockOn: () => true,
    tickStolenOn: () => false,
    stealInWholeTicks: false,
    bootsAs: () => true,
    skipsSetupWithKpti: false,
    keepsStealAcrossResume: false,
    arm64Kpti: false,
    armBootProbes: false,
    ...differs,
  }
}

export const KERNELS: Record<string, KernelModel> = {
  'linux-4.6': {
    name: 'linux-4.6', version: '4.6.0',
    enablesRunstateFlag: false,
    // Before drivers/xen/time.c each arch accounted steal its own way.
    stealClockOn: arch => guestArch(arch).preCommonSteal.stealClock,
    tickStolenOn: arch => guestArch(arch).preCommonSteal.tickStolen,
    stealInWholeTicks: true,
    // ARM guests are PVH in libxl's terms but boot through the ARM zImage
    // entry point, which 4.6 has; only x86 PVH needs 4.11+ (canBootAs).
    bootsAs: notPvh,
    skipsSetupWithKpti: false,
    keepsStealAcrossResume: false,
    arm64Kpti: false,
    imageKiB: {x86_64: 12_800, arm64: 15_360},
    // A 2016 distribution (sysvinit or an early systemd) stops quickly.
    shutdownMs: 1200,
    armBootProbes: false,
  },
  'linux-4.6-runstate': {
    name: 'linux-4.6-runstate', version: '4.6.0',
    enablesRunstateFlag: true,
    stealClockOn: () => true,
    tickStolenOn: () => false,
    stealInWholeTicks: true,
    bootsAs: notPvh,
    skipsSetupWithKpti: false,
    keepsStealAcrossResume: false,
    arm64Kpti: false,
    imageKiB: {x86_64: 12_800, arm64: 15_360},
    shutdownMs: 1200,
    armBootProbes: false,
  },
  // Mainline releases around the two fixes, beside the seed's models.
  // linux-4.8: the series as merged (drivers/xen/time.c); cputime still in
  // jiffies (kcpustat went to ns in 4.11), so steal is charged in whole ticks.
  'linux-4.8': series('linux-4.8', '4.8.0', {stealInWholeTicks: true, bootsAs: notPvh}),
  // linux-4.14: the last release before the migration fix; PVH entry point since 4.11.
  'linux-4.14': series('linux-4.14', '4.14.0', {}),
  'linux-4.15': series('linux-4.15', '4.15.0', {keepsStealAcrossResume: true}),
  // linux-5.9: arm64 KPTI exists (4.16+) but the runstate area is still
  // registered with the kernel unmapped at EL0.
  'linux-5.9': series('linux-5.9', '5.9.0', {keepsStealAcrossResume: true, arm64Kpti: true}),
  // linux-5.10: f88af7229f6f "xen/arm: do not setup the runstate info page if kpti is enabled".
  'linux-5.10': series('linux-5.10', '5.10.0', {keepsStealAcrossResume: true, arm64Kpti: true, skipsSetupWithKpti: true}),
  'linux-6.1': series('linux-6.1', '6.1.0', {
    keepsStealAcrossResume: true, arm64Kpti: true, skipsSetupWithKpti: true,
    imageKiB: {x86_64: 31_744, arm64: 33_792},
    // Debian 12's systemd: the real host still had the domain 2 s after `xl shutdown`.
    shutdownMs: 2600,
    armBootProbes: true,
  }),
}

/**
 * 32-bit x86 builds (i686, PAE) of the kernels before PVH: 32-bit PV
 * guests, which Linux supported until 5.9 (a13f2ef168cb "x86/xen: remove
 * 32-bit Xen PV guest support"). Each behaves as its 64-bit build; its
 * image is the 64-bit one's size (an assumption: no 32-bit build was
 * measured).
 */
for (const base of ['linux-4.6', 'linux-4.6-runstate', 'linux-4.8']) {
  const name = `${base}-i686`
  KERNELS[name] = {...KERNELS[base], name, guestBits: 32}
}

export const KERNEL_NAMES = Object.keys(KERNELS)

/** `kernel = "..."`: a name from the table, or a path whose file name is one. */
export function findKernel(spec: string): KernelModel | undefined {
  const base = spec.split('/').pop() ?? spec
  return Object.hasOwn(KERNELS, base) ? KERNELS[base] : undefined
}

/** Whether this guest, as configured, can boot as the requested type on this arch. */
export function canBootAs(kernel: KernelModel, arch: Arch, type: DomainType): boolean {
  const ga = guestArch(arch)
  // An x86 ELF without XEN_ELFNOTE_PHYS32_ENTRY in an HVM container, which is how ARM builds every guest.
  if (kernel.guestBits === 32 && !ga.bootsX86Elf32) return false
  return !ga.entryPointByType || kernel.bootsAs(type)
}
