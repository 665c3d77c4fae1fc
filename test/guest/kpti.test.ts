// arm64 with the kernel unmapped at EL0 (KPTI): Linux 5.9 registers its
// runstate areas anyway and Xen's copies through the user page tables fail
// (p2m.c "Failed to walk page-table", updates lost); Linux 5.10 and later
// skip the set-up (f88af7229f6f).
import {describe, expect, it} from 'vitest'
import {bootHost} from '../../src/libxl/host-boot.js'
import {createDomain} from '../../src/libxl/create.js'
import {DEFAULT_HOST_CONFIG} from '../../src/hypervisor/host.js'
import {advanceTo} from '../../src/hypervisor/sched/index.js'
import type {Arch} from '../../src/hypervisor/types.js'

function run(arch: Arch, kernel: string, kpti: boolean) {
  const h = bootHost({...DEFAULT_HOST_CONFIG, arch, cpus: 2, clock: 'manual'})
  const base = {memMiB: 128, maxmemMiB: 128, vcpus: 2, maxVcpus: 2, cpus: [], cpusSoft: [], paravirtTimeAccounting: true,
    onPoweroff: 'destroy', onReboot: 'restart', onCrash: 'destroy', workloads: ['cpu']}
  const g = createDomain(h, {...base, name: 'g', kernel, config: kpti ? {extra: 'kpti=1'} : {}}, {paused: false})
  createDomain(h, {...base, name: 'o', kernel: 'linux-6.1', config: {}}, {paused: false})
  h.console.text = ''
  advanceTo(h, h.now + 2e9)
  return {h, g}
}

describe('arm64 KPTI and the runstate area', () => {
  it('linux-5.9 with KPTI: copies at EL0 fail, logged by p2m.c under the printk rate limit', () => {
    const {h, g} = run('arm64', 'linux-5.9', true)
    expect(g.vcpus.every(v => v.runstateArea?.unmappedAtEl0)).toBe(true)
    expect(g.vcpus[0].runstateArea!.lostUpdates).toBeGreaterThan(0)
    expect(h.console.text).toMatch(/^\(XEN\) p2m\.c:2186: d1v[01]: Failed to walk page-table va 0x1000[04]0$/m)
    expect(h.console.text).toMatch(/^\(XEN\) printk: \d+ messages suppressed\.$/m)
  })

  for (const kernel of ['linux-5.10', 'linux-6.1']) {
    it(`${kernel} with KPTI: no area, no steal clock, nothing lost`, () => {
      const {h, g} = run('arm64', kernel, true)
      expect(g.vcpus.every(v => v.runstateArea === null)).toBe(true)
      expect(g.guest.stealClock).toBe(false)
      expect(h.console.text).not.toContain('Failed to walk')
    })
  }

  it('linux-5.9 without KPTI, and x86 (which defers the copy to kernel mode): nothing lost', () => {
    for (const [arch, kpti] of [['arm64', false], ['x86_64', true]] as const) {
      const {h, g} = run(arch, 'linux-5.9', kpti)
      expect(g.vcpus.every(v => v.runstateArea !== null && !v.runstateArea.lostUpdates)).toBe(true)
      expect(h.console.text).not.toContain('Failed to walk')
    }
  })
})
