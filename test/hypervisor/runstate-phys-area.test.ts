// Xen 4.18's VCPUOP_register_runstate_phys_area: only from 4.18, one page,
// aligned; always written with the update flag (no vm_assist); the
// virtual-address area is not updated while it is registered.
import {describe, expect, it} from 'vitest'
import {hypercall, __HYPERVISOR_vcpu_op, VCPUOP_register_runstate_memory_area, VCPUOP_register_runstate_phys_area} from '../../src/hypervisor/hypercall.js'
import {ENOSYS, ENXIO} from '../../src/hypervisor/errno.js'
import {runstateFlagEnabled} from '../../src/hypervisor/sched/index.js'
import {setGuestCopyTap, updateGuestCopy} from '../../src/hypervisor/runstate.js'
import {addDomain, bareHost} from './helpers.js'
import type {XenVersion} from '../../src/hypervisor/types.js'

function setup(xen: XenVersion) {
  const h = bareHost({arch: 'x86_64', xen})
  const d = addDomain(h, {type: 'pvh'})
  const call = (cmd: number, addr: number) => hypercall(h, {domid: d.domid, vcpuId: 0}, __HYPERVISOR_vcpu_op, [cmd, 0, addr]).rc
  return {h, d, call}
}

describe('VCPUOP_register_runstate_phys_area (14)', () => {
  it('is -ENOSYS before Xen 4.18', () => {
    for (const xen of ['4.7', '4.14', '4.17'] as const) expect(setup(xen).call(VCPUOP_register_runstate_phys_area, 0x2000)).toBe(-ENOSYS)
  })

  it('on 4.18: within one page and aligned, else -ENXIO', () => {
    const {call} = setup('4.18')
    expect(call(VCPUOP_register_runstate_phys_area, 0x2000 - 8)).toBe(-ENXIO)
    expect(call(VCPUOP_register_runstate_phys_area, 0x2004)).toBe(-ENXIO)
    expect(call(VCPUOP_register_runstate_phys_area, 0x2000)).toBe(0)
  })

  it('always updated with the flag, without vm_assist; a later virtual registration does not replace it', () => {
    const {d, call} = setup('4.18')
    expect(call(VCPUOP_register_runstate_memory_area, 0x1000)).toBe(0)
    expect(call(VCPUOP_register_runstate_phys_area, 0x2000)).toBe(0)
    expect(runstateFlagEnabled(d)).toBe(false)
    expect(d.vcpus[0].runstateArea).toMatchObject({addr: 0x2000, phys: true})
    expect(call(VCPUOP_register_runstate_memory_area, 0x3000)).toBe(0)
    expect(d.vcpus[0].runstateArea!.addr).toBe(0x2000)
    // An update of the phys area uses the flag protocol even though the domain never enabled it.
    const seen: number[] = []
    const prev = setGuestCopyTap((_a, stores) => void seen.push(stores.length))
    try {
      updateGuestCopy(d.vcpus[0].runstateArea!, d.vcpus[0].runstate, runstateFlagEnabled(d))
    } finally {
      setGuestCopyTap(prev)
    }
    expect(seen).toEqual([3])
  })
})
