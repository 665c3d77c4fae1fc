// The vm_assist hypercall, table-driven from arch_vm_assist_valid_mask() per
// arch and release (xen/arch/*/include/asm/domain.h): every arch x Xen
// version x guest type x type x cmd.
import {describe, expect, it} from 'vitest'
import {hypercall, __HYPERVISOR_vm_assist} from '../../src/hypervisor/hypercall.js'
import {EINVAL, ENOSYS} from '../../src/hypervisor/errno.js'
import {archOps} from '../../src/hypervisor/arch/index.js'
import type {Arch, DomainType, XenVersion} from '../../src/hypervisor/types.js'
import {addDomain, bareHost} from './helpers.js'

type Guest = {arch: Arch; type: DomainType; bits: 32 | 64}

const GUESTS: Guest[] = [
  {arch: 'x86_64', type: 'pv', bits: 64},
  {arch: 'x86_64', type: 'pv', bits: 32},
  {arch: 'x86_64', type: 'pvh', bits: 64},
  {arch: 'x86_64', type: 'hvm', bits: 64},
  {arch: 'arm64', type: 'pvh', bits: 64},
]

/** The valid-mask table; null = no hypercall (-ENOSYS). */
const VALID: Record<XenVersion, (g: Guest) => bigint | null> = {
  '4.7': g => (g.arch === 'arm64' || g.type !== 'pv' ? null : g.bits === 64 ? 0x10000001fn : 0x1fn),
  '4.8': g => (g.arch === 'arm64' ? 0x20n : g.type !== 'pv' ? null : g.bits === 64 ? 0x10000003fn : 0x3fn),
  '4.12': g => (g.arch === 'arm64' ? 0x20n : g.type !== 'pv' ? null : g.bits === 64 ? 0x10000003fn : 0x3fn),
  // Still none for HVM/PVH: f13404d57f "x86/HVM: expose VM assist hypercall" is 4.14.
  '4.13': g => (g.arch === 'arm64' ? 0x20n : g.type !== 'pv' ? null : g.bits === 64 ? 0x10000003fn : 0x3fn),
  '4.14': g => (g.arch === 'arm64' ? 0x20n : g.type !== 'pv' ? 0x20n : g.bits === 64 ? 0x10000003fn : 0x3fn),
  '4.17': g => (g.arch === 'arm64' ? 0x20n : g.type !== 'pv' ? 0x20n : g.bits === 64 ? 0x10000003fn : 0x3fn),
  '4.18': g => (g.arch === 'arm64' ? 0x20n : g.type !== 'pv' ? 0x20n : g.bits === 64 ? 0x10000003fn : 0x3fn),
}

const TYPES = [0, 1, 2, 3, 4, 5, 6, 32, 63, 64, -1, 2 ** 32 + 5]
const CMDS = [0, 1, 2]

function expected(valid: bigint | null, cmd: number, type: number, mask: bigint) {
  if (valid === null) return {rc: -ENOSYS, mask}
  const t = type >>> 0
  if (t >= 64 || !(valid & (1n << BigInt(t)))) return {rc: -EINVAL, mask}
  if (cmd === 0) return {rc: 0, mask: mask | (1n << BigInt(t))}
  if (cmd === 1) return {rc: 0, mask: mask & ~(1n << BigInt(t))}
  return {rc: -ENOSYS, mask}
}

describe('vm_assist valid masks', () => {
  for (const xen of ['4.7', '4.8', '4.17'] as XenVersion[]) {
    for (const g of GUESTS) {
      it(`Xen ${xen} ${g.arch} ${g.type}${g.bits}`, () => {
        expect(archOps(g.arch).vmAssistValidMask(xen, g.type, g.bits)).toBe(VALID[xen](g))
      })
    }
  }
})

describe('vm_assist hypercall', () => {
  for (const xen of ['4.7', '4.8', '4.17'] as XenVersion[]) {
    for (const g of GUESTS) {
      it(`Xen ${xen} ${g.arch} ${g.type}${g.bits}: every type x cmd`, () => {
        for (const start of [0n, 0x2dn]) {
          for (const type of TYPES) {
            for (const cmd of CMDS) {
              const host = bareHost({arch: g.arch, xen})
              const d = addDomain(host, {type: g.type, guestBits: g.bits}, 1)
              d.vmAssist = start
              const rc = hypercall(host, {domid: 1, vcpuId: 0}, __HYPERVISOR_vm_assist, [cmd, type]).rc
              const want = expected(VALID[xen](g), cmd, type, start)
              expect({type, cmd, rc, mask: d.vmAssist}).toEqual({type, cmd, rc: want.rc, mask: want.mask})
            }
          }
        }
      })
    }
  }

  it('acts on the calling domain only', () => {
    const host = bareHost({arch: 'x86_64'})
    const a = addDomain(host, {name: 'a', type: 'pv'}, 1)
    const b = addDomain(host, {name: 'b', type: 'pv'}, 2)
    expect(hypercall(host, {domid: 1, vcpuId: 0}, __HYPERVISOR_vm_assist, [0, 5]).rc).toBe(0)
    expect(a.vmAssist).toBe(0x20n)
    expect(b.vmAssist).toBe(0n)
  })

  it('a bad type with a bad cmd is -EINVAL (the type check comes first)', () => {
    const host = bareHost({arch: 'x86_64'})
    addDomain(host, {type: 'pv'}, 1)
    expect(hypercall(host, {domid: 1, vcpuId: 0}, __HYPERVISOR_vm_assist, [7, 6]).rc).toBe(-EINVAL)
    expect(hypercall(host, {domid: 1, vcpuId: 0}, __HYPERVISOR_vm_assist, [7, 5]).rc).toBe(-ENOSYS)
  })

  it('unknown hypercall numbers are -ENOSYS', () => {
    const host = bareHost()
    addDomain(host, {}, 1)
    for (const nr of [0, 99, -1, 1e9]) expect(hypercall(host, {domid: 1, vcpuId: 0}, nr, []).rc).toBe(-ENOSYS)
  })
})
