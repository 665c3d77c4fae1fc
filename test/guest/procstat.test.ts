// The guest's /proc/stat per kernel, arch and CONFIG_PARAVIRT_TIME_ACCOUNTING
// on a contended host: steal comes from the steal clock whatever that option
// says, ticks sample only running time, and the total keeps up with uptime
// only where the kernel accounts steal.
import {describe, expect, it} from 'vitest'
import {bootHost} from '../../src/libxl/host-boot.js'
import {createDomain} from '../../src/libxl/create.js'
import {pause, unpause} from '../../src/libxl/domain.js'
import {DEFAULT_HOST_CONFIG} from '../../src/hypervisor/host.js'
import {advanceTo} from '../../src/hypervisor/sched/index.js'
import {runstateAt} from '../../src/hypervisor/runstate.js'
import {guestStat, STAT_FIELDS, stealAccountingOf, TICK_NS} from '../../src/guest/procstat.js'
import {RUNSTATE_runnable} from '../../src/hypervisor/types.js'
import type {Arch} from '../../src/hypervisor/types.js'

const NS_PER_USER_HZ = 10e6

/** 2 pCPUs, the guest's 2 busy vCPUs against 2 more: each waits about half the time. */
function contended(arch: Arch, kernel: string, pvta: boolean, opts: {workload?: string; extra?: string} = {}) {
  const h = bootHost({...DEFAULT_HOST_CONFIG, arch, cpus: 2, clock: 'manual'})
  const base = {memMiB: 128, maxmemMiB: 128, vcpus: 2, maxVcpus: 2, cpus: [], cpusSoft: [],
    onPoweroff: 'destroy', onReboot: 'restart', onCrash: 'destroy'}
  const g = createDomain(h, {...base, name: 'g', kernel, paravirtTimeAccounting: pvta, workloads: [opts.workload ?? 'cpu'],
    config: opts.extra ? {extra: opts.extra} : {}}, {paused: false})
  createDomain(h, {...base, name: 'o', kernel: 'linux-6.1', paravirtTimeAccounting: true, workloads: ['cpu'], config: {}}, {paused: false})
  const t0 = h.now
  advanceTo(h, h.now + 10e9)
  return {h, g, uptime: h.now - t0}
}

const total = (t: Record<string, number>) => STAT_FIELDS.reduce((a, f) => a + t[f], 0)

