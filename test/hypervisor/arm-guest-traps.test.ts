// What Xen 4.17 prints when an arm64 Linux guest boots: the SMCCC calls it
// has no handler for (xen/arch/arm/vsmc.c:299, "%pv Unhandled SMC/HVC: %#x")
// and the ICACTIVER writes its vGICv3 ignores (xen/arch/arm/vgic-v3.c:834,
// "%pv: %s: unhandled word write %#"PRIregister" to ICACTIVER%d", PRIregister
// being "016lx" on arm64, asm/types.h:54).
import {describe, expect, it} from 'vitest'
import {vsmcccCall} from '../../src/hypervisor/arch/arm-vsmc.js'
import {vgicV3Write} from '../../src/hypervisor/arch/arm-vgic.js'
import {ringRead} from '../../src/hypervisor/console.js'
import {bootGuest} from '../../src/guest/boot.js'
import {setAvailableVcpus} from '../../src/guest/hotplug.js'
import {addDomain, bareHost} from './helpers.js'

describe('vsmccc_handle_call', () => {
  it('answers PSCI, SMCCC_VERSION and the hypervisor UID silently; TRNG and the vendor-hyp UID are unhandled', () => {
    const host = bareHost({arch: 'arm64'})
    const v0 = {domid: 2, vcpuId: 0}
    expect(vsmcccCall(host, v0, 0x84000000)).toBe(0x10001) // PSCI 1.1
    expect(vsmcccCall(host, v0, 0x80000000)).toBe(0x10001) // SMCCC 1.1
    expect(vsmcccCall(host, v0, 0x8500ff01)).toBe(0)
    expect(vsmcccCall(host, v0, 0xc4000003)).toBe(0) // CPU_ON (64-bit)
    expect(vsmcccCall(host, v0, 0x8400000a, 0x80000000)).toBe(0) // PSCI_FEATURES(SMCCC_VERSION)
    expect(vsmcccCall(host, v0, 0x8400000a, 0x84000012)).toBe(-1) // PSCI_FEATURES(SYSTEM_RESET2): not there
    expect(ringRead(host.console, true)).toBe('')
    // MIGRATE (5) is PSCI 0.2 but not in vpsci.c: unhandled like any unknown function
    expect(vsmcccCall(host, v0, 0x84000005)).toBe(-1)
    expect(ringRead(host.console, true)).toBe('(XEN) d2v0 Unhandled SMC/HVC: 0x84000005\n')
    expect(vsmcccCall(host, v0, 0x84000050)).toBe(-1)
    expect(vsmcccCall(host, {domid: 0, vcpuId: 1}, 0x8600ff01)).toBe(-1)
    expect(ringRead(host.console, true)).toBe('(XEN) d2v0 Unhandled SMC/HVC: 0x84000050\n(XEN) d0v1 Unhandled SMC/HVC: 0x8600ff01\n')
  })
})

describe('vGICv3 writes', () => {
  it('I[SC]ACTIVER writes are reported with the byte offset; others pass silently', () => {
    const host = bareHost({arch: 'arm64'})
    vgicV3Write(host, {domid: 1, vcpuId: 0}, 'vGICD', 0x384, 0xffffffff)
    vgicV3Write(host, {domid: 1, vcpuId: 1}, 'vGICR: SGI', 0x380, 0xffffffff)
    vgicV3Write(host, {domid: 1, vcpuId: 0}, 'vGICD', 0x304, 1)
    vgicV3Write(host, {domid: 1, vcpuId: 0}, 'vGICD', 0x184, 0xffffffff) // ICENABLER: handled
    expect(ringRead(host.console, true)).toBe(
      '(XEN) d1v0: vGICD: unhandled word write 0x000000ffffffff to ICACTIVER4\n' +
      '(XEN) d1v1: vGICR: SGI: unhandled word write 0x000000ffffffff to ICACTIVER0\n' +
      '(XEN) d1v0: vGICD: unhandled word write 0x00000000000001 to ISACTIVER4\n')
  })
})

describe('an arm64 Linux boot, as Xen sees it', () => {
  it('Linux 6.1 domU: TRNG probe, KVM UID probe, one redistributor write per CPU; no SPIs to deactivate', () => {
    const host = bareHost({arch: 'arm64', cpus: 2})
    const d = addDomain(host, {kernel: 'linux-6.1'}, 1)
    d.pauseCount = 0
    bootGuest(host, d)
    expect(ringRead(host.console, true)).toBe(
      '(XEN) d1v0 Unhandled SMC/HVC: 0x84000050\n(XEN) d1v0 Unhandled SMC/HVC: 0x8600ff01\n' +
      '(XEN) d1v0: vGICR: SGI: unhandled word write 0x000000ffffffff to ICACTIVER0\n' +
      '(XEN) d1v1: vGICR: SGI: unhandled word write 0x000000ffffffff to ICACTIVER0\n')
    // a CPU brought back online sets its redistributor up again
    setAvailableVcpus(host, d, 1)
    setAvailableVcpus(host, d, 2)
    expect(ringRead(host.console, true)).toBe('(XEN) d1v1: vGICR: SGI: unhandled word write 0x000000ffffffff to ICACTIVER0\n')
  })

  it('dom0 has the host\'s 256 SPIs: eight distributor words', () => {
    const host = bareHost({arch: 'arm64', cpus: 1})
    const d = addDomain(host, {kernel: 'linux-6.1', vcpus: 1, maxVcpus: 1}, 0)
    d.pauseCount = 0
    bootGuest(host, d)
    const lines = ringRead(host.console, true).split('\n').filter(l => l.includes('vGICD'))
    expect(lines.map(l => l.split(' to ')[1])).toEqual([4, 8, 12, 16, 20, 24, 28, 32].map(n => `ICACTIVER${n}`))
  })

  it('Linux 4.6 makes none of these calls, and x86 guests none at all', () => {
    const arm = bareHost({arch: 'arm64'})
    const d = addDomain(arm, {kernel: 'linux-4.6-runstate'}, 1)
    d.pauseCount = 0
    bootGuest(arm, d)
    expect(ringRead(arm.console, true)).toBe('')
    const x86 = bareHost({arch: 'x86_64'})
    const e = addDomain(x86, {kernel: 'linux-6.1', type: 'pv'}, 1)
    e.pauseCount = 0
    bootGuest(x86, e)
    expect(ringRead(x86.console, true)).toBe('')
  })
})
