// What a Linux guest does with a shutdown request (drivers/xen/manage.c):
// its xenbus watch on control/shutdown fires, shutdown_handler reads the
// node and writes "" back (the acknowledgement libxl waits for), then runs
// orderly_poweroff() or ctrl_alt_del(): user space stops, disks sync,
// devices shut down, and the kernel ends in kernel_power_off() /
// kernel_restart(), which make the SCHEDOP_shutdown hypercall
// (arch/x86/xen/enlighten_pv.c xen_power_off / xen_restart; on HVM the
// ACPI path ends in the same hypercall through the PV drivers' reboot hook).
// That takes the kernel model's shutdownMs: the domain runs on meanwhile.
import type {Host} from '../hypervisor/host.js'
import type {Domain} from '../hypervisor/domain.js'
import {nowNs} from '../hypervisor/time.js'
import {NS_PER_MS, SHUTDOWN_CODES} from '../hypervisor/types.js'
import {hypercall, __HYPERVISOR_sched_op, SCHEDOP_shutdown} from '../hypervisor/hypercall.js'
import {findKernel, shutdownLatencyMs} from './kernels.js'
import {guestPrintk} from './console.js'

export type ControlRequest = 'poweroff' | 'reboot'

/** The guest's xenbus watch can run: its kernel is up and its vCPUs may run. */
export function guestCanAnswer(d: Domain): boolean {
  return d.guest.booted && d.pauseCount === 0 && d.shutdown === null && !d.dying
}

/** Linux's sysrq/ACPI-free paths both start the same orderly shutdown. */
function startShutdown(host: Host, d: Domain, reason: ControlRequest): void {
  if (d.guest.shuttingDown) return
  const kernel = findKernel(d.guest.kernel)
  const ms = kernel ? shutdownLatencyMs(kernel) : 0
  d.guest.shuttingDown = {reason, dueNs: String(nowNs(host) + BigInt(ms) * BigInt(NS_PER_MS))}
}

/**
 * The watch on control/shutdown fires (when written, and once the kernel
 * registers it at boot, and when a paused guest runs again): an unknown
 * value is ignored but still acknowledged, as shutdown_handler does.
 */
export function controlWatch(host: Host, d: Domain): void {
  const req = d.guest.controlShutdown
  if (!req || !guestCanAnswer(d)) return
  d.guest.controlShutdown = null
  if (req === 'poweroff' || req === 'halt') startShutdown(host, d, 'poweroff')
  else if (req === 'reboot') startShutdown(host, d, 'reboot')
}

/** The ACPI power or reset button (libxl_send_trigger): an OS that booted acts on it. */
export function acpiButton(host: Host, d: Domain, reason: ControlRequest): boolean {
  if (!guestCanAnswer(d)) return false
  startShutdown(host, d, reason)
  return true
}

/** When the next guest shutdown hypercall is due (absolute NOW), if any. */
export function nextShutdownDue(host: Host): {d: Domain; dueNs: bigint} | null {
  let best: {d: Domain; dueNs: bigint} | null = null
  for (const d of host.domains.values()) {
    const s = d.guest.shuttingDown
    // A paused guest's shutdown path does not progress; it resumes with the guest.
    if (!s || d.pauseCount > 0 || d.shutdown !== null || d.dying) continue
    const due = BigInt(s.dueNs)
    if (!best || due < best.dueNs || (due === best.dueNs && d.domid < best.d.domid)) best = {d, dueNs: due}
  }
  return best
}

/** The end of the shutdown path: "reboot: Power down" and SCHEDOP_shutdown. Returns the reason. */
export function finishShutdown(host: Host, d: Domain): ControlRequest {
  const s = d.guest.shuttingDown!
  d.guest.shuttingDown = null
  // kernel/reboot.c: kernel_power_off / kernel_restart.
  guestPrintk(d.guest, s.reason === 'poweroff' ? 'reboot: Power down' : 'reboot: Restarting system',
    nowNs(host) - d.createdAt)
  hypercall(host, {domid: d.domid, vcpuId: 0}, __HYPERVISOR_sched_op, [SCHEDOP_shutdown, SHUTDOWN_CODES[s.reason]])
  return s.reason
}
