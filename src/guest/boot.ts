// What a Linux guest does at boot with the runstate interface, through the
// hypercall dispatcher only: arch/x86/xen/enlighten_pv.c (vm_assist calls),
// drivers/xen/time.c xen_setup_runstate_info + xen_time_setup_guest.
import type {Host} from '../hypervisor/host.js'
import {XEN_RELEASES} from '../hypervisor/host.js'
import type {Domain} from '../hypervisor/domain.js'
import {
  __HYPERVISOR_vcpu_op, __HYPERVISOR_vm_assist, hypercall,
  VCPUOP_register_runstate_memory_area,
} from '../hypervisor/hypercall.js'
import {describeResult} from '../hypervisor/errno.js'
import {VMASST_CMD_enable, VMASST_TYPES, VMASST_TYPE_runstate_update_flag} from '../hypervisor/vm-assist.js'
import {vcpuChanged} from '../hypervisor/sched/index.js'
import {findKernel, type KernelModel} from './kernels.js'
import {guestArch} from './arch/index.js'
import {guestPrintk} from './console.js'
import {kernelCmdline, kptiDecision} from './kaslr.js'

/** Where each CPU's vcpu_runstate_info lives in guest memory (a per-cpu variable). */
export const RUNSTATE_AREA_BASE = 0x100000
export const RUNSTATE_AREA_STRIDE = 64

export function runstateAreaAddr(cpu: number): number {
  return RUNSTATE_AREA_BASE + cpu * RUNSTATE_AREA_STRIDE
}

/** Register the runstate area of one CPU from that CPU (xen_setup_runstate_info). */
export function registerRunstateArea(host: Host, d: Domain, cpu: number): number {
  return hypercall(host, {domid: d.domid, vcpuId: cpu}, __HYPERVISOR_vcpu_op,
    [VCPUOP_register_runstate_memory_area, cpu, runstateAreaAddr(cpu)]).rc
}

/** The domain was unpaused for the first time: run the kernel's boot path. */
export function bootGuest(host: Host, d: Domain): void {
  const kernel = findKernel(d.guest.kernel)
  if (!kernel) throw new Error(`unknown kernel ${d.guest.kernel}`)
  const arch = guestArch(host.config.arch)
  const g = d.guest
  const say = (text: string) => guestPrintk(g, text)
  const boot = {domid: d.domid, vcpuId: 0}
  say(`Linux version ${kernel.version}-xlsim (${kernel.name}) #1 SMP`)
  say(arch.bootBanner(d.type, host.config.xen))
  say(`Xen version: ${XEN_RELEASES[host.config.xen]}`)
  // init/main.c start_kernel(): "Kernel command line: %s".
  say(`Kernel command line: ${kernelCmdline(d)}`)
  const kpti = kptiDecision(host, d, kernel)
  for (const line of kpti.lines) say(line)

  arch.platformBoot(host, d, kernel)
  for (const v of d.vcpus) if (v.online) arch.cpuStarting(host, d, v.vcpuId, kernel)

  for (const t of arch.earlyVmAssist(d.type)) {
    hypercall(host, boot, __HYPERVISOR_vm_assist, [VMASST_CMD_enable, VMASST_TYPES[t]])
  }

  // arch/arm/xen/enlighten.c xen_late_init(): no runstate areas, no
  // xen_time_setup_guest() (so no vm_assist) when xen_kernel_unmapped_at_usr().
  // Older kernels (linux-5.9) register them anyway, and Xen's copies fail at EL0.
  if (arch.kptiSkipsRunstate && kpti.unmappedAtEl0) g.kernelUnmappedAtEl0 = true
  if (kernel.skipsSetupWithKpti && g.kernelUnmappedAtEl0) {
    say('xen: kernel unmapped at EL0 (KPTI): runstate area and steal time setup skipped')
  } else {
    setupRunstate(host, d, kernel, say)
  }
  g.booted = true
  for (const v of d.vcpus) vcpuChanged(host, d, v)
  say(`smp: Brought up 1 node, ${d.vcpus.filter(v => v.online).length} CPUs`)
}

function setupRunstate(host: Host, d: Domain, kernel: KernelModel, say: (t: string) => void): void {
  const arch = host.config.arch
  const g = d.guest
  for (const v of d.vcpus) {
    if (!v.online) continue
    const rc = registerRunstateArea(host, d, v.vcpuId)
    say(`xen: vcpu ${v.vcpuId}: runstate area at 0x${runstateAreaAddr(v.vcpuId).toString(16)}: ${rc === 0 ? 'registered' : `failed, ${describeResult(rc)}`}`)
  }
  if (kernel.enablesRunstateFlag) {
    const rc = hypercall(host, {domid: d.domid, vcpuId: 0}, __HYPERVISOR_vm_assist,
      [VMASST_CMD_enable, VMASST_TYPE_runstate_update_flag]).rc
    g.runstateRemote = rc === 0
    say(`xen: vm_assist(VMASST_CMD_enable, VMASST_TYPE_runstate_update_flag) = ${describeResult(rc)}`)
  }
  g.stealClock = kernel.stealClockOn(arch)
  g.tickStolenAccounting = kernel.tickStolenOn(arch)
  // xen_time_setup_guest() (drivers/xen/time.c) installs the steal clock and
  // sets paravirt_steal_enabled, and paravirt_steal_rq_enabled when the flag
  // call returned 0, with no CONFIG_PARAVIRT_TIME_ACCOUNTING check: /proc/stat
  // steal (kernel/sched/cputime.c, under CONFIG_PARAVIRT) comes either way;
  // only the run-queue clock (kernel/sched/core.c update_rq_clock_task) reads
  // the rq key under CONFIG_PARAVIRT_TIME_ACCOUNTING.
  g.stealEnabled = g.stealClock
  g.stealRqEnabled = g.stealEnabled && g.runstateRemote && g.paravirtTimeAccounting
  say(g.stealClock ? 'xen: steal clock installed' : 'xen: no steal clock on this arch')
  if (g.tickStolenAccounting) say('xen: stolen time accounted from the runstate in the timer interrupt')
  say(g.stealRqEnabled
    ? 'xen: runqueue steal time is enabled (remote runstate reads allowed)'
    : `xen: runqueue steal time is not enabled (${rqOffReason(g, kernel)})`)
}

function rqOffReason(g: Domain['guest'], kernel: KernelModel): string {
  if (!kernel.enablesRunstateFlag) return 'kernel does not use runstate_update_flag'
  if (!g.runstateRemote) return 'vm_assist(runstate_update_flag) failed'
  if (!g.paravirtTimeAccounting) return 'CONFIG_PARAVIRT_TIME_ACCOUNTING is off'
  return 'no steal clock'
}
