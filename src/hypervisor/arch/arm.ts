// ARM: no vm_assist hypercall before the series (Xen 4.8 added it to
// xen/arch/arm/traps.c with VM_ASSIST_VALID = runstate_update_flag only).
import type {ArchOps} from './ops.js'
import type {XenVersion} from '../types.js'
import {xenFacts} from '../xen-versions.js'
import type {Domain, Vcpu} from '../domain.js'
import {dom0Cmdline, type Host} from '../host.js'
import {COMPILE_DATE, BUILD_ID, cpupoolBoot, loglevelTail, schedulerBoot} from './common-boot.js'
import {withArchKeys} from './common-keys.js'

const CC = 'aarch64-linux-gnu-gcc (Debian 12.2.0-14+deb12u1) 12.2.0'
const NR_MAGIC_PAGES = 4
/** dom0's 1:1 MMIO on QEMU's `virt` board (flash, UART, RTC, GPIO, virtio-mmio, PCIe windows), in pages. */
const VIRT_IOMEM = '0-8000, 9010-9011, 9020-9021, 9030-9031, a000-a004, 10000-3f000, 4010000-4020000, 8000000-10000000'
/** The PCIe 512 GiB high window is mapped with 1G blocks, the rest of the MMIO with 2M and 4K ones. */
const IOMEM_2M = 192
const IOMEM_4K = 192519

/** The boot modules the bootloader put in /chosen: [start, end, kind] (boot_module_kind_as_string, setup.c:414). */
const BOOT_MODULES = [
  ['0000000048000000', '0000000048200000', 'Xen'],
  ['0000000049000000', '0000000049100000', 'Device Tree'],
  ['000000004a000000', '000000004c600000', 'Kernel'],
] as const

/** A domain's VMID; a domain saved before VMIDs were kept gets its rank in domid order. */
function vmidOf(host: Host, d: Domain): number {
  return d.vmid ?? [...host.domains.keys()].sort((a, b) => a - b).indexOf(d.domid) + 1
}

/**
 * p2m_dump_info() (xen/arch/arm/p2m.c:213-220). A domain's RAM is
 * mapped with 2M blocks, one of which a later 4K mapping has shattered.
 */
function p2mDumpInfo(d: Domain, host: Host): string[] {
  const vmid = vmidOf(host, d)
  const pages = arm.domainPages(d)
  const blocks2M = Math.max(0, Math.floor(pages / 512) - 1)
  const dom0 = d.domid === 0
  return [
    `p2m mappings for domain ${d.domid} (vmid ${vmid}):`,
    `  1G mappings: ${dom0 ? 512 : 0} (shattered ${dom0 ? 1 : 0})`,
    `  2M mappings: ${blocks2M + (dom0 ? IOMEM_2M : 0)} (shattered ${blocks2M > 0 ? 1 : 0})`,
    `  4K mappings: ${pages - blocks2M * 512 + (dom0 ? IOMEM_4K : 0)}`,
  ]
}

// GICv3 list registers (ICH_LR<n>_EL2): state [63:62], group 1 (bit 60),
// priority 0xa0 [55:48], vINTID. What a Linux vCPU leaves in its four LRs:
// the virtual timer PPI (27) and an IPI (SGI 1), both handled (state 0).
const LR_TIMER_DONE = '10a000000000001b'
const LR_TIMER_PENDING = '50a000000000001b'
const LR_SGI1_DONE = '10a0000000000001'
const VTIMER_IRQ = 27

/**
 * gic_dump_info() (xen/arch/arm/gic.c:427) then gicv3_dump_state()
 * (gic-v3.c:420/425: the hardware's LRs for the vCPU that pressed the key,
 * the saved copy for the others) and gic_dump_vgic_info() (gic-vgic.c:410:
 * the timer interrupt in flight on a running vCPU).
 */
function gicDumpInfo(d: Domain, v: Vcpu, current: boolean): string[] {
  const running = v.runstate.state === 0
  const lrs = !d.guest.booted ? ['0', '0', '0', '0']
    : current ? [LR_TIMER_PENDING, LR_TIMER_DONE, '0', '0']
      : [LR_TIMER_DONE, LR_SGI1_DONE, '0', '0']
  return [
    `GICH_LRs (vcpu ${v.vcpuId}) mask=0`,
    ...lrs.map((lr, i) => `   ${current ? 'HW' : 'VCPU'}_LR[${i}]=${lr}`),
    ...(running && d.guest.booted ? [`Inflight irq=${VTIMER_IRQ} lr=0`] : []),
  ]
}

