// The guest's per-arch choices, one table per arch (as Linux keeps them in
// arch/x86/xen and arch/arm/xen), never `if (arch === ...)` in the guest model.
import type {Arch} from '../../hypervisor/types.js'
import type {GuestArchOps} from './ops.js'
import {x86} from './x86.js'
import {arm} from './arm.js'

export type {GuestArchOps} from './ops.js'

const GUEST_ARCH: Record<Arch, GuestArchOps> = {x86_64: x86, arm64: arm}

export function guestArch(arch: Arch): GuestArchOps {
  return GUEST_ARCH[arch]
}
