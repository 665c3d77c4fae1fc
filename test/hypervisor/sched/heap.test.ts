import {describe, expect, test} from 'vitest'
import {TimerHeap} from '../../../src/hypervisor/sched/heap.js'

/** The queue's meaning, without any of its tricks: armed keys, the least one fires first. */
class ReferenceQueue {
  readonly keys = new Map<number, [number, number]>()
  set(id: number, time: number, seq: number): void { this.keys.set(id, [time, seq]) }
  cancel(id: number): void { this.keys.delete(id) }
  armed(id: number): boolean { return this.keys.has(id) }
  popUntil(t: number): number {
    let best = -1, bt = Infinity, bs = Infinity
    for (const [id, [time, seq]] of this.keys) {
      if (time < bt || (time === bt && seq < bs)) { best = id; bt = time; bs = seq }
    }
    if (best < 0 || bt > t) return -1
    this.keys.delete(best)
    return best
  }
}

/** A small seeded generator (the test must replay). */
function lcg(seed: number): () => number {
  let s = seed >>> 0
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0
    return s / 2 ** 32
  }
}

/**
 * Drive both queues the way the engine does: events popped in order, and
 * while one is handled, timers re-armed (often the one that fired), moved
 * into the lane "now" (reschedule requests), or cancelled.
 */
function replay(seed: number, size: number, steps: number): string[] {
  const mismatches: string[] = []
  const check = (what: string, got: unknown, want: unknown) => {
    if (JSON.stringify(got) !== JSON.stringify(want)) mismatches.push(`step ${what}: ${JSON.stringify(got)} != ${JSON.stringify(want)}`)
  }
  const rnd = lcg(seed)
  const heap = new TimerHeap(size)
  const ref = new ReferenceQueue()
  let now = 0
  let seq = 0
  const pick = () => Math.floor(rnd() * size)
  for (let i = 0; i < size; i++) {
    const t = Math.floor(rnd() * 1000)
    heap.set(i, t, seq)
    ref.set(i, t, seq++)
  }
  for (let step = 0; step < steps; step++) {
    const until = now + Math.floor(rnd() * 50)
    const id = heap.popUntil(until)
    check(`${step} popUntil`, id, ref.popUntil(until))
    if (id < 0) {
      now = until
      continue
    }
    now = heap.time[id]
    check(`${step} fired`, heap.armed(id), false)
    const ops = Math.floor(rnd() * 4)
    for (let k = 0; k < ops; k++) {
      const r = rnd()
      const target = r < 0.3 ? id : pick()
      const op = rnd()
      if (op < 0.45) {
        // Ties on time are common (many timers armed "now"): seq decides.
        const t = now + (rnd() < 0.2 ? 0 : Math.floor(rnd() * 300))
        heap.set(target, t, seq)
        ref.set(target, t, seq++)
      } else if (op < 0.8) {
        heap.setInOrder(target, now, seq)
        ref.set(target, now, seq++)
      } else {
        heap.cancel(target)
        ref.cancel(target)
      }
    }
    for (let i = 0; i < size; i++) {
      check(`${step} armed(${i})`, heap.armed(i), ref.armed(i))
      const key = ref.keys.get(i)
      if (key) check(`${step} key(${i})`, [heap.time[i], heap.seq[i]], key)
    }
  }
  return mismatches
}

describe('TimerHeap', () => {
  test.each([1, 2, 3, 5, 17, 81])('pops in (time, seq) order with re-arms, lane moves and cancels (%i timers)', size => {
    for (let seed = 1; seed <= 5; seed++) expect(replay(seed * 7919 + size, size, 400)).toEqual([])
  })

  test('a lane entry below the lane tail goes to the heap and still fires first', () => {
    const heap = new TimerHeap(3)
    heap.setInOrder(0, 10, 5)
    heap.setInOrder(1, 10, 3)
    heap.set(2, 10, 4)
    expect([heap.popUntil(10), heap.popUntil(10), heap.popUntil(10), heap.popUntil(10)]).toEqual([1, 2, 0, -1])
  })
})
