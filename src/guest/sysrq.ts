// A sysrq key written to the guest's xenstore control/sysrq node (xl
// sysrq): Linux's xenbus watch (drivers/xen/manage.c sysrq_handler) hands
// it to handle_sysrq() (drivers/tty/sysrq.c), which prints the operation's
// action_msg on the console and runs it. The kernels modelled are built with
// mainline's CONFIG_MAGIC_SYSRQ_DEFAULT_ENABLE (0x1: every operation).
// Modelled operations: the ones that change the domain (b reboot, o power
// off, c crash) and the ones whose whole output is a fixed line (s, u, the
// log level); the others print their action_msg only, not the dumps they
// make (task lists, registers, memory).
import type {Host} from '../hypervisor/host.js'
import type {Domain} from '../hypervisor/domain.js'
import {hypercall, __HYPERVISOR_sched_op, SCHEDOP_shutdown} from '../hypervisor/hypercall.js'
import {SHUTDOWN_CODES} from '../hypervisor/types.js'
import {findKernel} from './kernels.js'
import {guestPrintk} from './console.js'

type Effect = 'reboot' | 'poweroff' | 'crash' | 'sync' | 'remount' | 'loglevel'

interface SysrqOp {
  help: string
  action: string
  effect?: Effect
}

/** sysrq_key_table, plus 'o' (registered by kernel/power/poweroff.c), by key. */
const OPS: Record<string, SysrqOp> = {
  ...Object.fromEntries([...'0123456789'].map(k => [k, {help: 'loglevel(0-9)', action: 'Changing Loglevel', effect: 'loglevel' as const}])),
  b: {help: 'reboot(b)', action: 'Resetting', effect: 'reboot'},
  c: {help: 'crash(c)', action: 'Trigger a crash', effect: 'crash'},
  e: {help: 'terminate-all-tasks(e)', action: 'Terminate All Tasks'},
  f: {help: 'memory-full-oom-kill(f)', action: 'Manual OOM execution'},
  i: {help: 'kill-all-tasks(i)', action: 'Kill All Tasks'},
  j: {help: 'thaw-filesystems(j)', action: 'Emergency Thaw of all frozen filesystems'},
  k: {help: 'sak(k)', action: 'SAK'},
  l: {help: 'show-backtrace-all-active-cpus(l)', action: 'Show backtrace of all active CPUs'},
  m: {help: 'show-memory-usage(m)', action: 'Show Memory'},
  n: {help: 'nice-all-RT-tasks(n)', action: 'Nice All RT Tasks'},
  o: {help: 'poweroff(o)', action: 'Power Off', effect: 'poweroff'},
  p: {help: 'show-registers(p)', action: 'Show Regs'},
  q: {help: 'show-all-timers(q)', action: 'Show clockevent devices & pending hrtimers (no others)'},
  r: {help: 'unraw(r)', action: 'Keyboard mode set to system default'},
  s: {help: 'sync(s)', action: 'Emergency Sync', effect: 'sync'},
  t: {help: 'show-task-states(t)', action: 'Show State'},
  u: {help: 'unmount(u)', action: 'Emergency Remount R/O', effect: 'remount'},
  w: {help: 'show-blocked-tasks(w)', action: 'Show Blocked State'},
  z: {help: 'dump-ftrace-buffer(z)', action: 'Dump ftrace buffer'},
}

/**
 * The header: Linux 4.x prints `SysRq : ` and continues the line; later
 * kernels print each line with the `sysrq: ` pr_fmt of drivers/tty/sysrq.c.
 */
function prefix(version: string): string {
  return Number(version.split('.')[0]) >= 5 ? 'sysrq: ' : 'SysRq : '
}

/** Can the guest see the write now? Its xenbus watch runs once the kernel is up and running. */
export function sysrqReaches(d: Domain): boolean {
  return d.guest.booted && d.pauseCount === 0 && d.shutdown === null && !d.dying
}

/** handle_sysrq(key) in the guest. */
export function handleSysrq(host: Host, d: Domain, key: string, sinceBootNs: bigint): void {
  // manage.c sysrq_handler ignores a NUL key (it writes NUL back to clear the node).
  if (key === '' || key === '\0') return
  const kernel = findKernel(d.guest.kernel)
  const pre = prefix(kernel?.version ?? '6.1.0')
  const say = (t: string) => guestPrintk(d.guest, t, sinceBootNs)
  const op = OPS[key]
  if (!op) {
    const seen = new Set<string>()
    const help = Object.values(OPS).map(o => o.help).filter(h => !seen.has(h) && seen.add(h))
    say(`${pre}HELP : ${help.join(' ')} `)
    return
  }
  say(`${pre}${op.action}`)
  switch (op.effect) {
    case 'loglevel':
      say(`${pre === 'sysrq: ' ? pre : ''}Loglevel set to ${key}`)
      return
    case 'sync':
      // fs/sync.c do_sync_work.
      say('Emergency Sync complete')
      return
    case 'remount':
      // fs/super.c do_emergency_remount.
      say('Emergency Remount complete')
      return
    case 'reboot':
      // emergency_restart() -> xen_emergency_restart(): SCHEDOP_shutdown(reboot) at once.
      shutdown(host, d, 'reboot')
      return
    case 'poweroff':
      // kernel/power/poweroff.c do_poweroff -> kernel_power_off(): "reboot: Power down".
      say('reboot: Power down')
      shutdown(host, d, 'poweroff')
      return
    case 'crash':
      // panic() -> the Xen panic notifier (xen_panic_event) reports SHUTDOWN_crash.
      say('Kernel panic - not syncing: sysrq triggered crash')
      say('---[ end Kernel panic - not syncing: sysrq triggered crash ]---')
      shutdown(host, d, 'crash')
  }
}

function shutdown(host: Host, d: Domain, reason: 'reboot' | 'poweroff' | 'crash'): void {
  hypercall(host, {domid: d.domid, vcpuId: 0}, __HYPERVISOR_sched_op, [SCHEDOP_shutdown, SHUTDOWN_CODES[reason]])
}
