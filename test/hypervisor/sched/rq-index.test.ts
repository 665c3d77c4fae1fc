// The per-runqueue summaries the policies search instead of walking every
// runqueue: each answer against the walk it replaces, on random contents.
import {describe, expect, it} from 'vitest'
import {IdSet, MinIndex} from '../../../src/hypervisor/sched/rq-index.js'
import {rng} from './reference.js'

describe('IdSet', () => {
  it.each([1, 5, 31, 32, 33, 64, 100, 1024])('next() finds the first member at or after each index (size %i)', size => {
    const r = rng(size)
    const set = new IdSet(size)
    const ref = new Array<boolean>(size).fill(false)
    for (let step = 0; step < 400; step++) {
      const i = Math.floor(r() * size)
      const on = r() < 0.5
      set.put(i, on)
      ref[i] = on
      const from = Math.floor(r() * (size + 2))
      const want = ref.findIndex((x, j) => x && j >= from)
      expect(set.next(from)).toBe(want)
      expect(set.has(i)).toBe(on)
    }
  })

  it('is empty at first and past its end', () => {
    const set = new IdSet(40)
    expect(set.next(0)).toBe(-1)
    set.put(39, true)
    expect(set.next(0)).toBe(39)
    expect(set.next(40)).toBe(-1)
  })
})

describe('MinIndex', () => {
  it.each([1, 2, 3, 7, 16, 64, 65, 200])('firstBelow() is the first index at or after `from` below the limit (size %i)', size => {
    const r = rng(1000 + size)
    const idx = new MinIndex(size)
    const ref = new Array<number>(size).fill(Infinity)
    for (let step = 0; step < 500; step++) {
      const i = Math.floor(r() * size)
      // Loads per pCPU as credit2 computes them: small integers over the runqueue's size.
      const v = Math.floor(r() * 40) / 16
      idx.set(i, v)
      ref[i] = v
      expect(idx.get(i)).toBe(v)
      const from = Math.floor(r() * (size + 1))
      const limit = Math.floor(r() * 48) / 16 - 1
      expect(idx.firstBelow(from, limit)).toBe(ref.findIndex((x, j) => j >= from && x < limit))
    }
  })

  it('finds nothing before any value is set, nor at or below an equal value', () => {
    const idx = new MinIndex(10)
    expect(idx.firstBelow(0, 1e9)).toBe(-1)
    idx.set(4, 2)
    expect(idx.firstBelow(0, 2)).toBe(-1)
    expect(idx.firstBelow(0, 2.0000001)).toBe(4)
    expect(idx.firstBelow(5, 3)).toBe(-1)
  })
})
