// Per-arch behaviour lives in one table per arch (like Xen's arch/x86 vs arch/arm),
// never in `if (arch === ...)` scattered through the core.
import type {Arch} from '../types.js'
import type {ArchOps} from './ops.js'
import {x86} from './x86.js'
import {arm} from './arm.js'

export type {ArchOps} from './ops.js'

const ARCH_OPS: Record<Arch, ArchOps> = {x86_64: x86, arm64: arm}

export function archOps(arch: Arch): ArchOps {
  return ARCH_OPS[arch]
}
