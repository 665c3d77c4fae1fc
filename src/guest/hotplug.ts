// vCPU hotplug as the guest performs it when the toolstack changes
// cpu/N/availability in xenstore (drivers/xen/cpu_hotplug.c): the guest
// offlines or onlines the CPU itself with VCPUOP_down / VCPUOP_up.
import type {Host} from '../hypervisor/host.js'
import type {Domain} from '../hypervisor/domain.js'
import {__HYPERVISOR_vcpu_op, hypercall, VCPUOP_down, VCPUOP_up} from '../hypervisor/hypercall.js'
import {registerRunstateArea} from './boot.js'
import {guestPrintk} from './console.js'
import {findKernel} from './kernels.js'
import {guestArch} from './arch/index.js'
import {nowNs} from '../hypervisor/time.js'

export function setAvailableVcpus(host: Host, d: Domain, count: number): void {
  for (const v of d.vcpus) {
    const want = v.vcpuId < count
    if (want === v.online) continue
    const caller = {domid: d.domid, vcpuId: v.vcpuId}
    hypercall(host, caller, __HYPERVISOR_vcpu_op, [want ? VCPUOP_up : VCPUOP_down, v.vcpuId])
    const since = nowNs(host) - d.createdAt
    if (want) {
      // A CPU coming up registers its area like at boot (xen_setup_runstate_info).
      if (d.guest.booted && !v.runstateArea && d.vcpus.some(x => x.runstateArea)) registerRunstateArea(host, d, v.vcpuId)
      const kernel = findKernel(d.guest.kernel)
      if (d.guest.booted && kernel) guestArch(host.config.arch).cpuStarting(host, d, v.vcpuId, kernel)
      guestPrintk(d.guest, `smpboot: Booting Node 0 Processor ${v.vcpuId} APIC 0x${v.vcpuId.toString(16)}`, since)
    } else {
      guestPrintk(d.guest, `smpboot: CPU ${v.vcpuId} is now offline`, since)
    }
  }
}
