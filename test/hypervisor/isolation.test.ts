// Guest isolation as properties over random hypercall sequences from random
// domains: hypercalls act on the caller only, a domU cannot make
// toolstack operations, runstate areas must lie in the caller's memory,
// unknown numbers are -ENOSYS, and the host's invariants always hold.
import {describe, expect, it} from 'vitest'
import {hypercall, __HYPERVISOR_console_io, __HYPERVISOR_domctl, __HYPERVISOR_sched_op, __HYPERVISOR_sysctl,
  __HYPERVISOR_vcpu_op, __HYPERVISOR_vm_assist, VCPUOP_register_runstate_memory_area} from '../../src/hypervisor/hypercall.js'
import {EFAULT, ENOSYS, EPERM} from '../../src/hypervisor/errno.js'
import {advanceTo} from '../../src/hypervisor/sched/index.js'
import {checkInvariants} from '../../src/hypervisor/invariants.js'
import {bootHost} from '../../src/libxl/host-boot.js'
import {createDomain as toolstackCreate} from '../../src/libxl/create.js'
import {DEFAULT_HOST_CONFIG, type Host} from '../../src/hypervisor/host.js'
import type {Arch, XenVersion} from '../../src/hypervisor/types.js'

function rng(seed: number) {
  let s = seed >>> 0 || 1
  return () => {
    s ^= s << 13; s >>>= 0
    s ^= s >> 17
    s ^= s << 5; s >>>= 0
    return s / 4294967296
  }
}

const NRS = [__HYPERVISOR_vm_assist, __HYPERVISOR_vcpu_op, __HYPERVISOR_console_io, __HYPERVISOR_sched_op,
  __HYPERVISOR_domctl, __HYPERVISOR_sysctl, 0, 17, 99, -1]

function snapshot(host: Host, domid: number): string {
  const d = host.domains.get(domid)
  if (!d) return 'gone'
  return JSON.stringify({m: d.vmAssist.toString(), p: d.pauseCount, s: d.shutdown,
    a: d.vcpus.map(v => v.runstateArea?.addr ?? null), o: d.vcpus.map(v => v.online)})
}

function newHost(r: () => number): Host {
  const arch: Arch = r() < 0.5 ? 'x86_64' : 'arm64'
  const xen = (['4.7', '4.8', '4.17'] as XenVersion[])[Math.floor(r() * 3)]
  const host = bootHost({...DEFAULT_HOST_CONFIG, arch, xen, clock: 'manual', memoryMiB: 2048, dom0MemMiB: 512})
  for (const name of ['a', 'b', 'c']) {
    toolstackCreate(host, {
      name, memMiB: 64, maxmemMiB: 64, vcpus: 2, maxVcpus: 3, cpus: [], cpusSoft: [],
      kernel: r() < 0.5 ? 'linux-4.6' : 'linux-6.1', type: arch === 'x86_64' ? 'pv' : 'pvh',
      paravirtTimeAccounting: true, workloads: [], onPoweroff: 'destroy', onReboot: 'restart', onCrash: 'destroy', config: {},
    }, {paused: r() < 0.2})
  }
  return host
}

describe('guest isolation (10,000 random hypercall sequences)', () => {
  it('holds every rule and every invariant', () => {
    const r = rng(20261125)
    let calls = 0
    for (let seq = 0; seq < 10_000; seq++) {
      const host = newHost(r)
      for (let step = 0; step < 8; step++) {
        const domids = [...host.domains.keys()]
        const caller = domids[Math.floor(r() * domids.length)]
        const nr = NRS[Math.floor(r() * NRS.length)]
        const a0 = Math.floor(r() * 8) - 1
        const target = Math.floor(r() * 5)
        const addr = [0x100000, -64, 2 ** 40, 64 * 1024 * 1024 - 10, 0, 3.5][Math.floor(r() * 6)]
        const args = nr === __HYPERVISOR_vcpu_op ? [a0, Math.floor(r() * 4) - 1, addr]
          : nr === __HYPERVISOR_sysctl ? [a0 === 0 ? 7 : a0, 'q'] : [a0, target]
        const others = domids.filter(id => id !== caller)
        const before = new Map(others.map(id => [id, snapshot(host, id)]))
        const ring = host.console.text
        const {rc} = hypercall(host, {domid: caller, vcpuId: 0}, nr, args)
        calls++
        const ctx = `seq ${seq} step ${step}: d${caller} hypercall ${nr}(${args.join(', ')}) = ${rc}`
        if (![18, 21, 24, 29, 35, 36].includes(nr)) expect(rc, ctx).toBe(-ENOSYS)
        if ((nr === __HYPERVISOR_domctl || nr === __HYPERVISOR_sysctl) && caller !== 0) {
          expect(rc, ctx).toBe(-EPERM)
          expect(host.console.text, ctx).toBe(ring)
        }
        // Only dom0's domctl may touch another domain.
        if (!(nr === __HYPERVISOR_domctl && caller === 0)) {
          for (const id of others) expect(snapshot(host, id), ctx).toBe(before.get(id))
        }
        if (nr === __HYPERVISOR_vcpu_op && args[0] === VCPUOP_register_runstate_memory_area && rc === 0) {
          const d = host.domains.get(caller)!
          expect(Number.isSafeInteger(addr) && addr >= 0 && addr + 48 <= d.memKiB * 1024, ctx).toBe(true)
        }
        if (nr === __HYPERVISOR_vcpu_op && args[0] === VCPUOP_register_runstate_memory_area && args[1] >= 0 && args[1] < (host.domains.get(caller)?.vcpus.length ?? 0) &&
            (addr < 0 || addr === 2 ** 40 || addr === 3.5)) {
          expect(rc, ctx).toBe(-EFAULT)
        }
        expect(checkInvariants(host), ctx).toEqual([])
        advanceTo(host, host.now + Math.floor(r() * 1e6))
      }
    }
    expect(calls).toBe(80_000)
  }, 120_000)
})
