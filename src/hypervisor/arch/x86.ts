// x86: vm_assist valid masks from xen/arch/x86/include/asm/config.h (VM_ASSIST_VALID)
// and hvm_hypercall_table (HVM/PVH gained vm_assist in Xen 4.14 for the runstate flag).
import {XENFEAT_hvm_safe_pvclock, type ArchOps} from './ops.js'
import type {DomainType, XenVersion} from '../types.js'
import type {Domain} from '../domain.js'
import type {Host} from '../host.js'
import {xenFacts} from '../xen-versions.js'

/** 32-bit PV guests on this host (see HostConfig.pv32 and XenVersionFacts.pv32Optional). */
export function pv32Enabled(host: Host): boolean {
  return !xenFacts(host.config.xen).pv32Optional || host.config.pv32 === true
}
import {COMPILE_DATE, BUILD_ID, cpupoolBoot, loglevelTail, schedulerBoot} from './common-boot.js'
import {LIVEPATCH_KEY, withArchKeys, xenPageLines} from './common-keys.js'

const PV64_BEFORE_SERIES = 0x10000001fn // types 0-4 + m2p_strict (32)
const PV64_WITH_FLAG = 0x10000003fn // + runstate_update_flag (5)
const RUNSTATE_FLAG_ONLY = 0x20n
const CC = 'gcc (Debian 12.2.0-14+deb12u1) 12.2.0'

/**
 * hvm_sr_handlers by typecode (xen/include/public/arch-x86/hvm/save.h): the
 * HVM_REGISTER_SAVE_RESTORE users (vpic.c, vioapic.c, vlapic.c, irq.c,
 * emul-i8254.c, rtc.c, hpet.c, pmtimer.c, mtrr.c, viridian.c, vmce.c,
 * hvm.c) and hvm.c's CPU_XSAVE / CPU_MSR; true for HVMSR_PER_VCPU.
 */
const HVM_SAVE_HANDLERS: readonly (readonly [string, boolean])[] = [
  ['CPU', true], ['PIC', false], ['IOAPIC', false], ['LAPIC', true], ['LAPIC_REGS', true],
  ['PCI_IRQ', false], ['ISA_IRQ', false], ['PCI_LINK', false], ['PIT', false], ['RTC', false],
  ['HPET', false], ['PMTIMER', false], ['MTRR', true], ['VIRIDIAN_DOMAIN', false], ['CPU_XSAVE', true],
  ['VIRIDIAN_VCPU', true], ['VMCE_VCPU', true], ['TSC_ADJUST', true], ['CPU_MSR', true],
]