export const arm: ArchOps = {
  machine: 'aarch64',
  // libxl builds every ARM guest as a PVH-like domain; `type = "pvh"` is the only valid type.
  domainTypes: ['pvh'],
  defaultDomainType: 'pvh',
  dom0Type: 'pvh',
  vmAssistValidMask(xen: XenVersion): bigint | null {
    return xenFacts(xen).armVmAssist ? 0x20n : null
  },
  // min(vgic_max_vcpus(GICv3) = 4096, MAX_VIRT_CPUS = 128 on arm64).
  maxVcpus: () => 128,
  knowsCpuTopology: false,
  nodeDistance: 20,
  // The boot log's Cortex-A72 (MIDR 410fd083): Armv8.0, no E0PD, on kpti_safe_list.
  cpuFeatures: {e0pd: false, meltdownSafe: true},
  // p2m_init() -> p2m_alloc_vmid() (xen/arch/arm/p2m.c:1676): the lowest
  // VMID not in use, from 1 (VMID 0 is reserved); freed when the domain dies.
  archDomainCreate(host: Host, d: Domain): void {
    const used = new Set([...host.domains.values()].filter(o => o !== d).map(o => vmidOf(host, o)))
    let vmid = 1
    while (used.has(vmid)) vmid++
    d.vmid = vmid
  },
  xenCaps: () => 'xen-3.0-aarch64 xen-3.0-armv7l ',
  hasPv32: false,
  // HYPERVISOR_VIRT_START = XEN_VIRT_START (asm/config.h:110,121), what
  // XENVER_platform_parameters returns (xen/common/kernel.c:529).
  platformParams: 'virt_start=0x200000',
  // hvm and hap always (xen/arch/arm/sysctl.c:17), vpmu when the CPUs have a
  // PMU (xen/common/sysctl.c:276; QEMU's `virt` board has one).
  virtCaps: 'hvm hap vpmu gnttab-v1',
  // The generic timer's 62.5 MHz (the boot log's "Freq: 62500 KHz").
  cpuKhz: 62500,
  // XEN_SYSCTL_pcitopoinfo exists only with CONFIG_HAS_PCI (xen/common/sysctl.c:415),
  // which ARM does not select: the call falls through to arch_do_sysctl, -ENOSYS.
  pciTopology: false,
  hwCaps: [0, 0, 0, 0, 0, 0, 0, 0],
  ccCompiler: CC,
  commandLine(host: Host): string {
    return `dom0_mem=${host.config.dom0MemMiB}M console=dtuart loglvl=all guest_loglvl=all`
  },
  // No arch keys of its own; no livepatch (CONFIG_LIVEPATCH defaults to X86),
  // no 'Q' (drivers/passthrough/pci.c needs HAS_PCI, which only x86 selects).
  keyHandlers: withArchKeys([]),
  dumpDomainArch(d: Domain, host: Host): string[] {
    const dom0 = d.domid === 0
    return [
      ...p2mDumpInfo(d, host),
      `Rangesets belonging to domain ${d.domid}:`,
      dom0 ? '    Interrupts { 34-39, 48-79 }' : '    Interrupts { }',
      dom0 ? `    I/O Memory { ${VIRT_IOMEM} }` : '    I/O Memory { }',
      // dump_pageframe_info() is empty on ARM (xen/arch/arm/domain.c:530).
    ]
  },
  dumpVcpuArch(d: Domain, v: Vcpu, current: boolean): string[] {
    return gicDumpInfo(d, v, current)
  },
  // vcpu_event_delivery_is_enabled() reads the guest's CPSR.I (asm/event.h):
  // Linux idles in WFI with interrupts masked, so a blocked vCPU shows 01.
  upcallMask: blocked => (blocked ? 1 : 0),
  // ARM never records dirty CPUs (the TODO in startup_cpu_idle_loop, domain.c).
  tracksDirtyCpus: false,
  // A domU also has the NR_MAGIC_PAGES (4) special pages libxenguest
  // populates for it (tools/libs/guest/xg_dom_arm.c:28); dom0 has none.
  domainPages: d => d.memKiB / 4 + (d.domid === 0 ? 0 : NR_MAGIC_PAGES),
  dumpSharedMem(): string[] {
    return []
  },
  // No save/restore on ARM (LIBXL_HAVE_NO_SUSPEND_RESUME): no context to carry.
  featureSubmap: () => 0,
  guestCopyWalksCurrentTables: true,
  vmAssistInVcpuContext: () => false,
  bootLog(host: Host, release: string): string[] {
    const {cpus, memoryMiB, dom0MemMiB} = host.config
    const ramEnd = (0x40000000 + memoryMiB * 0x100000 - 1).toString(16).padStart(16, '0')
    const cmdline = dom0Cmdline(host)
    const lines = [
      'Checking for initrd in /chosen',
      // early_print_info() (xen/arch/arm/bootfdt.c:585-617): RAM banks, a
      // blank line, MODULE[n] with the kind padded by %-12s, the reserved
      // regions (none here) and a blank line, the boot command lines from
      // the /chosen module nodes, a blank line.
      `RAM: 0000000040000000 - ${ramEnd}`,
      '',
      ...BOOT_MODULES.map(([start, end, kind], i) => `MODULE[${i}]: ${start} - ${end} ${kind.padEnd(12)}`),
      '',
      ...(cmdline === '' ? [] : [`CMDLINE[${BOOT_MODULES[2][0]}]:chosen ${cmdline}`]),
      '',
      `Command line: ${arm.commandLine(host)}`,
      'Domain heap initialised',
      'Booting using Device Tree',
      'Platform: Generic System',
      'Taking dtuart configuration from /chosen/stdout-path',
      'Looking for dtuart at "/pl011@9000000", options ""',
      `Xen version ${release} (xlsim@xlsim.invalid) (${CC}) debug=n ${COMPILE_DATE}`,
      // No "Latest ChangeSet:" (console.c:1010): Debian's build, the one
      // captured on both arches, leaves it out of its banner.
      `build-id: ${BUILD_ID}`,
      'Processor: 00000000410fd083: "ARM Limited", variant: 0x0, part 0xd08,rev 0x3',
      '64-bit Execution:',
      '  Processor Features: 0000000000000022 0000000000000000',
      '    Exception Levels: EL3:No EL2:64+32 EL1:64+32 EL0:64+32',
      '    Extensions: FloatingPoint AdvancedSIMD',
      'Using SMC Calling Convention v1.2',
      'Using PSCI v1.1',
      `SMP: Allowing ${cpus} CPUs`,
      'Generic Timer IRQ: phys=30 hyp=26 virt=27 Freq: 62500 KHz',
      'GICv3 initialization:',
      '      gic_dist_addr=0x00000008000000',
      '      gic_maintenance_irq=25',
      '      gic_rdist_stride=0',
      '      gic_rdist_regions=1',
      ...schedulerBoot(host),
      'Allocated console ring of 16 KiB.',
      'CPU0: Guest atomics will try 1 times before pausing the domain',
    ]
    for (let cpu = 1; cpu < cpus; cpu++) {
      lines.push(`Bringing up CPU${cpu}`, `CPU${cpu}: Guest atomics will try 1 times before pausing the domain`, `CPU ${cpu} booted.`)
    }
    lines.push(
      `Brought up ${cpus} CPUs`,
      'I/O virtualisation disabled',
      'P2M: 40-bit IPA with 40-bit PA and 8-bit VMID',
      'P2M: 3 levels with order-1 root, VTCR 0x00000000800a3558',
      ...cpupoolBoot(host),
      '*** LOADING DOMAIN 0 ***',
      `Loading d0 kernel from boot module @ ${BOOT_MODULES[2][0]}`,
      `Allocating 1:1 mappings totalling ${dom0MemMiB}MB for dom0:`,
      `BANK[0] 0x00000050000000-0x${(0x50000000 + dom0MemMiB * 0x100000).toString(16).padStart(14, '0')} (${dom0MemMiB}MB)`,
      'Grant table range: 0x00000048000000-0x00000048040000',
      'Allocating PPI 16 for event channel interrupt',
      'Loading zImage from 000000004a000000 to 0000000050000000-0000000052600000',
      'Loading d0 DTB to 0x0000000058000000-0x0000000058001a35',
      // "Dom%u has maximum %u VCPUs" is x86's PV dom0 builder (x86/pv/dom0_build.c:801).
      'Initial low memory virq threshold set at 0x4000 pages.',
      // heap_init_late() -> scrub_heap_pages() with bootscrub=idle, the default (page_alloc.c:2178).
      'Scrubbing Free RAM in background',
      ...loglevelTail(),
      'Freed 356kB init memory.',
    )
    return lines
  },
}
