import {describe, expect, it} from 'vitest'
import {LITMUS, MODEL_NAMES, runLitmus} from '../../src/checker/index.js'

// herd7 (SC, x86tso.cat, aarch64.cat): SC forbids every weak outcome, TSO
// allows only the store-buffering ones, ARMv8 allows MP, SB, LB, 2+2W and
// forbids MP+dmb.st+dmb.ld.
describe('litmus tests on each memory model', () => {
  for (const test of LITMUS) {
    for (const model of MODEL_NAMES) {
      it(`${test.name} on ${model}: weak outcome ${test.allowed[model] ? 'allowed' : 'forbidden'}`, () => {
        expect(runLitmus(test, model).weakObserved).toBe(test.allowed[model])
        expect(runLitmus(test, model, false).weakObserved).toBe(test.allowed[model])
      })
    }
  }

  it('matches the headline table', () => {
    const weak = (name: string, model: 'sc' | 'tso' | 'armv8') => runLitmus(LITMUS.find((t) => t.name === name)!, model).weakObserved
    for (const name of ['MP', 'SB', 'LB', '2+2W']) expect(weak(name, 'sc')).toBe(false)
    expect(['MP', 'SB', 'LB', '2+2W'].map((n) => weak(n, 'tso'))).toEqual([false, true, false, false])
    expect(['MP', 'SB', 'LB', '2+2W'].map((n) => weak(n, 'armv8'))).toEqual([true, true, true, true])
    expect(weak('MP+wmb+rmb', 'armv8')).toBe(false)
    expect(weak('MP+wmb', 'armv8')).toBe(true)
    expect(weak('MP+rmb', 'armv8')).toBe(true)
    expect(weak('SB+mbs', 'tso')).toBe(false)
  })

  it('reduction keeps every final outcome', () => {
    for (const test of LITMUS) {
      for (const model of MODEL_NAMES) expect(runLitmus(test, model).outcomes).toEqual(runLitmus(test, model, false).outcomes)
    }
  })

  it('MP on SC has exactly the three interleaving outcomes', () => {
    const r = runLitmus(LITMUS.find((t) => t.name === 'MP')!, 'sc')
    expect(r.outcomes.map((o) => o.split('; ')[1])).toEqual(['P1:r0=0 r1=0', 'P1:r0=0 r1=1', 'P1:r0=1 r1=1'])
  })
})
