// A guest kernel asking Xen for a vm_assist type at run time: what the
// kernel's HYPERVISOR_vm_assist(cmd, type) wrapper does
// (arch/x86/include/asm/xen/hypercall.h, arch/arm64/xen/hypercall.S), made
// from vCPU 0 of the domain; both arguments are C unsigned ints.
import type {Host} from '../hypervisor/host.js'
import type {Domain} from '../hypervisor/domain.js'
import {__HYPERVISOR_vm_assist, hypercall} from '../hypervisor/hypercall.js'

/** The guest's vm_assist(cmd, type) call; returns the hypercall's result (0 or -errno). */
export function guestVmAssist(host: Host, d: Domain, cmd: number, type: number): number {
  return hypercall(host, {domid: d.domid, vcpuId: 0}, __HYPERVISOR_vm_assist, [cmd, type]).rc
}
