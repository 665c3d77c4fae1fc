/**
 * Step programs: what one CPU does, as a straight-line list of memory accesses
 * and barriers over a small byte-addressed memory. Litmus tests and the
 * runstate writer/reader programs are both written in this vocabulary, so they
 * run on the same explorer (explore.ts) under the same memory models (models.ts).
 *
 * Control flow (the reader's retry loop) is unrolled: each attempt is a block
 * of steps, and a thread's `settle` hook decides from its registers when the
 * loop has returned. Branches are not ordering points (control dependencies
 * are ignored, as the models in models.ts say).
 */

/**
 * Barrier names are the kernel's / hypervisor's primitives, not instructions:
 * what each one orders is the memory model's business (models.ts), e.g.
 * smp_wmb() is a compiler barrier on x86 and `dmb ishst` on ARMv8.
 *
 * - `barrier`  compiler barrier only (Linux barrier()): never orders hardware.
 * - `smp_wmb`  store -> store.
 * - `smp_rmb`  load -> load (on ARMv8: load -> load and store, dmb ishld).
 * - `smp_mb`   everything (mfence / dmb ish).
 * - `switch`   a context switch between two updates: the scheduler's locks
 *              order everything before against everything after.
 */
export type Barrier = 'barrier' | 'smp_wmb' | 'smp_rmb' | 'smp_mb' | 'switch'

export interface StoreStep {
  readonly kind: 'store'
  readonly addr: number
  /** little-endian bytes written, one store of bytes.length bytes */
  readonly bytes: readonly number[]
  readonly label: string
  /** accesses with the same non-zero group are unordered among themselves (a memcpy) */
  readonly group?: number
}

/**
 * Fold a loaded value into a register. `value` is the loaded bytes as a
 * string, one char code (0..255) per byte, lowest address first. Folds let a
 * program keep a compact summary (e.g. "which published records is this copy
 * still consistent with") instead of every value read, which keeps the
 * explorer's visited set small.
 */
export type Fold = (prev: number, value: string) => number

export interface LoadStep {
  readonly kind: 'load'
  readonly addr: number
  readonly size: number
  readonly reg: number
  readonly label: string
  /** accesses with the same non-zero group are unordered among themselves (a memcpy) */
  readonly group?: number
  /** default: the little-endian value (sizes up to 6 bytes) */
  readonly fold?: Fold
}

export interface BarrierStep {
  readonly kind: 'barrier'
  readonly barrier: Barrier
  readonly label: string
}

export type Step = StoreStep | LoadStep | BarrierStep

/** How a thread's run ends, decided from its registers (see ThreadProgram.settle). */
export interface Settled {
  readonly verdict: 'ok' | 'violation' | 'gaveup'
  /** free-form detail for the scenario, e.g. the reader attempt that returned */
  readonly detail?: number
}

export interface ThreadProgram {
  /** who runs it, e.g. "pCPU0 xen" */
  readonly cpu: string
  readonly steps: readonly Step[]
  /** initial register values */
  readonly regs: readonly number[]
  /**
   * Called on every state: once it returns a result the branch ends there
   * (the reader has returned a snapshot, or given up).
   */
  readonly settle?: (regs: Int32Array) => Settled | undefined
  /**
   * Canonical form of the registers for the visited set, written as
   * 16-bit values to out[at .. at + regs.length); lets a program forget
   * values that can no longer matter (a failed attempt's loads). Default:
   * the registers themselves (which must then fit in 16 bits).
   */
  readonly canon?: (regs: Int32Array, out: Uint16Array, at: number) => void
  /**
   * Atomic sections: every block between `switch` barriers runs without any
   * other thread's access in the middle ("local" reading, see scenario.ts).
   */
  readonly atomic?: boolean
}

export interface Program {
  /** initial memory contents */
  readonly memory: readonly number[]
  readonly threads: readonly ThreadProgram[]
}
