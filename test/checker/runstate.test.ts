import {describe, expect, it} from 'vitest'
import {MODEL_NAMES, READERS, runCheck, WRITERS} from '../../src/checker/index.js'

const check = (writer: string, reader: string, model: string, updates = 1, extra: object = {}) =>
  runCheck({writer, reader, model, updates, ...extra})

describe('the runstate update protocol', () => {
  it('Linux 4.6 reading a remote CPU is torn on every model, with every writer', () => {
    for (const writer of WRITERS) {
      for (const reader of ['linux-4.6', 'linux-4.6-32bit']) {
        for (const model of MODEL_NAMES) expect(check(writer.name, reader, model).verdict, `${writer.name} ${reader} ${model}`).toBe('TORN')
      }
    }
  })

  it('Xen 4.7 (no flag) is torn even for the new reader', () => {
    for (const model of MODEL_NAMES) expect(check('xen-4.7', 'linux-4.8', model).verdict).toBe('TORN')
  })

  for (const updates of [1, 2]) {
    it(`the series' reader with the flag writer is SAFE on sc, tso and armv8 (K=${updates})`, () => {
      for (const writer of ['xen-4.17-x86', 'xen-4.17-arm']) {
        for (const reader of ['linux-4.8', 'linux-4.8-32bit']) {
          for (const model of MODEL_NAMES) {
            const r = check(writer, reader, model, updates)
            expect(r.verdict, `${writer} ${reader} ${model}`).toBe('SAFE')
            expect(r.states).toBeGreaterThan(0)
          }
        }
      }
    })
  }

  it('on ARMv8, dropping the writer\'s first smp_wmb or the reader\'s first rmb tears it', () => {
    expect(check('xen-4.17-no-wmb1', 'linux-4.8', 'armv8').verdict).toBe('TORN')
    expect(check('xen-4.17-arm', 'linux-4.8-no-rmb1', 'armv8').verdict).toBe('TORN')
    expect(check('xen-4.17-no-wmb2', 'linux-4.8', 'armv8').verdict).toBe('TORN')
    expect(check('xen-4.17-arm', 'linux-4.8-no-rmb2', 'armv8').verdict).toBe('TORN')
  })

  it('on x86-TSO the barriers are compiler-only: still SAFE without them', () => {
    for (const writer of ['xen-4.17-no-wmb1', 'xen-4.17-no-wmb2']) expect(check(writer, 'linux-4.8', 'tso', 2).verdict).toBe('SAFE')
    for (const reader of ['linux-4.8-no-rmb1', 'linux-4.8-no-rmb2']) expect(check('xen-4.17-x86', reader, 'tso', 2).verdict).toBe('SAFE')
  })

  it('reading one\'s own vCPU (--local) is always SAFE, even for Linux 4.6 and Xen 4.7', () => {
    for (const writer of WRITERS) {
      for (const reader of READERS) {
        for (const model of MODEL_NAMES) expect(check(writer.name, reader.name, model, 1, {mode: 'local'}).verdict).toBe('SAFE')
      }
    }
  })

  it('K=3 still works for the protected pair on armv8', () => {
    const r = check('xen-4.17-arm', 'linux-4.8', 'armv8', 3)
    expect(r.verdict).toBe('SAFE')
  })

  it('partial-order reduction and the retry bound do not change verdicts', () => {
    for (const writer of WRITERS) {
      for (const reader of ['linux-4.6', 'linux-4.8', 'linux-4.8-no-rmb1', 'linux-4.8-no-rmb2']) {
        for (const model of MODEL_NAMES) {
          const full = check(writer.name, reader, model, 1, {reduce: false}).verdict
          expect(check(writer.name, reader, model, 1).verdict, `${writer.name} ${reader} ${model}`).toBe(full)
          expect(check(writer.name, reader, model, 1, {attempts: 1}).verdict).toBe(full)
        }
      }
    }
  })

  it('the 32-bit reader uses the compat layout on x86 models, native on armv8', () => {
    expect(check('xen-4.17-x86', 'linux-4.8-32bit', 'tso').layout).toBe('compat')
    expect(check('xen-4.17-arm', 'linux-4.8-32bit', 'armv8').layout).toBe('native')
  })
})
