// x86 Linux on Xen: arch/x86/xen/enlighten_pv.c, arch/x86/xen/time.c.
import type {GuestArchOps} from './ops.js'
import type {DomainType} from '../../hypervisor/types.js'

// xen_start_kernel(): the PV MMU needs these before anything else.
const PV_MMU_ASSISTS = ['4gb_segments', 'writable_pagetables', 'pae_extended_cr3'] as const

export const x86: GuestArchOps = {
  unamePreempt61: ' PREEMPT_DYNAMIC',
  kernelFlavour: 'amd64',
  // pv_info.name: "Xen" (enlighten_pv.c), "Xen PVH" / "Xen HVM" (enlighten_hvm.c init_hvm_pv_info).
  bootBanner(type: DomainType): string {
    return `Booting paravirtualized kernel on Xen${type === 'pv' ? '' : type === 'pvh' ? ' PVH' : ' HVM'}`
  },
  // Nothing Xen reports: the PV guest's set-up goes through hypercalls.
  platformBoot: () => {},
  cpuStarting: () => {},
  earlyVmAssist(type: DomainType): readonly string[] {
    return type === 'pv' ? PV_MMU_ASSISTS : []
  },
  preCommonSteal: {stealClock: false, tickStolen: true},
  kaslrForcesKpti: false,
  kptiSkipsRunstate: false,
  entryPointByType: true,
  bootsX86Elf32: true,
}
