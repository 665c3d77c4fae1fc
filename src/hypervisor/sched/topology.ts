// The simulated host's CPU topology, as the schedulers and debug keys see it:
// one thread per core, one socket per 16 pCPUs (so credit2's runqueue per
// socket is also Xen's default cap of 16 pCPUs per runqueue).
import type {Host} from '../host.js'

export const CORES_PER_SOCKET = 16

export interface CpuTopology {
  threadsPerCore: number
  coresPerSocket: number
  sockets: number
  /** Socket of each pCPU. */
  socketOf: number[]
}

export function cpuTopology(host: Host): CpuTopology {
  const n = host.config.cpus
  const coresPerSocket = Math.min(n, CORES_PER_SOCKET)
  const socketOf: number[] = []
  for (let c = 0; c < n; c++) socketOf.push(Math.floor(c / CORES_PER_SOCKET))
  return {threadsPerCore: 1, coresPerSocket, sockets: Math.ceil(n / coresPerSocket), socketOf}
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
