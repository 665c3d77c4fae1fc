// ARM: no vm_assist hypercall before the series (Xen 4.8 added it to
// xen/arch/arm/traps.c with VM_ASSIST_VALID = runstate_update_flag only).
import type {ArchOps} from './ops.js'
import type {XenVersion} from '../types.js'
import {xenFacts} from '../xen-versions.js'
import type {Domain} from '../domain.js'
import type {Host} from '../host.js'
import {COMPILE_DATE, BUILD_ID, cpupoolBoot, loglevelTail, schedulerBoot} from './common-boot.js'
import {withArchKeys, xenPageLines} from './common-keys.js'

const CC = 'aarch64-linux-gnu-gcc (Debian 12.2.0-14+deb12u1) 12.2.0'

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
  xenCaps: 'xen-3.0-aarch64 xen-3.0-armv7l ',
  platformParams: 'virt_start=0x0',
  virtCaps: 'hvm hap gnttab-v1',
  cpuKhz: 100000,
  hwCaps: [0, 0, 0, 0, 0, 0, 0, 0],
  ccCompiler: CC,
  commandLine(host: Host): string {
    return `console=dtuart dom0_mem=${host.config.dom0MemMiB}M loglvl=all guest_loglvl=all`
  },
  keyHandlers: withArchKeys([]),
  dumpDomainArch(d: Domain): string[] {
    const dom0 = d.domid === 0
    return [
      `Rangesets belonging to domain ${d.domid}:`,
      dom0 ? '    Interrupts { 32-287 }' : '    Interrupts { }',
      dom0 ? '    I/O Memory { 0-7ffff, 8010000-803ffff, 9000000-9000fff, a000000-a003fff }' : '    I/O Memory { }',
      `Memory pages belonging to domain ${d.domid}:`,
      '    DomPage list too long to display',
      ...xenPageLines(d.domid),
    ]
  },
  dumpVcpuArch(vcpuId: number): string[] {
    // gic_dump_info(): the list registers of the vCPU's virtual GIC.
    return [`    GICH_LRs (vcpu ${vcpuId}) mask=0`, ...[0, 1, 2, 3].map(i => `   VCPU_LR[${i}]=0`)]
  },
  dumpSharedMem(): string[] {
    return []
  },
  // No save/restore on ARM (LIBXL_HAVE_NO_SUSPEND_RESUME): no context to carry.
  featureSubmap: () => 0,
  guestCopyWalksCurrentTables: true,
  vmAssistInVcpuContext: () => false,
  bootLog(host: Host, release: string): string[] {
    const {cpus, memoryMiB, dom0MemMiB, dom0Vcpus} = host.config
    const ramEnd = (0x40000000 + memoryMiB * 0x100000 - 1).toString(16).padStart(16, '0')
    const lines = [
      'Checking for initrd in /chosen',
      `RAM: 0000000040000000 - ${ramEnd}`,
      'MODULE[0]: 0000000048000000 - 0000000048200000 Xen',
      'MODULE[1]: 0000000049000000 - 0000000049100000 Device Tree',
      'MODULE[2]: 000000004a000000 - 000000004c600000 Kernel',
      `Command line: ${arm.commandLine(host)}`,
      'Domain heap initialised',
      'Booting using Device Tree',
      'Platform: Generic System',
      'Taking dtuart configuration from /chosen/stdout-path',
      'Looking for dtuart at "/pl011@9000000", options ""',
      `Xen version ${release} (xlsim@xlsim.invalid) (${CC}) debug=n ${COMPILE_DATE}`,
      'Latest ChangeSet: ',
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
      'Loading d0 kernel from boot module @ 000000004a000000',
      `Allocating 1:1 mappings totalling ${dom0MemMiB}MB for dom0:`,
      `BANK[0] 0x00000050000000-0x${(0x50000000 + dom0MemMiB * 0x100000).toString(16).padStart(14, '0')} (${dom0MemMiB}MB)`,
      'Grant table range: 0x00000048000000-0x00000048040000',
      'Allocating PPI 16 for event channel interrupt',
      'Loading zImage from 000000004a000000 to 0000000050000000-0000000052600000',
      'Loading d0 DTB to 0x0000000058000000-0x0000000058001a35',
      `Dom0 has maximum ${dom0Vcpus} VCPUs`,
      'Initial low memory virq threshold set at 0x4000 pages.',
      ...loglevelTail(),
      'Freed 356kB init memory.',
    )
    return lines
  },
}
