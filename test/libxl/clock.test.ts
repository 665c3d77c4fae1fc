// The wall clock's catch-up: all of the elapsed time, at a bounded cost.
import {describe, expect, it} from 'vitest'
import {busyHost} from '../../bench/catchup.js'
import {catchUpWallClock, advanceBy} from '../../src/libxl/clock.js'
import {eventsHandled} from '../../src/hypervisor/sched/index.js'
import {checkInvariants} from '../../src/hypervisor/invariants.js'
import {nowNs} from '../../src/hypervisor/time.js'
import {XlError} from '../../src/libxl/errors.js'

describe('catchUpWallClock', () => {
  it('catches up a whole week, exactly', () => {
    const host = busyHost(20)
    const start = nowNs(host)
    expect(catchUpWallClock(host, 1_000, 1_000 + 7 * 86400e3)).toBe(7n * 86400n * 1_000_000_000n)
    expect(nowNs(host)).toBe(start + 7n * 86400n * 1_000_000_000n)
    expect(checkInvariants(host)).toEqual([])
  })

  it('1,000 busy domains idle for 90 s: a few thousand events, not the 90 s simulated one by one', () => {
    const host = busyHost(1000)
    const before = eventsHandled(host)
    catchUpWallClock(host, 0, 90e3)
    // Exactly simulated, 90 s of this host is about 730,000 events (8 pCPUs switching every ~1 ms).
    expect(eventsHandled(host) - before).toBeLessThan(20_000)
    expect(checkInvariants(host)).toEqual([])
  })

  it('a small host keeps the exact simulation below 120 s', () => {
    const host = busyHost(4)
    const before = eventsHandled(host)
    catchUpWallClock(host, 0, 90e3)
    // Every event of the 90 s (about 46,000 here; fast-forwarded, a few hundred).
    expect(eventsHandled(host) - before).toBeGreaterThan(30_000)
  })

  it('a manual clock ignores the wall clock; time never goes back', () => {
    const host = busyHost(2)
    host.config.clock = 'manual'
    expect(catchUpWallClock(host, 0, 90e3)).toBe(0n)
    host.config.clock = 'wall'
    expect(catchUpWallClock(host, 90e3, 0)).toBe(0n)
    expect(() => advanceBy(host, -1n)).toThrow(XlError)
  })
})
