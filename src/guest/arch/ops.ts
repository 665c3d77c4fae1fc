// What a modelled Linux guest does differently per arch (arch/x86/xen vs
// arch/arm/xen in Linux); the kernels' own differences stay in kernels.ts.
// In a module of its own so that the tables need not import the index.
import type {DomainType, XenVersion} from '../../hypervisor/types.js'
import type {Host} from '../../hypervisor/host.js'
import type {Domain} from '../../hypervisor/domain.js'

/** What the per-arch steps need to know of the kernel (a slice of KernelModel, which imports this table). */
export interface KernelFacts {
  readonly armBootProbes: boolean
}

export interface GuestArchOps {
  /** Debian's kernel flavour, the suffix of `uname -r` (amd64 on x86, arm64 on ARM). */
  readonly kernelFlavour: string
  /**
   * Linux 6.1's `uname -v` preemption tag: PREEMPT_DYNAMIC needs
   * HAVE_PREEMPT_DYNAMIC, which x86 has in 6.1 and arm64 gained only later
   * (the arm64 capture's dom0: `#1 SMP Debian 6.1.192-2`).
   */
  readonly unamePreempt61: string
  /** The boot line naming how the kernel found Xen. */
  bootBanner(type: DomainType, xen: XenVersion): string
  /** Early platform set-up on the boot CPU (firmware calls, interrupt controller), as Xen sees it. */
  platformBoot(host: Host, d: Domain, kernel: KernelFacts): void
  /** A CPU coming up (at boot or hotplugged) sets up its own interrupt controller interface. */
  cpuStarting(host: Host, d: Domain, vcpuId: number, kernel: KernelFacts): void
  /** vm_assist types the kernel enables first thing, before the runstate setup. */
  earlyVmAssist(type: DomainType): readonly string[]
  /**
   * Steal accounting of a kernel from before drivers/xen/time.c (Linux 4.6):
   * x86 charges stolen ticks from the runstate in the timer interrupt
   * (arch/x86/xen/time.c do_stolen_accounting), ARM installs the steal clock
   * (arch/arm/xen/enlighten.c).
   */
  readonly preCommonSteal: {readonly stealClock: boolean; readonly tickStolen: boolean}
  /** arm64: a kernel moved by KASLR is unmapped at EL0 unless the CPU has E0PD (kaslr_requires_kpti()). */
  readonly kaslrForcesKpti: boolean
  /** A kernel unmapped at EL0 (KPTI) skips the runstate and steal setup (xen_kernel_unmapped_at_usr(): arm64 only). */
  readonly kptiSkipsRunstate: boolean
  /**
   * Whether the guest type decides which kernels boot: x86 PVH needs the
   * PHYS32 entry point (xc_dom_elfloader.c); ARM boots every guest (all
   * 'pvh' in libxl's terms) through the zImage/Image entry point.
   */
  readonly entryPointByType: boolean
  /**
   * A 32-bit x86 kernel boots (x86). ARM builds each guest in an HVM
   * container (libxl_dom.c libxl__build_hvm), where the ELF loader refuses a
   * kernel without a PHYS32 entry point (xg_dom_elfloader.c xc_dom_guest_type).
   */
  readonly bootsX86Elf32: boolean
}
