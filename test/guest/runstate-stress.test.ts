// Torn reads in the live host .
import {describe, expect, it} from 'vitest'
import {bootHost} from '../../src/libxl/host-boot.js'
import {createDomain} from '../../src/libxl/create.js'
import {DEFAULT_HOST_CONFIG} from '../../src/hypervisor/host.js'
import {NothingToRace, runstateStress} from '../../src/guest/runstate-stress.js'
import {advanceInSteps, advanceTo} from '../../src/hypervisor/sched/index.js'
import {SnapshotReader} from '../../src/guest/runstate-reader.js'
import {formatStress} from '../../src/xl/stress-view.js'
import type {Arch, XenVersion} from '../../src/hypervisor/types.js'
import type {Host} from '../../src/hypervisor/host.js'
import type {Domain} from '../../src/hypervisor/domain.js'
import {hypercall, __HYPERVISOR_vcpu_op, VCPUOP_register_runstate_phys_area} from '../../src/hypervisor/hypercall.js'

function host(arch: Arch, xen: XenVersion, kernel: string) {
  const h = bootHost({...DEFAULT_HOST_CONFIG, arch, xen, cpus: 2, clock: 'manual'})
  const base = {memMiB: 128, maxmemMiB: 128, vcpus: 2, maxVcpus: 2, cpus: [], cpusSoft: [], paravirtTimeAccounting: true,
    onPoweroff: 'destroy', onReboot: 'restart', onCrash: 'destroy', config: {}}
  const g = createDomain(h, {...base, name: 'g', kernel, workloads: ['duty:50:5ms']}, {paused: false})
  createDomain(h, {...base, name: 'h', kernel: 'linux-6.1', workloads: ['cpu']}, {paused: false})
  return {h, g}
}

const opts = {reads: 3000, seed: 7, stepNs: 1e6, maxNs: 600e9}

describe('xl runstate stress', () => {
  it('Linux 4.6 on Xen 4.7: remote reads tear, local reads never do', () => {
    const {h, g} = host('x86_64', '4.7', 'linux-4.6')
    const r = runstateStress(h, g, opts)
    expect(r.updateFlag).toBe(false)
    expect(r.readerAlgorithm).toBe('linux-4.6')
    expect(r.remote.reads).toBe(3000)
    expect(r.remote.torn).toBeGreaterThan(0)
    expect(r.remote.firstTorn).toMatch(/old.*new|new.*old/)
    expect(r.local).toMatchObject({reads: r.updates, torn: 0, retries: 0})
  })

  it.each([
    ['x86_64', '4.17', 'linux-4.6-runstate'],
    ['x86_64', '4.8', 'linux-6.1'],
    ['arm64', '4.17', 'linux-4.6-runstate'],
  ] as [Arch, XenVersion, string][])('%s Xen %s %s: the flag makes every remote read whole', (arch, xen, kernel) => {
    const {h, g} = host(arch, xen, kernel)
    const r = runstateStress(h, g, opts)
    expect(r.updateFlag).toBe(true)
    expect(r.remote.torn).toBe(0)
    expect(r.remote.retries).toBeGreaterThan(0)
    expect(r.local.torn).toBe(0)
  })

  it('is deterministic for a seed, and the seed matters', () => {
    const one = host('x86_64', '4.7', 'linux-4.6')
    const two = host('x86_64', '4.7', 'linux-4.6')
    const r1 = runstateStress(one.h, one.g, opts)
    const r2 = runstateStress(two.h, two.g, opts)
    expect(r2).toEqual(r1)
    const three = host('x86_64', '4.7', 'linux-4.6')
    expect(runstateStress(three.h, three.g, {...opts, seed: 8}).remote.torn).not.toBe(r1.remote.torn)
  })

  it('leaves the guest copy equal to the hypervisor record after every update', () => {
    const {h, g} = host('x86_64', '4.17', 'linux-4.6-runstate')
    runstateStress(h, g, {...opts, reads: 200})
    const bytes = g.vcpus[0].runstateArea!.bytes
    const reader = new SnapshotReader(bytes, 'linux-4.8')
    while (!reader.next());
    expect(reader.retries).toBe(0)
  })

  it('with vCPU 0 never switched (2 busy vCPUs, 4 pCPUs) says nothing was tested instead of "0 torn"', () => {
    const h = bootHost({...DEFAULT_HOST_CONFIG, arch: 'x86_64', cpus: 4, clock: 'manual'})
    const g = createDomain(h, {memMiB: 128, maxmemMiB: 128, vcpus: 2, maxVcpus: 2, cpus: [], cpusSoft: [], paravirtTimeAccounting: true,
      onPoweroff: 'destroy', onReboot: 'restart', onCrash: 'destroy', config: {}, name: 'g', kernel: 'linux-6.1', workloads: ['cpu']}, {paused: false})
    advanceTo(h, h.now + 1e9)
    let err: unknown
    try {
      runstateStress(h, g, {...opts, maxNs: 5e9})
    } catch (e) {
      err = e
    }
    expect(err).toBeInstanceOf(NothingToRace)
    expect((err as Error).message).toMatch(/^nothing was tested: vcpu 0 of g was not switched in or out in 5\.000 s .*kept its pCPU.*contended host.*duty workload \(xl workload g 0 duty:50:5ms\)$/)
  })

  it('watches only vCPU 0\'s area: other areas on the host still end up holding their record', () => {
    const {h, g} = host('x86_64', '4.7', 'linux-4.6')
    const other = h.domains.get(g.domid + 1)!
    const r = runstateStress(h, g, {...opts, reads: 300})
    expect(r.updates).toBeGreaterThanOrEqual(300)
    for (const v of [...g.vcpus.slice(1), ...other.vcpus]) {
      const reader = new SnapshotReader(v.runstateArea!.bytes, 'linux-4.6')
      while (!reader.next());
      expect(reader.snapshot[0]).toBe(v.runstate.state)
    }
  })
})

