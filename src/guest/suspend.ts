// The guest's side of a save, a checkpoint or a migration: drivers/xen/
// manage.c do_suspend() -> xen_suspend() (HYPERVISOR_suspend, which returns
// 1 when the suspend was cancelled or the domain was only checkpointed, 0
// when it resumes in a new domain), then arch/x86/xen/enlighten.c
// xen_vcpu_restore(). Everything here goes through the hypercall dispatcher.
import type {Host} from '../hypervisor/host.js'
import type {Domain} from '../hypervisor/domain.js'
import {__HYPERVISOR_sched_op, hypercall, SCHEDOP_shutdown} from '../hypervisor/hypercall.js'
import {SHUTDOWN_CODES} from '../hypervisor/types.js'
import {runstateAt, runstateTime} from '../hypervisor/runstate.js'
import {archOps} from '../hypervisor/arch/index.js'
import {XENFEAT_hvm_safe_pvclock} from '../hypervisor/arch/ops.js'
import {vcpuChanged} from '../hypervisor/sched/index.js'
import {nowNs} from '../hypervisor/time.js'
import {describeResult} from '../hypervisor/errno.js'
import {findKernel} from './kernels.js'
import {guestPrintk} from './console.js'
import {accountCpu, restartAccounting} from './procstat.js'
import {registerRunstateArea, runstateAreaAddr} from './boot.js'

/** What the kernel keeps in its memory across the suspend (GuestState.suspend). */
interface SuspendMemory {
  /** drivers/xen/time.c runstate_delta: each CPU's time[] saved by xen_manage_runstate_time(-1). */
  runstateDelta: [number, number, number, number][] | null
}

/** The guest's uptime in ns (its clock goes on across a restore: the stream carries it). */
export function guestUptimeNs(host: Host, d: Domain): number {
  return Number(nowNs(host) - d.createdAt) + (d.guest.uptimeBaseNs ?? 0)
}

function say(host: Host, d: Domain, text: string): void {
  guestPrintk(d.guest, text, guestUptimeNs(host, d))
}

/**
 * do_suspend() up to HYPERVISOR_suspend: the freezer (kernel/power/process.c
 * freeze_processes / freeze_kernel_threads), xenstore suspended, then in
 * xen_suspend() on CPU 0: with Linux 4.15+ xen_manage_runstate_time(-1)
 * saves every CPU's runstate totals, and SCHEDOP_shutdown(SHUTDOWN_suspend)
 * stops the domain. Accounting is brought up to date first: the ticks before
 * the suspend are the last this domain's runstate gives.
 */
export function suspendGuest(host: Host, d: Domain): void {
  const kernel = findKernel(d.guest.kernel)
  say(host, d, 'Freezing user space processes ... (elapsed 0.001 seconds) done.')
  say(host, d, 'OOM killer disabled.')
  say(host, d, 'Freezing remaining freezable tasks ... (elapsed 0.001 seconds) done.')
  say(host, d, 'suspending xenstore...')
  for (const v of d.vcpus) accountCpu(host, d, v)
  const mem: SuspendMemory = {runstateDelta: null}
  if (kernel?.keepsStealAcrossResume && d.guest.stealClock) {
    mem.runstateDelta = d.vcpus.map(v => {
      const rs = runstateAt(v.runstate, host.now)
      return [0, 1, 2, 3].map(i => runstateTime(rs, i)) as [number, number, number, number]
    })
  }
  d.guest.suspend = mem as unknown as Record<string, unknown>
  hypercall(host, {domid: d.domid, vcpuId: 0}, __HYPERVISOR_sched_op, [SCHEDOP_shutdown, SHUTDOWN_CODES.suspend])
}

/**
 * HYPERVISOR_suspend returned. `cancelled` (1: the suspend was cancelled or
 * the domain only checkpointed, `xl save -c`, a failed migration resumed at
 * the sender): the same domain goes on, its registrations intact, and
 * xen_manage_runstate_time(1) drops the saved totals. Otherwise (0) the
 * guest runs in a new domain: xen_vcpu_restore() registers each CPU's
 * runstate area again (PV, and HVM/PVH when Xen advertises
 * XENFEAT_hvm_safe_pvclock), xen_manage_runstate_time(0) adds the saved
 * totals to old_runstate_time (Linux 4.15+). vm_assist is not asked again:
 * xen_time_setup_guest() is __init, so runqueue steal stays whatever boot
 * decided, whatever the new domain's vm_assist says.
 */
export function resumeGuest(host: Host, d: Domain, cancelled: boolean): void {
  const g = d.guest
  const mem = (g.suspend ?? {runstateDelta: null}) as unknown as SuspendMemory
  delete g.suspend
  g.resumePending = false
  if (!cancelled) {
    const features = archOps(host.config.arch).featureSubmap(d.type)
    const reRegister = d.type === 'pv' || (features & (1 << XENFEAT_hvm_safe_pvclock)) !== 0
    // The areas of the old domain: a guest that registered none at boot (KPTI) registers none now.
    const hadAreas = g.stealClock
    for (const v of d.vcpus) {
      restartAccounting(d, v.vcpuId, mem.runstateDelta?.[v.vcpuId] ?? null)
      if (!v.online || !hadAreas || !reRegister) continue
      const rc = registerRunstateArea(host, d, v.vcpuId)
      say(host, d, `xen: vcpu ${v.vcpuId}: runstate area at 0x${runstateAreaAddr(v.vcpuId).toString(16)}: ${rc === 0 ? 're-registered' : `failed, ${describeResult(rc)}`}`)
    }
    if (mem.runstateDelta) say(host, d, 'xen: runstate totals from before the suspend added back (xen_manage_runstate_time)')
  }
  say(host, d, 'OOM killer enabled.')
  say(host, d, 'Restarting tasks ... done.')
  for (const v of d.vcpus) vcpuChanged(host, d, v)
}
