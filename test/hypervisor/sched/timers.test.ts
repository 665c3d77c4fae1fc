import {describe, expect, test} from 'vitest'
import {TimerQueue} from '../../../src/hypervisor/sched/timers.js'

/** The queue's meaning, without any of its tricks: armed keys, the least one fires first. */
class ReferenceQueue {
  readonly keys = new Map<number, [number, number]>()
  /** The time the last timer popped was armed for. */
  firedAt = -1
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
    this.firedAt = bt
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

/** A delay from now: 0 (ties), within a bucket, within a revolution of the wheel, or beyond it. */
function delay(rnd: () => number): number {
  const r = rnd()
  if (r < 0.15) return 0
  if (r < 0.45) return Math.floor(rnd() * 200_000)
  if (r < 0.9) return Math.floor(rnd() * 150_000_000)
  return Math.floor(rnd() * 3_000_000_000)
}

/**
 * Drive both queues the way the engine does: events popped in order, and
 * while one is handled, timers re-armed (often the one that fired), armed
 * "now" (reschedule requests), or cancelled. Returns what differed from the
 * reference.
 */
function replay(seed: number, size: number, steps: number): string[] {
  const mismatches: string[] = []
  const check = (what: string, got: unknown, want: unknown) => {
    if (JSON.stringify(got) !== JSON.stringify(want)) mismatches.push(`step ${what}: ${JSON.stringify(got)} != ${JSON.stringify(want)}`)
  }
  const rnd = lcg(seed)
  const queue = new TimerQueue(size)
  const ref = new ReferenceQueue()
  let now = 0
  let seq = 0
  const pick = () => Math.floor(rnd() * size)
  for (let i = 0; i < size; i++) {
    const t = delay(rnd)
    queue.set(i, t, seq)
    ref.set(i, t, seq++)
  }
  for (let step = 0; step < steps; step++) {
    const until = now + (rnd() < 0.3 ? delay(rnd) : 0)
    const id = queue.popUntil(until)
    check(`${step} popUntil`, id, ref.popUntil(until))
    if (id < 0) {
      now = until
      continue
    }
    now = queue.time[id]
    check(`${step} fired`, queue.armed(id), false)
    check(`${step} firedAt`, queue.firedAt, ref.firedAt)
    const ops = Math.floor(rnd() * 4)
    for (let k = 0; k < ops; k++) {
      const target = rnd() < 0.3 ? id : pick()
      const op = rnd()
      if (op < 0.45) {
        const t = now + delay(rnd)
        queue.set(target, t, seq)
        ref.set(target, t, seq++)
      } else if (op < 0.8) {
        queue.set(target, now, seq)
        ref.set(target, now, seq++)
      } else {
        queue.cancel(target)
        ref.cancel(target)
      }
    }
    for (let i = 0; i < size; i++) {
      check(`${step} armed(${i})`, queue.armed(i), ref.armed(i))
      const key = ref.keys.get(i)
      if (key) check(`${step} key(${i})`, [queue.time[i], queue.seqOf(i)], key)
    }
  }
  return mismatches
}

describe('TimerQueue', () => {
  test.each([1, 2, 3, 5, 17, 81, 300])('pops in (time, seq) order with re-arms, "now" arms and cancels (%i timers)', size => {
    for (let seed = 1; seed <= 5; seed++) expect(replay(seed * 7919 + size, size, 600)).toEqual([])
  })

  test('many timers at one time fire in arming order', () => {
    const queue = new TimerQueue(200)
    for (let i = 0; i < 200; i++) queue.set(i, 5_000_000, 1000 - i)
    const order: number[] = []
    for (let id = queue.popUntil(5_000_000); id >= 0; id = queue.popUntil(5_000_000)) order.push(id)
    expect(order).toEqual(Array.from({length: 200}, (_, i) => 199 - i))
  })

  test('a burst armed for now (a policy tickling hundreds of pCPUs) fires by seq among the run\'s other timers', () => {
    const size = 400
    const queue = new TimerQueue(size)
    const ref = new ReferenceQueue()
    let seq = 0
    const rnd = lcg(42)
    // Timers within the first bucket and beyond, then the first one fires: its bucket is the run.
    for (let i = 0; i < 100; i++) {
      const t = 1000 + Math.floor(rnd() * 3000)
      queue.set(i, t, seq)
      ref.set(i, t, seq++)
    }
    const first = queue.popUntil(5000)
    expect(first).toBe(ref.popUntil(5000))
    expect(first).toBeGreaterThanOrEqual(0)
    const now = queue.time[first]
    // Hundreds armed at `now` (and some re-armed a little later) while the run is long.
    for (let i = 100; i < size; i++) {
      const t = i % 7 === 0 ? now + Math.floor(rnd() * 500) : now
      queue.set(i, t, seq)
      ref.set(i, t, seq++)
      if (i % 13 === 0) {
        // One armed earlier (maybe the one that fired) armed again for now.
        const back = Math.floor(rnd() * i)
        queue.set(back, now, seq)
        ref.set(back, now, seq++)
      }
    }
    const armed = Array.from({length: size}, (_, i) => ref.armed(i)).filter(Boolean).length
    const got: number[] = [], want: number[] = []
    for (let id = queue.popUntil(1e9); id >= 0; id = queue.popUntil(1e9)) got.push(id)
    for (let id = ref.popUntil(1e9); id >= 0; id = ref.popUntil(1e9)) want.push(id)
    expect(got).toEqual(want)
    expect(got.length).toBe(armed)
    expect(armed).toBeGreaterThan(size - 2)
  })

  test('a timer hours away fires after the wheel has turned many times', () => {
    const queue = new TimerQueue(3)
    queue.set(0, 7200e9, 1)
    queue.set(1, 1e6, 2)
    expect(queue.popUntil(3600e9)).toBe(1)
    expect(queue.popUntil(3600e9)).toBe(-1)
    queue.set(2, 3601e9, 3)
    expect([queue.popUntil(7200e9), queue.popUntil(7200e9), queue.popUntil(7200e9)]).toEqual([2, 0, -1])
  })

  test('timers due at the same time fire by seq, not by arming order', () => {
    const queue = new TimerQueue(3)
    queue.set(0, 10, 5)
    queue.set(1, 10, 3)
    queue.set(2, 10, 4)
    expect([queue.popUntil(10), queue.popUntil(10), queue.popUntil(10), queue.popUntil(10)]).toEqual([1, 2, 0, -1])
  })

  test('one slot\'s list: a crowded bucket, later revolutions and re-arms from its head, middle and tail', () => {
    // 2^27 ns apart is one revolution of the wheel: every timer below waits
    // in the same slot, and the 40 of the first bucket outnumber the run's
    // short insertion (they are taken into the run at once).
    const size = 60
    const queue = new TimerQueue(size)
    const ref = new ReferenceQueue()
    let seq = 0
    const arm = (id: number, t: number) => {
      queue.set(id, t, seq)
      ref.set(id, t, seq++)
    }
    const rnd = lcg(7)
    for (let id = 0; id < size; id++) {
      const rev = id < 40 ? 0 : 1 + (id % 3)
      arm(id, 1_000_000 + rev * 2 ** 27 + Math.floor(rnd() * 50) * (id % 2 ? 1 : 0))
    }
    // Re-armed within the slot (the list's head: the last armed), moved to
    // another slot (its tail: the first armed) and from the middle, to ties.
    arm(size - 1, 1_000_000 + 2 ** 27)
    arm(0, 1_000_000 + 3 * 2 ** 27 + 17)
    arm(30, 1_000_000)
    queue.cancel(45)
    ref.cancel(45)
    const got: number[] = [], want: number[] = [], at: number[] = [], wantAt: number[] = []
    for (let id = queue.popUntil(1e12); id >= 0; id = queue.popUntil(1e12)) {
      got.push(id)
      at.push(queue.firedAt)
    }
    for (let id = ref.popUntil(1e12); id >= 0; id = ref.popUntil(1e12)) {
      want.push(id)
      wantAt.push(ref.firedAt)
    }
    expect(got).toEqual(want)
    expect(at).toEqual(wantAt)
    expect(got.length).toBe(size - 1)
  })
})