export const x86: ArchOps = {
  machine: 'x86_64',
  hvmSaveHandlers: HVM_SAVE_HANDLERS,
  domainTypes: ['pv', 'pvh', 'hvm'],
  defaultDomainType: 'pv',
  dom0Type: 'pv',
  vmAssistValidMask(xen: XenVersion, type: DomainType, guestBits: 32 | 64): bigint | null {
    const facts = xenFacts(xen)
    if (type === 'pv') {
      if (!facts.runstateUpdateFlag) return guestBits === 64 ? PV64_BEFORE_SERIES : 0x1fn
      return guestBits === 64 ? PV64_WITH_FLAG : 0x3fn
    }
    // HVM and PVH: hvm_hypercall_table has vm_assist from 4.14 on.
    return facts.hvmVmAssist ? RUNSTATE_FLAG_ONLY : null
  },
  // HVM_MAX_VCPUS (public/hvm/hvm_info_table.h) for HVM and PVH; MAX_VIRT_CPUS
  // for PV: the GDT/LDT area's 1024 MiB over 128 KiB per vCPU (asm/config.h).
  maxVcpus: (type: DomainType) => (type === 'pv' ? 8192 : 128),
  knowsCpuTopology: true,
  nodeDistance: 10,
  // Not consulted: x86 guests make no KASLR/KPTI choice in this model.
  cpuFeatures: {e0pd: false, meltdownSafe: false},
  archDomainCreate: () => {},
  // xen/arch/x86/setup.c arch_get_xen_caps: xen-3.0-x86_32p only with 32-bit
  // PV guests (the captured 4.17 host has none).
  xenCaps: (host: Host) => `xen-3.0-x86_64 ${pv32Enabled(host) ? 'xen-3.0-x86_32p ' : ''}hvm-3.0-x86_32 hvm-3.0-x86_32p hvm-3.0-x86_64 `,
  hasPv32: true,
  platformParams: 'virt_start=0xffff800000000000',
  virtCaps: 'pv hvm hap gnttab-v1 gnttab-v2',
  cpuKhz: 2096018,
  pciTopology: true,
  hwCaps: [0x1fcbf3fd, 0xf6d8320b, 0xec500800, 0x77, 0x5, 0x018843a9, 0x20c, 0],
  ccCompiler: CC,
  commandLine(host: Host): string {
    const {dom0MemMiB, sched} = host.config
    return `console=com1 com1=115200,8n1 dom0_mem=${dom0MemMiB}M,max:${dom0MemMiB}M loglvl=all guest_loglvl=all${sched === 'credit2' ? '' : ` sched=${sched}`}`
  },
  keyHandlers: withArchKeys([
    ['I', 'dump HVM irq info'], ['M', 'dump MSI state'], ['N', 'trigger an NMI'],
    ['Q', 'dump PCI devices'], ['c', 'dump ACPI Cx structures'], ['i', 'dump interrupt bindings'],
    ['n', 'NMI statistics'], ['s', 'dump softtsc stats'], ['u', 'dump NUMA info'],
    ['v', 'dump AMD-V VMCBs'], ['z', 'dump IOAPIC info'], LIVEPATCH_KEY,
  ]),
  dumpDomainArch(d: Domain): string[] {
    const dom0 = d.domid === 0
    return [
      `Rangesets belonging to domain ${d.domid}:`,
      dom0 ? '    Interrupts { 1-23 }' : '    Interrupts { }',
      dom0 ? '    I/O Memory { 0-fedff, fef00-fcfffff }' : '    I/O Memory { }',
      dom0 ? '    I/O Ports  { 0-1f, 22-3f, 44-60, 62-9f, a2-3f7, 400-607, 60c-cfb, d00-ffff }' : '    I/O Ports  { }',
      '    log-dirty  { }',
      `Memory pages belonging to domain ${d.domid}:`,
      '    DomPage list too long to display',
      ...xenPageLines(d.domid),
    ]
  },
  dumpVcpuArch(): string[] {
    return []
  },
  // The vcpu_info upcall mask, which a PV Linux keeps clear outside its own critical sections.
  upcallMask: () => 0,
  // Lazy context switch: a vCPU's state stays on the pCPU it ran on (dirty_cpu).
  tracksDirtyCpus: true,
  domainPages: d => d.memKiB / 4,
  dumpSharedMem(): string[] {
    return ['Shared frames 0 -- Saved frames 0']
  },
  featureSubmap: (type: DomainType) => (type === 'pv' ? 0 : 1 << XENFEAT_hvm_safe_pvclock),
  guestCopyWalksCurrentTables: false,
  vmAssistInVcpuContext: (type: DomainType) => type === 'pv',
  bootLog(host: Host, release: string): string[] {
    const {cpus, memoryMiB, dom0Vcpus} = host.config
    const kb = memoryMiB * 1024 - 1016
    return [
      `Xen version ${release} (xlsim@xlsim.invalid) (${CC}) debug=n ${COMPILE_DATE}`,
      `build-id: ${BUILD_ID}`,
      'Bootloader: xlsim',
      `Command line: ${x86.commandLine(host)}`,
      'Xen image load base address: 0',
      'Video information:',
      ' VGA is text mode 80x25, font 8x16',
      'Disc information:',
      ' Found 0 MBR signatures',
      ' Found 0 EDD information structures',
      'CPU Vendor: AMD, Family 25 (0x19), Model 1 (0x1), Stepping 1 (raw 00a00f11)',
      'Xen-e820 RAM map:',
      ' [0000000000000000, 000000000009fbff] (usable)',
      ' [000000000009fc00, 000000000009ffff] (reserved)',
      ' [00000000000f0000, 00000000000fffff] (reserved)',
      ` [0000000000100000, ${(memoryMiB * 0x100000 - 1).toString(16).padStart(16, '0')}] (usable)`,
      `System RAM: ${memoryMiB - 1}MB (${kb}kB)`,
      'No NUMA configuration found',
      `Faking a node at 0000000000000000-${(memoryMiB * 0x100000).toString(16).padStart(16, '0')}`,
      'Domain heap initialised',
      'DMI 2.8 present.',
      'Using APIC driver default',
      'ACPI: Local APIC address 0xfee00000',
      'Using ACPI (MADT) for SMP configuration information',
      `SMP: Allowing ${cpus} CPUs (0 hotplug CPUs)`,
      'IRQ limits: 24 GSI, 392 MSI/MSI-X',
      ...schedulerBoot(host),
      'Platform timer is 100.000MHz HPET',
      'Detected 2096.018 MHz processor.',
      'I/O virtualisation disabled',
      'nr_sockets: 1',
      'Enabling APIC mode.  Using 1 I/O APICs',
      'Allocated console ring of 16 KiB.',
      'HVM: ASIDs enabled.',
      'HVM: SVM enabled',
      'HVM: Hardware Assisted Paging (HAP) detected',
      `Brought up ${cpus} CPUs`,
      ...cpupoolBoot(host),
      'NX (Execute Disable) protection active',
      '*** Building a PV Dom0 ***',
      ' Xen  kernel: 64-bit, lsb',
      ' Dom0 kernel: 64-bit, PAE, lsb, paddr 0x1000000 -> 0x4a00000',
      `Dom0 has maximum ${dom0Vcpus} VCPUs`,
      'Initial low memory virq threshold set at 0x4000 pages.',
      'Scrubbing Free RAM in background',
      ...loglevelTail(),
      'Freed 656kB init memory',
    ]
  },
}
