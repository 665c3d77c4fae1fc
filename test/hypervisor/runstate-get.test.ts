// vcpu_runstate_get() on Xen 4.8-4.12 while update_runstate_area() has
// XEN_RUNSTATE_UPDATE set in Xen's own record (fixed in 4.13, f28c4c4c10).
import {describe, expect, it} from 'vitest'
import {hypercall, __HYPERVISOR_vcpu_op, VCPUOP_get_runstate_info, VCPUOP_register_runstate_memory_area} from '../../src/hypervisor/hypercall.js'
import {setRunstate} from '../../src/hypervisor/sched/index.js'
import {UPDATE_RUNSTATE_AREA_NS, vcpuRunstateGet} from '../../src/hypervisor/runstate-get.js'
import {XEN_RUNSTATE_UPDATE} from '../../src/hypervisor/runstate.js'
import {RUNSTATE_blocked, RUNSTATE_runnable, RUNSTATE_running, type XenVersion} from '../../src/hypervisor/types.js'
import {addDomain, bareHost} from './helpers.js'

function setup(xen: XenVersion, flag = true) {
  const h = bareHost({arch: 'x86_64', xen})
  const d = addDomain(h, {type: 'pv'})
  if (flag) d.vmAssist |= 1n << 5n
  const v = d.vcpus[0]
  expect(hypercall(h, {domid: d.domid, vcpuId: 0}, __HYPERVISOR_vcpu_op, [VCPUOP_register_runstate_memory_area, 0, 0x1000]).rc).toBe(0)
  // Running since 5 ms, then switched out at 9 ms: the copy is written at 9 ms.
  h.now = 5e6
  setRunstate(h, d, v, RUNSTATE_running)
  h.now = 9e6
  setRunstate(h, d, v, RUNSTATE_runnable)
  const get = () => hypercall(h, {domid: d.domid, vcpuId: 0}, __HYPERVISOR_vcpu_op, [VCPUOP_get_runstate_info, 0, 0])
  return {h, d, v, get}
}

describe('vcpu_runstate_get() and XEN_RUNSTATE_UPDATE', () => {
  it('4.12 during the update: the entry time with bit 63, and no delta for the current state (as an s_time_t it is negative)', () => {
    const {h, get} = setup('4.12')
    h.now = 9e6 + 400
    const r = get()
    expect(r.stateEntryTime).toBe(9_000_000n | XEN_RUNSTATE_UPDATE)
    expect(r.runstate!.time[RUNSTATE_running]).toBe(4e6)
    expect(r.runstate!.time[RUNSTATE_runnable]).toBe(0)
    // What Xen computed: NOW() - state_entry_time, u64 arithmetic, taken as s64.
    expect(BigInt.asIntN(64, BigInt.asUintN(64, 9_000_400n - r.stateEntryTime!))).toBeLessThan(0n)
  })

  it('4.12 after the update, 4.13 and 4.17 always: the plain record', () => {
    const late = setup('4.12')
    late.h.now = 9e6 + UPDATE_RUNSTATE_AREA_NS
    expect(late.get()).toMatchObject({stateEntryTime: 9_000_000n, runstate: {time: [4e6, UPDATE_RUNSTATE_AREA_NS, 0, expect.any(Number)]}})
    for (const xen of ['4.13', '4.17'] as const) {
      const {h, get} = setup(xen)
      h.now = 9e6 + 400
      expect(get()).toMatchObject({stateEntryTime: 9_000_000n, runstate: {time: [4e6, 400, 0, expect.any(Number)]}})
    }
  })

  it('4.12 without runstate_update_flag, or after a wake-up (no copy), sees no flag', () => {
    const noFlag = setup('4.12', false)
    noFlag.h.now = 9e6 + 400
    expect(noFlag.get().stateEntryTime).toBe(9_000_000n)
    // Blocked at 9 ms (a copy), woken at 9.5 ms: a wake-up does not rewrite the area.
    const {h, d, v} = setup('4.12')
    h.now = 9.2e6
    setRunstate(h, d, v, RUNSTATE_blocked)
    h.now = 9.5e6
    setRunstate(h, d, v, RUNSTATE_runnable)
    h.now = 9.5e6 + 100
    expect(vcpuRunstateGet(h, d, v)).toMatchObject({flagLeaked: false, stateEntryTime: 9_500_000n})
  })
})
