// The guest's suspend/resume path per kernel model, through a save and a
// restore in the core (two hosts for a migration): what crosses (vm_assist
// for x86 PV only), the new domain's runstate from 0, the areas registered
// again, and what the steal clock then does (back to about 0 before Linux
// 4.15, monotonic from it).
import {describe, expect, it} from 'vitest'
import {bootHost} from '../../src/libxl/host-boot.js'
import {createDomain} from '../../src/libxl/create.js'
import {unpause} from '../../src/libxl/domain.js'
import {DEFAULT_HOST_CONFIG, type Host} from '../../src/hypervisor/host.js'
import {advanceTo} from '../../src/hypervisor/sched/index.js'
import {runstateAt} from '../../src/hypervisor/runstate.js'
import {guestStat} from '../../src/guest/procstat.js'
import {domainCreateRestore, domainResume, domainSuspend} from '../../src/libxl/save.js'
import {decodeStream, encodeStream} from '../../src/libxl/stream.js'
import type {DomainType, XenVersion} from '../../src/hypervisor/types.js'

function host(xen: XenVersion = '4.17'): Host {
  return bootHost({...DEFAULT_HOST_CONFIG, arch: 'x86_64', xen, cpus: 2, clock: 'manual'})
}

const base = {memMiB: 128, maxmemMiB: 128, vcpus: 2, maxVcpus: 2, cpus: [], cpusSoft: [],
  onPoweroff: 'destroy', onReboot: 'restart', onCrash: 'destroy', paravirtTimeAccounting: true, config: {}}

/** A busy guest against a busy neighbour on 2 pCPUs: each vCPU waits about half the time. */
function contended(h: Host, kernel: string, type: DomainType) {
  const g = createDomain(h, {...base, name: 'g', type, kernel, workloads: ['cpu']}, {paused: false})
  createDomain(h, {...base, name: 'o', type: 'pv', kernel: 'linux-6.1', workloads: ['cpu']}, {paused: false})
  return g
}

/** Save on `src`, restore on `dst` (a migration when they differ), 1 s later. */
function move(src: Host, dst: Host, kernel: string, type: DomainType) {
  const g = contended(src, kernel, type)
  advanceTo(src, src.now + 60e9)
  const before = guestStat(src, g)
  const saved = decodeStream(encodeStream(domainSuspend(src, g)), 'f', 'x86_64')
  if (dst !== src) contended(dst, 'linux-6.1', 'pv').name = 'other'
  const d = domainCreateRestore(dst, saved, {name: 'g2'})
  unpause(dst, d)
  advanceTo(dst, dst.now + 10e9)
  return {g, d, before, after: guestStat(dst, d)}
}

describe('resume in a new domain, per kernel', () => {
  for (const kernel of ['linux-4.8', 'linux-4.14']) {
    it(`${kernel}: the steal clock goes back, /proc/stat steal drops or jumps, the run-queue clock stops`, () => {
      const h = host()
      const {before, after, d} = move(h, h, kernel, 'pv')
      expect(d.vcpus.every(v => v.runstateArea !== null)).toBe(true)
      for (const [i, s] of after.entries()) {
        expect(s.stealClockNs).toBeLessThan(before[i].stealClockNs)
        // 10 s passed: the task clock did not move at all (100% steal).
        expect(s.rqClockNs - s.rqClockTaskNs - (before[i].rqClockNs - before[i].rqClockTaskNs)).toBe(10e9)
        if (kernel === 'linux-4.14') expect(s.ticks.steal).toBeLessThan(before[i].ticks.steal)
        else expect(s.ticks.steal).toBeGreaterThan(1e12) // jiffy cputime: an absurd number of ticks
      }
    })
  }

  for (const kernel of ['linux-4.15', 'linux-6.1']) {
    it(`${kernel}: xen_manage_runstate_time keeps the steal clock and /proc/stat steal monotonic`, () => {
      const h = host()
      const {before, after} = move(h, h, kernel, 'pv')
      for (const [i, s] of after.entries()) {
        expect(s.stealClockNs).toBeGreaterThan(before[i].stealClockNs)
        expect(s.ticks.steal).toBeGreaterThanOrEqual(before[i].ticks.steal)
        const lag = s.rqClockNs - s.rqClockTaskNs - (before[i].rqClockNs - before[i].rqClockTaskNs)
        expect(lag).toBeLessThan(10e9)
      }
    })
  }

  it('the new domain: new domid, same uuid, runstate time[] from 0', () => {
    const h = host()
    const {g, d} = move(h, h, 'linux-6.1', 'pv')
    expect(d.domid).not.toBe(g.domid)
    expect(d.uuid).toBe(g.uuid)
    const rs = runstateAt(d.vcpus[0].runstate, h.now)
    expect(rs.time.reduce((a, b) => a + b, 0)).toBe(10e9)
  })

  it('x86 PV: vm_assist travels in the vCPU context; PVH and HVM: the target starts with 0', () => {
    const pv = move(host(), host(), 'linux-6.1', 'pv')
    expect(pv.d.vmAssist).toBe(0x2dn)
    for (const type of ['pvh', 'hvm'] as const) {
      const m = move(host(), host(), 'linux-6.1', type)
      expect(m.g.vmAssist).toBe(0x20n)
      expect(m.d.vmAssist).toBe(0n)
      // The kernel decided at boot; resume does not ask again.
      expect(m.d.guest.stealRqEnabled).toBe(true)
      expect(m.d.guest.console).not.toMatch(/vm_assist[^\n]*\n[^\n]*re-registered/)
      // XENFEAT_hvm_safe_pvclock: the areas are registered again.
      expect(m.d.vcpus.every(v => v.runstateArea !== null)).toBe(true)
    }
  })

  it('a PV guest with the flag cannot land on a Xen whose valid mask lacks it (arch_set_info_guest: -EINVAL)', () => {
    const src = host('4.17')
    const g = contended(src, 'linux-6.1', 'pv')
    const saved = domainSuspend(src, g)
    expect(() => domainCreateRestore(host('4.7'), saved, {name: 'g'})).toThrow(/Failed to set vcpu0's basic info/)
  })

  it('a checkpoint (HYPERVISOR_suspend returns 1): same domain, registrations kept, steal unchanged', () => {
    const h = host()
    const g = contended(h, 'linux-4.14', 'pv')
    advanceTo(h, h.now + 5e9)
    const before = guestStat(h, g)
    domainSuspend(h, g)
    expect(g.shutdown).toBe('suspend')
    domainResume(h, g)
    expect(g.shutdown).toBe(null)
    advanceTo(h, h.now + 5e9)
    for (const [i, s] of guestStat(h, g).entries()) expect(s.stealClockNs).toBeGreaterThan(before[i].stealClockNs)
    expect(g.guest.console).toContain('Restarting tasks ... done.')
    expect(g.guest.console).not.toContain('re-registered')
  })

  it('a guest that cannot run never acknowledges the suspend request', () => {
    const h = host()
    const g = createDomain(h, {...base, name: 'g', kernel: 'linux-6.1', workloads: ['cpu']}, {paused: true})
    expect(() => domainSuspend(h, g)).toThrow(/guest didn't acknowledge suspend, cancelling request/)
  })
})
