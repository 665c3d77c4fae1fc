// What the tests of the policies' queues and indexes check them against:
// seeded generators (a test must replay exactly) and rt.c's plain list.
import {Unit} from '../../../src/hypervisor/sched/policy.js'
import type {Domain, Vcpu} from '../../../src/hypervisor/domain.js'

/** A seeded generator of numbers in [0, 1). */
export function rng(seed: number): () => number {
  let s = seed >>> 0
  return () => {
    s = (s + 0x6d2b79f5) >>> 0
    let t = Math.imul(s ^ (s >>> 15), s | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** A seeded generator of integers in [0, n), the C library's rand() recurrence. */
export function randBelow(seed: number): (n: number) => number {
  return (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2147483648
    return seed % n
  }
}

/** n units of domain 1 (`1.i`), each with the vCPU fields `vcpu(i)` gives. */
export function rtUnits(n: number, vcpu: (i: number) => Partial<Vcpu> = () => ({})): Unit[] {
  return Array.from({length: n}, (_, i) => new Unit(i, `1.${i}`, {} as Domain, vcpu(i) as Vcpu, {kind: 'idle'}))
}

/** The plain list rt.c keeps (deadline_queue_insert: after every unit of at least u's priority); true when u is the new head. */
export function rtListInsert(q: Unit[], u: Unit): boolean {
  let i = 0
  while (i < q.length && !(q[i].pri > u.pri || (q[i].pri === u.pri && q[i].credit > u.credit))) i++
  q.splice(i, 0, u)
  return i === 0
}
