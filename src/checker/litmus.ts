/**
 * Classic litmus tests, run on the same explorer as the runstate programs.
 * Expected results are herd7's for SC, x86tso.cat and aarch64.cat (and the
 * Linux kernel memory model, tools/memory-model/litmus-tests, where the test
 * exists there): `weak` is the relaxed outcome named in the test's `exists`
 * clause; `allowed[model]` says whether herd7 finds it.
 *
 * Memory: x at byte 0, y at byte 1, both initially 0.
 */
import {explore, compile} from './explore.js'
import {MODELS, type ModelName} from './models.js'
import type {Barrier, Program, Step} from './program.js'

const X = 0
const Y = 1
const st = (addr: number, v: number): Step => ({kind: 'store', addr, bytes: [v], label: `W ${addr === X ? 'x' : 'y'}=${v}`})
const ld = (addr: number, reg: number): Step => ({kind: 'load', addr, size: 1, reg, label: `r${reg} = R ${addr === X ? 'x' : 'y'}`})
const fence = (barrier: Barrier): Step => ({kind: 'barrier', barrier, label: barrier})

export interface LitmusTest {
  readonly name: string
  readonly program: Program
  /** the relaxed outcome, over final registers (per thread) and memory */
  readonly weak: (regs: readonly Int32Array[], mem: Uint8Array) => boolean
  readonly weakText: string
  readonly allowed: Readonly<Record<ModelName, boolean>>
}

const prog = (...threads: Step[][]): Program => ({
  memory: [0, 0],
  threads: threads.map((steps, i) => ({cpu: `P${i}`, steps, regs: [0, 0]})),
})

const mp = (name: string, w: Barrier | undefined, r: Barrier | undefined, armv8: boolean): LitmusTest => ({
  name,
  program: prog(
    [st(X, 1), ...(w ? [fence(w)] : []), st(Y, 1)],
    [ld(Y, 0), ...(r ? [fence(r)] : []), ld(X, 1)],
  ),
  weak: (regs) => regs[1]![0] === 1 && regs[1]![1] === 0,
  weakText: '1:r0=1 /\\ 1:r1=0',
  allowed: {sc: false, tso: false, armv8},
})

const sb = (name: string, f: Barrier | undefined, tso: boolean, armv8: boolean): LitmusTest => ({
  name,
  program: prog(
    [st(X, 1), ...(f ? [fence(f)] : []), ld(Y, 0)],
    [st(Y, 1), ...(f ? [fence(f)] : []), ld(X, 0)],
  ),
  weak: (regs) => regs[0]![0] === 0 && regs[1]![0] === 0,
  weakText: '0:r0=0 /\\ 1:r0=0',
  allowed: {sc: false, tso, armv8},
})

const lb = (name: string, f: Barrier | undefined, armv8: boolean): LitmusTest => ({
  name,
  program: prog(
    [ld(X, 0), ...(f ? [fence(f)] : []), st(Y, 1)],
    [ld(Y, 0), ...(f ? [fence(f)] : []), st(X, 1)],
  ),
  weak: (regs) => regs[0]![0] === 1 && regs[1]![0] === 1,
  weakText: '0:r0=1 /\\ 1:r0=1',
  allowed: {sc: false, tso: false, armv8},
})

const twoPlusTwoW = (name: string, f: Barrier | undefined, armv8: boolean): LitmusTest => ({
  name,
  program: prog(
    [st(X, 1), ...(f ? [fence(f)] : []), st(Y, 2)],
    [st(Y, 1), ...(f ? [fence(f)] : []), st(X, 2)],
  ),
  weak: (_regs, mem) => mem[X] === 1 && mem[Y] === 1,
  weakText: 'x=1 /\\ y=1',
  allowed: {sc: false, tso: false, armv8},
})

export const LITMUS: readonly LitmusTest[] = [
  mp('MP', undefined, undefined, true),
  mp('MP+wmb', 'smp_wmb', undefined, true),
  mp('MP+rmb', undefined, 'smp_rmb', true),
  mp('MP+wmb+rmb', 'smp_wmb', 'smp_rmb', false), // = MP+dmb.st+dmb.ld on ARMv8
  sb('SB', undefined, true, true),
  sb('SB+wmbs', 'smp_wmb', true, true), // dmb ishst does not order a store before a load
  sb('SB+mbs', 'smp_mb', false, false), // SB+mfences / SB+dmb.sys
  lb('LB', undefined, true),
  lb('LB+rmbs', 'smp_rmb', false), // dmb ishld orders a load before later stores
  twoPlusTwoW('2+2W', undefined, true),
  twoPlusTwoW('2+2W+wmbs', 'smp_wmb', false),
  {
    name: 'CoRR',
    program: prog([st(X, 1)], [ld(X, 0), ld(X, 1)]),
    weak: (regs) => regs[1]![0] === 1 && regs[1]![1] === 0,
    weakText: '1:r0=1 /\\ 1:r1=0',
    allowed: {sc: false, tso: false, armv8: false},
  },
  {
    // SB+rfi-pos: a load may read its own store from the store buffer before
    // the store is visible to the other CPU (x86-TSO's n6-like test).
    name: 'SB+rfi-pos',
    program: prog([st(X, 1), ld(X, 0), ld(Y, 1)], [st(Y, 1), ld(Y, 0), ld(X, 1)]),
    weak: (regs) => regs[0]![0] === 1 && regs[0]![1] === 0 && regs[1]![0] === 1 && regs[1]![1] === 0,
    weakText: '0:r0=1 /\\ 0:r1=0 /\\ 1:r0=1 /\\ 1:r1=0',
    allowed: {sc: false, tso: true, armv8: true},
  },
]

export interface LitmusResult {
  readonly name: string
  readonly model: ModelName
  /** every final outcome, as "P0:r0=.. r1=..; P1:...; x=.. y=.." */
  readonly outcomes: readonly string[]
  readonly weakObserved: boolean
  readonly expected: boolean
  readonly states: number
}

export function runLitmus(test: LitmusTest, model: ModelName, reduce = true): LitmusResult {
  const outcomes = new Set<string>()
  let weakObserved = false
  const r = explore(compile(test.program, MODELS[model]), {
    stopAtFirst: false,
    reduce,
    onFinal: (mem, regs) => {
      outcomes.add(regs.map((rs, i) => `P${i}:r0=${rs[0]} r1=${rs[1]}`).join('; ') + `; x=${mem[X]} y=${mem[Y]}`)
      if (test.weak(regs, mem)) weakObserved = true
    },
  })
  return {name: test.name, model, outcomes: [...outcomes].sort(), weakObserved, expected: test.allowed[model], states: r.states}
}
