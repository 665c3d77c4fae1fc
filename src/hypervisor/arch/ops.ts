// What the common code asks of an arch (the x86/arm tables implement it); in a
// module of its own so that the tables need not import the index that lists them.
import type {DomainType, XenVersion} from '../types.js'
import type {Host} from '../host.js'
import type {Domain, Vcpu} from '../domain.js'

/** XENFEAT_hvm_safe_pvclock (xen/include/public/features.h). */
export const XENFEAT_hvm_safe_pvclock = 9

export interface ArchOps {
  /** `machine` in xl info and the host's pretty name. */
  readonly machine: string
  /** Guest types this arch can run, in libxl's terms. */
  readonly domainTypes: readonly DomainType[]
  readonly defaultDomainType: DomainType
  readonly dom0Type: DomainType
  /**
   * The valid mask the vm_assist hypercall checks for a guest, or null when the
   * guest has no vm_assist hypercall at all (-ENOSYS). The masks follow arch_vm_assist_valid_mask() in
   * xen/arch/x86/include/asm/domain.h and xen/arch/arm/include/asm/domain.h.
   */
  vmAssistValidMask(xen: XenVersion, type: DomainType, guestBits: 32 | 64): bigint | null
  /**
   * The most vCPUs a domain of this type may have: arch_sanitise_domain_config
   * refuses more (xen/arch/x86/domain.c, xen/arch/arm/domain.c).
   */
  maxVcpus(type: DomainType): number
  /**
   * Whether Xen knows the CPU topology: x86 reads cores and sockets from
   * CPUID; ARM 4.17 leaves each pCPU alone in its core mask, core 0 socket 0.
   */
  readonly knowsCpuTopology: boolean
  /** __node_distance() within node 0 (xl info -n numa_info): x86 10 (local), ARM a fixed 20 (asm/numa.h:28). */
  readonly nodeDistance: number
  /**
   * What the host's CPUs tell a guest kernel about Meltdown: E0PD (Armv8.5,
   * ID_AA64MMFR2_EL1) makes KPTI unneeded for KASLR; meltdownSafe is CSV3 or
   * a core on Linux's kpti_safe_list (arch/arm64/kernel/cpufeature.c).
   */
  readonly cpuFeatures: {readonly e0pd: boolean; readonly meltdownSafe: boolean}
  /** arch_domain_create(): what the arch sets up for a new domain (ARM: its VMID). */
  archDomainCreate(host: Host, d: Domain): void
  /** xen_caps in xl info (XENVER_capabilities, arch_get_xen_caps). */
  xenCaps(host: Host): string
  /** 32-bit PV guests exist on this arch at all (x86: compat, has_32bit_shinfo). */
  readonly hasPv32: boolean
  readonly platformParams: string
  readonly virtCaps: string
  /** physinfo cpu_khz: the TSC rate on x86, the generic timer's on ARM. */
  readonly cpuKhz: number
  /** Whether XEN_SYSCTL_pcitopoinfo is there (CONFIG_HAS_PCI), for `xl info -n`'s device topology. */
  readonly pciTopology: boolean
  /** physinfo hw_caps: the CPUID feature words on x86, none on ARM. */
  readonly hwCaps: readonly number[]
  /** The compiler Xen was built with (xen_cc_compiler; the boot banner's too). */
  readonly ccCompiler: string
  /** Xen's command line as the bootloader passed it (xen_commandline; echoed in the boot log). */
  commandLine(host: Host): string
  /** Debug keys this arch registers, in key order: [key, description]. */
  readonly keyHandlers: readonly (readonly [string, string])[]
  /**
   * Lines of debug key 'q' after the handle line, before "NODE affinity":
   * arch_dump_domain_info(), rangeset_domain_printk(), dump_pageframe_info().
   */
  dumpDomainArch(d: Domain, host: Host): string[]
  /**
   * Per-vCPU lines after pause_count: arch_dump_vcpu_info() (x86: nothing;
   * ARM: the GIC list registers, read from the hardware for the vCPU that
   * pressed the key, `current`).
   */
  dumpVcpuArch(d: Domain, v: Vcpu, current: boolean): string[]
  /** upcall_mask of key 'q': !vcpu_event_delivery_is_enabled() for a vCPU running or not. */
  upcallMask(blocked: boolean): number
  /** Whether context switches record dirty_cpu / dirty_cpumask (key 'q' dirty_cpus, dirty_cpu=). */
  readonly tracksDirtyCpus: boolean
  /** domain_tot_pages(): nr_pages of key 'q'. */
  domainPages(d: Domain): number
  /** Last line(s) of debug key 'q' (x86: mem_sharing totals). */
  dumpSharedMem(): string[]
  /**
   * The XENVER_get_features submap 0 bits the model uses, for a guest of
   * this type (xen/common/kernel.c: x86 HVM/PVH get XENFEAT_hvm_safe_pvclock).
   */
  featureSubmap(type: DomainType): number
  /**
   * vm_assist is part of the vCPU context a save carries (x86 PV:
   * arch_get_info_guest / arch_set_info_guest); an HVM/PVH stream has none
   * (xg_sr_restore_x86_hvm.c sets only the HVM context).
   */
  vmAssistInVcpuContext(type: DomainType): boolean
  /**
   * update_runstate_area() copies through the page tables current when the
   * vCPU is switched out (ARM: raw_copy_to_guest walks the guest's stage 1),
   * so a kernel address fails while the guest is at EL0 with KPTI; x86 64-bit
   * PV defers the copy to the next switch to kernel mode instead.
   */
  readonly guestCopyWalksCurrentTables: boolean
  /** The boot log written into the console ring when the host powers on. */
  bootLog(host: Host, release: string): string[]
  /**
   * The HVM save/restore handlers Xen registers, in typecode order: [name,
   * per vCPU] (x86: hvm_register_savevm callers). Absent where
   * XEN_DOMCTL_gethvmcontext does not exist (Arm).
   */
  readonly hvmSaveHandlers?: readonly (readonly [string, boolean])[]
}
