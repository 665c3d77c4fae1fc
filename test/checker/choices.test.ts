import {describe, expect, it} from 'vitest'
import {ChoiceCache} from '../../src/checker/choices.js'
import {compile, explore, type SharedChoices} from '../../src/checker/explore.js'
import {MODELS} from '../../src/checker/models.js'
import {findReader} from '../../src/checker/readers.js'
import {buildScenario} from '../../src/checker/scenario.js'
import {findWriter} from '../../src/checker/writers.js'

const events = (c: ChoiceCache, e: number) => Array.from(c.list.subarray(c.start(e), c.start(e) + c.length(e)))

describe('the choice cache', () => {
  it('finds nothing for a done set it was never given', () => {
    const c = new ChoiceCache(2)
    const key = Int32Array.of(1, 2)
    expect(c.find(key, ChoiceCache.hash(key, 2))).toBe(-1)
  })

  it('gives back the events in the order they were added, per done set', () => {
    const c = new ChoiceCache(2, 2)
    const a = Int32Array.of(3, 0)
    const b = Int32Array.of(3, 1)
    const ea = c.add(a, ChoiceCache.hash(a, 2), Int32Array.of(9, 4, 7), 3)
    const eb = c.add(b, ChoiceCache.hash(b, 2), Int32Array.of(5, 6), 1)
    expect(events(c, c.find(a, ChoiceCache.hash(a, 2)))).toEqual([9, 4, 7])
    expect(events(c, c.find(b, ChoiceCache.hash(b, 2)))).toEqual([5])
    expect([ea, eb]).toEqual([0, 1])
  })

  it('keeps an empty choice (nothing enabled) apart from no entry', () => {
    const c = new ChoiceCache(1)
    const k = Int32Array.of(-1)
    const e = c.add(k, ChoiceCache.hash(k, 1), new Int32Array(0), 0)
    expect(c.find(k, ChoiceCache.hash(k, 1))).toBe(e)
    expect(c.length(e)).toBe(0)
  })

  it('grows past its initial size without losing or mixing entries (the same hash for two sets included)', () => {
    const c = new ChoiceCache(3, 2)
    const n = 5000
    const key = (i: number) => Int32Array.of(i, i ^ 0x5555, -i)
    for (let i = 0; i < n; i++) c.add(key(i), i % 7, Int32Array.of(i, i + 1, i + 2, i + 3, i + 4), 1 + (i % 5))
    for (let i = 0; i < n; i++) {
      const e = c.find(key(i), i % 7)
      expect(events(c, e)).toEqual([i, i + 1, i + 2, i + 3, i + 4].slice(0, 1 + (i % 5)))
    }
    expect(c.find(key(n), n % 7)).toBe(-1)
  })
})

describe('choices shared between explorations', () => {
  const compiled = (writer: string, reader: string, model: 'sc' | 'tso' | 'armv8') =>
    compile(buildScenario(findWriter(writer)!, findReader(reader)!, model, 2, 'remote', 3).program, MODELS[model])

  it('programs of one structure share one cache, others get their own', () => {
    const pool: SharedChoices = new Map()
    explore(compiled('xen-4.17-x86', 'linux-4.8', 'armv8'), {choices: pool})
    explore(compiled('xen-4.17-arm', 'linux-4.8', 'armv8'), {choices: pool})
    expect(pool.size).toBe(1)
    explore(compiled('xen-4.17-no-wmb1', 'linux-4.8', 'armv8'), {choices: pool})
    expect(pool.size).toBe(2)
    // x86-TSO keeps in order exactly what the barriers order on ARM here
    explore(compiled('xen-4.17-arm', 'linux-4.8', 'tso'), {choices: pool})
    expect(pool.size).toBe(2)
    explore(compiled('xen-4.17-arm', 'linux-4.8-32bit', 'armv8'), {choices: pool})
    expect(pool.size).toBe(3)
  })

  it('explore exactly the states and transitions a fresh exploration does, verdict and counterexample too', () => {
    const pool: SharedChoices = new Map()
    const cells = [
      ['xen-4.17-x86', 'linux-4.8-32bit', 'armv8'], ['xen-4.17-arm', 'linux-4.8-32bit', 'armv8'],
      ['xen-4.17-no-wmb2', 'linux-4.8', 'sc'], ['xen-4.17-x86', 'linux-4.8', 'sc'], ['xen-4.7', 'linux-4.6', 'sc'],
      ['xen-4.17-no-wmb1', 'linux-4.8', 'armv8'], ['xen-4.17-no-wmb1', 'linux-4.8', 'armv8'],
    ] as const
    for (const [w, r, m] of cells) {
      const fresh = explore(compiled(w, r, m))
      const again = explore(compiled(w, r, m), {choices: pool})
      expect({...again, timeMs: 0}, `${w} ${r} ${m}`).toEqual({...fresh, timeMs: 0})
    }
    expect(pool.size).toBeLessThan(cells.length)
  })
})
