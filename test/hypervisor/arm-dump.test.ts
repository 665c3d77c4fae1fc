// arm64's part of debug key 'q' (xen/arch/arm: p2m.c p2m_dump_info, gic.c
// gic_dump_info, gic-v3.c gicv3_dump_state, gic-vgic.c gic_dump_vgic_info)
// for the cases the end-to-end captures cannot reach: the vCPU that pressed
// the key, a running vCPU, a guest that never ran, the VMID of a later domain.
import {describe, expect, it} from 'vitest'
import {archOps} from '../../src/hypervisor/arch/index.js'
import {debugKeys} from '../../src/hypervisor/debug-keys.js'
import {destroyDomain} from '../../src/hypervisor/domctl.js'
import {ringRead} from '../../src/hypervisor/console.js'
import {addDomain, bareHost} from './helpers.js'

const arm = archOps('arm64')

describe('arm64 debug key q', () => {
  it('the vCPU that pressed the key shows the hardware LRs, a running one its timer in flight', () => {
    const host = bareHost({arch: 'arm64', cpus: 2})
    const d = addDomain(host, {}, 1)
    d.guest.booted = true
    const [v0, v1] = d.vcpus
    v0.runstate.state = 0
    expect(arm.dumpVcpuArch(d, v0, true)).toEqual([
      'GICH_LRs (vcpu 0) mask=0',
      '   HW_LR[0]=50a000000000001b', '   HW_LR[1]=10a000000000001b', '   HW_LR[2]=0', '   HW_LR[3]=0',
      'Inflight irq=27 lr=0',
    ])
    v1.runstate.state = 2
    expect(arm.dumpVcpuArch(d, v1, false)).toEqual([
      'GICH_LRs (vcpu 1) mask=0',
      '   VCPU_LR[0]=10a000000000001b', '   VCPU_LR[1]=10a0000000000001', '   VCPU_LR[2]=0', '   VCPU_LR[3]=0',
    ])
    d.guest.booted = false
    expect(arm.dumpVcpuArch(d, v1, false).slice(1)).toEqual(['   VCPU_LR[0]=0', '   VCPU_LR[1]=0', '   VCPU_LR[2]=0', '   VCPU_LR[3]=0'])
  })

  it('the upcall mask is the guest CPSR.I: set while Linux idles in WFI', () => {
    expect(arm.upcallMask(true)).toBe(1)
    expect(arm.upcallMask(false)).toBe(0)
    expect(archOps('x86_64').upcallMask(true)).toBe(0)
  })

  it('a new domain takes the lowest VMID freed by a destroyed one (p2m_alloc_vmid)', () => {
    const host = bareHost({arch: 'arm64', cpus: 2})
    addDomain(host, {}, 0)
    addDomain(host, {name: 'a'}, 1)
    addDomain(host, {name: 'b'}, 2)
    destroyDomain(host, 0, 1)
    const c = addDomain(host, {name: 'c'}, 3)
    expect([host.domains.get(0)!.vmid, host.domains.get(2)!.vmid, c.vmid]).toEqual([1, 3, 2])
    expect(addDomain(bareHost({arch: 'x86_64'}), {}, 1).vmid).toBeUndefined()
  })

  it('VMIDs are handed out from 1 in domain order; a domU counts its 4 magic pages', () => {
    const host = bareHost({arch: 'arm64', cpus: 2})
    addDomain(host, {memKiB: 1024 * 1024, maxmemKiB: 1024 * 1024}, 0)
    addDomain(host, {memKiB: 256 * 1024, maxmemKiB: 256 * 1024}, 3)
    debugKeys(host, 0, 'q')
    const out = ringRead(host.console, true)
    expect(out).toContain('(XEN) p2m mappings for domain 3 (vmid 2):\n(XEN)   1G mappings: 0 (shattered 0)\n' +
      '(XEN)   2M mappings: 127 (shattered 1)\n(XEN)   4K mappings: 516\n')
    expect(out).toContain('nr_pages=65540 xenheap_pages=2 dirty_cpus={} max_pages=65792')
    expect(out).toContain('(XEN) Rangesets belonging to domain 3:\n(XEN)     Interrupts { }\n(XEN)     I/O Memory { }\n(XEN) NODE affinity')
  })
})
