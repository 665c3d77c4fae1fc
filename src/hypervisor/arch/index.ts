// Per-arch behaviour lives in one table per arch (like Xen's arch/x86 vs arch/arm),
// never in `if (arch === ...)` scattered through the core.
import type {Arch, DomainType, XenVersion} from '../types.js'
import type {Host} from '../host.js'
import type {Domain} from '../domain.js'
import {x86} from './x86.js'
import {arm} from './arm.js'

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
  /** xen_caps in xl info. */
  readonly xenCaps: string
  readonly platformParams: string
  readonly virtCaps: string
  /** Debug keys this arch registers, in key order: [key, description]. */
  readonly keyHandlers: readonly (readonly [string, string])[]
  /** Lines of debug key 'q' after the handle line, before "NODE affinity" (rangesets, pages). */
  dumpDomainArch(d: Domain): string[]
  /** Per-vCPU lines after pause_count (x86: nothing extra; ARM: GIC list registers). */
  dumpVcpuArch(vcpuId: number): string[]
  /** Last line(s) of debug key 'q' (x86: mem_sharing totals). */
  dumpSharedMem(): string[]
  /** The boot log written into the console ring when the host powers on. */
  bootLog(host: Host, release: string): string[]
}

const ARCH_OPS: Record<Arch, ArchOps> = {x86_64: x86, arm64: arm}

export function archOps(arch: Arch): ArchOps {
  return ARCH_OPS[arch]
}