describe('xl runstate stress output', () => {
  it('says when the window ended before the reads asked for were made', () => {
    const {h, g} = host('x86_64', '4.17', 'linux-6.1')
    const r = runstateStress(h, g, {...opts, maxNs: 50e6})
    expect(r.remote.reads).toBeGreaterThan(0)
    expect(r.remote.reads).toBeLessThan(3000)
    expect(formatStress(g, r, 'x86_64', '4.17.7')).toContain(`\nonly ${r.remote.reads} of the 3000 remote reads asked for: one read races each update, and the window ended after ${r.updates}\n`)
    const full = runstateStress(h, g, {...opts, reads: 10})
    expect(formatStress(g, full, 'x86_64', '4.17.7')).not.toContain('only ')
  })
})

describe('advanceInSteps', () => {
  it('reaches exactly the schedule that one advanceTo per step reaches', () => {
    const one = host('x86_64', '4.17', 'linux-6.1')
    const two = host('x86_64', '4.17', 'linux-6.1')
    const start = one.h.now
    for (let i = 0; i < 500; i++) advanceTo(one.h, one.h.now + 1e6)
    let steps = 0
    expect(advanceInSteps(two.h, 1e6, start + 10e9, () => ++steps <= 500)).toBe(start + 500e6)
    for (const [domid, d] of one.h.domains) {
      expect(two.h.domains.get(domid)!.vcpus.map(v => v.runstate)).toEqual(d.vcpus.map(v => v.runstate))
    }
    expect(two.h.sched).toEqual(one.h.sched)
  })
})

describe('xl runstate stress on an area registered by guest-physical address (Xen 4.18)', () => {
  // Both vCPUs' areas by guest-physical address (no kernel model registers
  // one, so the hypercall is made here as a guest would).
  function physHost(kernel: string) {
    const {h, g} = host('x86_64', '4.18', kernel)
    for (const v of g.vcpus) {
      const rc = hypercall(h, {domid: g.domid, vcpuId: v.vcpuId}, __HYPERVISOR_vcpu_op, [VCPUOP_register_runstate_phys_area, v.vcpuId, 0x3000 + 0x40 * v.vcpuId]).rc
      expect(rc).toBe(0)
    }
    return {h, g}
  }
  const tornOf = (h: Host, g: Domain) => {
    const seen = new Set<string>()
    const r = runstateStress(h, g, {...opts, onTorn: t => void seen.add(t.split(' ')[1])})
    return {r, entries: [...seen].sort()}
  }

  it('raises the flag with write_atomic of the new state_entry_time: a reader never sees the old entry time flagged', () => {
    const phys = physHost('linux-4.6')
    const a = tornOf(phys.h, phys.g)
    expect(a.r).toMatchObject({physArea: true, updateFlag: false, readerAlgorithm: 'linux-4.6'})
    expect(a.r.remote.torn).toBeGreaterThan(0)
    expect(a.entries).toContain('state_entry_time=new+flag')
    expect(a.entries).not.toContain('state_entry_time=old+flag')
    // Xen 4.17's byte store on the same reader (flag enabled behind the
    // kernel's back): the old entry time with the flag is seen.
    const {h, g} = host('x86_64', '4.17', 'linux-4.6')
    g.vmAssist |= 1n << 5n
    const b = tornOf(h, g)
    expect(b.r).toMatchObject({physArea: false, updateFlag: true})
    expect(b.entries).toContain('state_entry_time=old+flag')
    expect(formatStress(phys.g, a.r, 'x86_64', '4.18.6').split('\n')[0])
      .toBe('Domain g (id 1): linux-4.6 on Xen 4.18.6 x86_64, reader linux-4.6, runstate_update_flag disabled, ' +
        'area by guest-physical address (XEN_RUNSTATE_UPDATE always, 64-bit atomic writes)')
  })

  it('with the series\' reader every remote read is whole', () => {
    const {h, g} = physHost('linux-6.1')
    const r = runstateStress(h, g, opts)
    expect(r.physArea).toBe(true)
    expect(r.remote.torn).toBe(0)
    expect(r.remote.retries).toBeGreaterThan(0)
  })
})
