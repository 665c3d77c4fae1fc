// The toolstack's vCPU in the scheduler (src/libxl/toolstack.ts).
import {describe, expect, it} from 'vitest'
import {bootHost} from '../../src/libxl/host-boot.js'
import {DEFAULT_HOST_CONFIG} from '../../src/hypervisor/host.js'
import {asToolstack, toolstackRunning, toolstackWaits} from '../../src/libxl/toolstack.js'
import {advanceBy} from '../../src/libxl/clock.js'
import {vcpuCpuTime} from '../../src/hypervisor/domain.js'
import {RUNSTATE_running} from '../../src/hypervisor/types.js'
import {checkInvariants} from '../../src/hypervisor/invariants.js'

function host() {
  const h = bootHost({...DEFAULT_HOST_CONFIG, arch: 'x86_64', cpus: 2, clock: 'manual', dom0Kernel: 'linux-6.1'})
  advanceBy(h, 5_000_000_000)
  return h
}

const dom0Time = (h: ReturnType<typeof host>) => h.domains.get(0)!.vcpus.reduce((t, v) => t + vcpuCpuTime(v, h.now), 0)

describe('asToolstack', () => {
  it('a dom0 vCPU runs while the command runs, and its workload comes back after', () => {
    const h = host()
    const d0 = h.domains.get(0)!
    expect(d0.vcpus.some(v => v.runstate.state === RUNSTATE_running)).toBe(false)
    const seen = asToolstack(h, () => {
      expect(toolstackRunning(h)).toBe(true)
      return d0.vcpus.filter(v => v.runstate.state === RUNSTATE_running).map(v => v.workload)
    })
    expect(seen).toEqual(['cpu'])
    expect(toolstackRunning(h)).toBe(false)
    expect(d0.vcpus.map(v => v.workload)).toEqual(['idle', 'idle'])
    expect(checkInvariants(h)).toEqual([])
  })

  it('the time the command takes (simulated before it stops, on a wall clock) is dom0 CPU time', () => {
    const h = host()
    const before = dom0Time(h)
    asToolstack(h, () => {}, () => advanceBy(h, 50_000_000))
    expect(dom0Time(h) - before).toBeGreaterThanOrEqual(50_000_000)
  })

  it('while xl waits (toolstackWaits) the vCPU is free: dom0 stays near idle', () => {
    const h = host()
    const before = dom0Time(h)
    asToolstack(h, () => toolstackWaits(h, () => advanceBy(h, 1_000_000_000)))
    // Idle Linux: 50-200 us bursts every 10-100 ms on each vCPU.
    expect(dom0Time(h) - before).toBeLessThan(20_000_000)
  })

  it('a throw still stops it', () => {
    const h = host()
    expect(() => asToolstack(h, () => { throw new Error('x') })).toThrow('x')
    expect(toolstackRunning(h)).toBe(false)
    expect(h.domains.get(0)!.vcpus.map(v => v.workload)).toEqual(['idle', 'idle'])
  })
})
