// The host's seeded generator (mulberry32): nextRandomBits() is the same
// draw as nextRandom(), as the int32 of its 32 bits, so the scheduler's
// workloads (which take the bits) replay exactly what they drew before.
import {describe, expect, it} from 'vitest'
import {nextRandom, nextRandomBits} from '../../src/hypervisor/rng.js'
import type {Host} from '../../src/hypervisor/host.js'

const seeded = (rng: number) => ({rng}) as unknown as Host

describe('nextRandomBits', () => {
  it('draws what nextRandom draws, as 32 bits in an int32', () => {
    for (const seed of [0, 42, 0x7fffffff, 0x80000000, 0xffffffff]) {
      const a = seeded(seed), b = seeded(seed)
      for (let i = 0; i < 10000; i++) {
        const bits = nextRandomBits(b)
        expect(bits).toBe(bits | 0)
        expect((bits >>> 0) / 2 ** 32).toBe(nextRandom(a))
        expect(b.rng).toBe(a.rng)
      }
    }
  })

  it('is mulberry32 from the seed (the first draws of seed 42)', () => {
    const h = seeded(42)
    const first = [nextRandom(h), nextRandom(h), nextRandom(h)]
    // mulberry32(42)'s first three outputs / 2^32.
    expect(first.map(x => Math.round(x * 2 ** 32))).toEqual([2581720956, 1925393290, 3661312704])
  })
})
