/**
 * The memory models, as a table of "preserved program order" (ppo) rules.
 *
 * The explorer (explore.ts) is operational: every CPU performs its memory
 * events one at a time against a single global memory, in any order that
 * respects `mustPrecede` below; a load reads the global memory, except the
 * bytes it can take from a po-earlier store of its own CPU that has not been
 * performed yet (store forwarding). An interleaving of such events is an
 * execution whose global order contains ppo and rfe/co/fr, which is exactly
 * the axiomatic condition acyclic(ppo | rfe | co | fr) + SC-per-location of
 * the (other-)multi-copy-atomic models below:
 *
 *  - SC: ppo = po. (Lamport 1979.)
 *  - x86-TSO: ppo = po minus store->load pairs (a FIFO store buffer lets a
 *    load overtake earlier stores; forwarding from the own buffer), restored
 *    by mfence. Owens, Sarkar, Sewell, "A better x86 memory model: x86-TSO",
 *    TPHOLs 2009; herd7 x86tso.cat. On x86 Linux/Xen smp_wmb()/smp_rmb() are
 *    barrier() (arch/x86/include/asm/barrier.h): compiler barriers only.
 *  - ARMv8: other-multi-copy-atomic; ob = obs | dob | aob | bob. We keep bob
 *    (barriers) and same-location ordering, and drop dob/aob: address, data
 *    and control dependencies are treated as NOT ordering, which only adds
 *    behaviours (sound for SAFE). Pulte, Flur, Deacon, French, Sarkar,
 *    Sewell, "Simplifying ARM concurrency", POPL 2018; herd7 aarch64.cat:
 *      bob includes [R]; po; [dmb.ld]; po   (smp_rmb = dmb ishld)
 *                   [W]; po; [dmb.st]; po; [W]   (smp_wmb = dmb ishst)
 *                   po; [dmb.sy]; po  (smp_mb = dmb ish)
 *    rfi is not in ob (a load may read its own CPU's store before others
 *    see it): modelled by forwarding. Linux tools/memory-model (LKMM) agrees
 *    on every litmus test in litmus.ts.
 */
import type {Barrier} from './program.js'

export type ModelName = 'sc' | 'tso' | 'armv8'
export const MODEL_NAMES: readonly ModelName[] = ['sc', 'tso', 'armv8']

export interface Access {
  readonly kind: 'load' | 'store'
  readonly addr: number
  readonly size: number
}

export interface MemoryModel {
  readonly name: ModelName
  readonly title: string
  /** what each primitive compiles to on this machine, for traces */
  readonly insn: Readonly<Record<Barrier, string>>
  /**
   * Must po-earlier access `a` be performed before po-later `b`, given the
   * barriers between them? Same-location store->load is never required: the
   * load forwards from the pending store instead.
   */
  mustPrecede(a: Access, b: Access, between: ReadonlySet<Barrier>): boolean
}

export function overlaps(a: Access, b: Access): boolean {
  return a.addr < b.addr + b.size && b.addr < a.addr + a.size
}

const full = (between: ReadonlySet<Barrier>) => between.has('smp_mb') || between.has('switch')

export const SC: MemoryModel = {
  name: 'sc',
  title: 'sequential consistency',
  insn: {barrier: 'compiler barrier', smp_wmb: '(no-op under SC)', smp_rmb: '(no-op under SC)', smp_mb: '(no-op under SC)', switch: 'context switch'},
  mustPrecede: () => true,
}

export const TSO: MemoryModel = {
  name: 'tso',
  title: 'x86-TSO',
  insn: {barrier: 'compiler barrier', smp_wmb: 'compiler barrier (x86)', smp_rmb: 'compiler barrier (x86)', smp_mb: 'mfence', switch: 'context switch'},
  mustPrecede(a, b, between) {
    // Only a store followed by a load is relaxed (the store sits in the FIFO
    // store buffer); the same-address case reads the buffer (forwarding).
    if (a.kind === 'store' && b.kind === 'load') return full(between)
    return true
  },
}

export const ARMV8: MemoryModel = {
  name: 'armv8',
  title: 'ARMv8 (other-multi-copy-atomic, dependencies ignored)',
  insn: {barrier: 'compiler barrier', smp_wmb: 'dmb ishst', smp_rmb: 'dmb ishld', smp_mb: 'dmb ish', switch: 'context switch'},
  mustPrecede(a, b, between) {
    if (full(between)) return true
    if (overlaps(a, b)) {
      // Coherence: CoWW, CoRW, CoRR keep order; CoWR is satisfied by forwarding.
      return !(a.kind === 'store' && b.kind === 'load')
    }
    if (a.kind === 'load' && between.has('smp_rmb')) return true
    if (a.kind === 'store' && b.kind === 'store' && between.has('smp_wmb')) return true
    return false
  },
}

export const MODELS: Readonly<Record<ModelName, MemoryModel>> = {sc: SC, tso: TSO, armv8: ARMV8}
