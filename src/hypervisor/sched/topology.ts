// The simulated host's CPU topology, as the schedulers and debug keys see it:
// one thread per core, one socket per 16 pCPUs (so credit2's runqueue per
// socket is also Xen's default cap of 16 pCPUs per runqueue).
import type {Host} from '../host.js'
import {archOps} from '../arch/index.js'

export const CORES_PER_SOCKET = 16

export interface CpuTopology {
  threadsPerCore: number
  coresPerSocket: number
  sockets: number
  /** Socket of each pCPU. */
  socketOf: number[]
  /** cpu_to_core() of each pCPU (xl info -n). */
  coreOf: number[]
  /** per_cpu(cpu_core_mask): the pCPUs sharing its socket, as the debug keys print them. */
  coreMaskOf(cpu: number): number[]
}

export function cpuTopology(host: Host): CpuTopology {
  const n = host.config.cpus
  const coresPerSocket = Math.min(n, CORES_PER_SOCKET)
  const socketOf: number[] = []
  for (let c = 0; c < n; c++) socketOf.push(Math.floor(c / CORES_PER_SOCKET))
  if (!archOps(host.config.arch).knowsCpuTopology) {
    // ARM: each pCPU's core mask holds only itself, and cpu_to_core() and
    // cpu_to_socket() are 0 (xen/arch/arm/smpboot.c:94, asm/processor.h:593).
    return {threadsPerCore: 1, coresPerSocket: 1, sockets: 1, socketOf: socketOf.map(() => 0), coreOf: socketOf.map(() => 0), coreMaskOf: cpu => [cpu]}
  }
  return {
    threadsPerCore: 1, coresPerSocket, sockets: Math.ceil(n / coresPerSocket), socketOf,
    coreOf: socketOf.map((_, c) => c % CORES_PER_SOCKET),
    coreMaskOf: cpu => socketOf.flatMap((s, c) => (s === socketOf[cpu] ? [c] : [])),
  }
}

/**
 * Xen's "%*pb" (bitmap_scnprintf): hex, 32-bit chunks separated by commas,
 * the first chunk only as wide as the bits it holds.
 */
export function formatBitmap(cpus: readonly number[], nbits: number): string {
  const chunks: string[] = []
  const top = Math.ceil(nbits / 32) * 32 - 32
  let chunksz = nbits % 32 || 32
  for (let i = top; i >= 0; i -= 32) {
    let val = 0
    for (const c of cpus) if (c >= i && c < i + chunksz) val += 2 ** (c - i)
    chunks.push(val.toString(16).padStart(Math.ceil(chunksz / 4), '0'))
    chunksz = 32
  }
  return chunks.join(',')
}