describe('/proc/stat on a contended host', () => {
  const cases: [Arch, string, string][] = [
    ['x86_64', 'linux-4.6', 'stolen-ticks'],
    ['x86_64', 'linux-4.6-runstate', 'steal-clock-ticks'],
    ['x86_64', 'linux-6.1', 'steal-clock'],
    ['arm64', 'linux-4.6', 'steal-clock-ticks'],
    ['arm64', 'linux-4.6-runstate', 'steal-clock-ticks'],
    ['arm64', 'linux-6.1', 'steal-clock'],
  ]
  for (const [arch, kernel, mode] of cases) {
    for (const pvta of [true, false]) {
      it(`${arch} ${kernel} paravirt_time_accounting=${pvta ? 1 : 0}: steal accounted (${mode}), user time from running only, total = uptime`, () => {
        const {h, g, uptime} = contended(arch, kernel, pvta)
        expect(stealAccountingOf(g.guest)).toBe(mode)
        for (const [i, s] of guestStat(h, g).entries()) {
          const rs = runstateAt(g.vcpus[i].runstate, h.now)
          const waited = rs.time[1] + rs.time[3]
          expect(waited).toBeGreaterThan(4e9)
          // Steal: all the vCPU waited, less the wait it is still in (charged at its next tick)
          // and, in whole ticks, less than one tick.
          const waiting = rs.state === RUNSTATE_runnable ? h.now - rs.entryTime : 0
          expect(s.stealAccountedNs).toBeLessThanOrEqual(waited - waiting)
          expect(s.stealAccountedNs).toBeGreaterThan(waited - waiting - (mode === 'steal-clock' ? 1 : TICK_NS))
          if (mode !== 'steal-clock') expect(s.stealAccountedNs % TICK_NS).toBe(0)
          // Not inflated: user + system is the running time (about half), not 97% of uptime.
          expect(Math.abs((s.ticks.user + s.ticks.system) * NS_PER_USER_HZ - rs.time[0])).toBeLessThanOrEqual(2 * NS_PER_USER_HZ)
          expect(s.pct.user).toBeLessThan(60)
          expect(s.pct.steal).toBeGreaterThan(40)
          // The total keeps up with uptime, short of the wait still to be charged.
          expect(Math.abs(total(s.ticks) * NS_PER_USER_HZ - (uptime - waiting))).toBeLessThanOrEqual(3 * NS_PER_USER_HZ + TICK_NS)
          // The run-queue clock skips steal only with CONFIG_PARAVIRT_TIME_ACCOUNTING and the flag.
          const rq = pvta && kernel !== 'linux-4.6'
          expect(g.guest.stealRqEnabled).toBe(rq)
          if (rq) expect(Math.abs(s.rqClockNs - s.rqClockTaskNs - s.stealAccountedNs)).toBeLessThan(TICK_NS)
          else expect(s.rqClockTaskNs).toBe(s.rqClockNs)
        }
      })
    }
  }

  it('a kernel with no steal accounting (arm64 linux-6.1 with KPTI) falls behind uptime by the time its vCPUs waited', () => {
    const {h, g, uptime} = contended('arm64', 'linux-6.1', true, {extra: 'kpti=1'})
    expect(stealAccountingOf(g.guest)).toBe('none')
    for (const [i, s] of guestStat(h, g).entries()) {
      const rs = runstateAt(g.vcpus[i].runstate, h.now)
      expect(s.ticks.steal).toBe(0)
      // Ticks fired only while it ran: the time it waited is in no field.
      expect(Math.abs(total(s.ticks) * NS_PER_USER_HZ - rs.time[0])).toBeLessThanOrEqual(2 * NS_PER_USER_HZ)
      expect(total(s.ticks) * NS_PER_USER_HZ).toBeLessThan(uptime - 4e9)
    }
  })

  it('NO_HZ idle: a duty guest\'s idle time is the time it was blocked', () => {
    const h = bootHost({...DEFAULT_HOST_CONFIG, arch: 'x86_64', cpus: 4, clock: 'manual'})
    const g = createDomain(h, {name: 'g', memMiB: 128, maxmemMiB: 128, vcpus: 2, maxVcpus: 2, cpus: [], cpusSoft: [],
      onPoweroff: 'destroy', onReboot: 'restart', onCrash: 'destroy', kernel: 'linux-6.1', paravirtTimeAccounting: false,
      workloads: ['duty:30:20ms'], config: {}}, {paused: false})
    advanceTo(h, h.now + 5e9)
    for (const [i, s] of guestStat(h, g).entries()) {
      const rs = runstateAt(g.vcpus[i].runstate, h.now)
      expect(Math.abs(s.ticks.idle * NS_PER_USER_HZ - rs.time[2])).toBeLessThanOrEqual(NS_PER_USER_HZ)
      expect(s.pct.idle).toBeGreaterThan(60)
    }
  })

  it('steal of a paused guest is charged at its next tick, once it runs again', () => {
    const {h, g} = contended('x86_64', 'linux-6.1', false)
    const before = guestStat(h, g)
    pause(h, g)
    advanceTo(h, h.now + 2e9)
    const paused = guestStat(h, g)
    unpause(h, g)
    advanceTo(h, h.now + 100e6)
    const after = guestStat(h, g)
    for (let i = 0; i < 2; i++) {
      expect(paused[i].stealClockNs - before[i].stealClockNs).toBeGreaterThanOrEqual(2e9)
      expect(paused[i].stealAccountedNs - before[i].stealAccountedNs).toBeLessThan(100e6)
      expect(after[i].stealAccountedNs - before[i].stealAccountedNs).toBeGreaterThanOrEqual(2e9)
    }
  })
})

describe('the guest console at boot', () => {
  it('with paravirt_time_accounting = 0 the steal clock is installed and only runqueue steal time is off', () => {
    const {g} = contended('x86_64', 'linux-6.1', false)
    expect(g.guest.stealEnabled).toBe(true)
    expect(g.guest.console).toContain('xen: steal clock installed\n')
    expect(g.guest.console).not.toContain('steal not accounted')
    expect(g.guest.console).toContain('xen: runqueue steal time is not enabled (CONFIG_PARAVIRT_TIME_ACCOUNTING is off)')
  })
})
