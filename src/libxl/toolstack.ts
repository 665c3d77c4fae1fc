// xl is a process in dom0: while a command runs, one of dom0's vCPUs runs
// it. That vCPU really runs in the scheduler (it is woken with a busy
// workload, so the policy puts it on a pCPU), so everything the command reads
// sees dom0 as it is on a real host: `r-----` in xl list (libxl_dominfo's
// running flag: XEN_DOMINF_running, any vCPU running), `-----r` in xentop,
// one dom0 vCPU `r--` in vcpu-list, and dom0's CPU time grows with the
// toolstack's work. When the command ends, the xl process exits and the vCPU
// goes back to what dom0 ran before (idle: it blocks at once).
import type {Host} from '../hypervisor/host.js'
import type {Domain, Vcpu} from '../hypervisor/domain.js'
import {DOM0} from '../hypervisor/domctl.js'
import {RUNSTATE_running} from '../hypervisor/types.js'
import {pcpuView, vcpuChanged, vcpuTaskDone} from '../hypervisor/sched/index.js'

/** What the xl process asks of its vCPU: CPU until it exits or waits. */
export const TOOLSTACK_WORKLOAD = 'cpu'

interface Running {d: Domain; v: Vcpu; was: string}

const running = new WeakMap<Host, Running>()

/**
 * The dom0 vCPU the toolstack runs on: one already running (Linux keeps a
 * waking task on the CPU it last ran on), else an idle one whose pCPU is
 * free (it runs there without preempting a guest), else an idle one, else
 * the first online one.
 */
function toolstackVcpu(host: Host, d: Domain): Vcpu | undefined {
  const online = d.vcpus.filter(v => v.online)
  const idle = online.filter(v => v.workload === 'idle')
  const running = idle.find(v => v.runstate.state === RUNSTATE_running)
  if (running) return running
  // Of the idle ones, the last: the captured hosts ran xl on dom0's vCPU 1
  // (x86-pv 005-vcpu-list, arm64 046's HW_LR) more often than on vCPU 0.
  const freePcpus = new Set(pcpuView(host).filter(p => p.current === null).map(p => p.cpu))
  const last = [...idle].reverse()
  return last.find(v => freePcpus.has(v.processor)) ?? last[0] ?? online[0]
}

/** xl starts: its process runs on a dom0 vCPU from now on. */
export function toolstackStart(host: Host): void {
  if (running.has(host)) return
  const d = host.domains.get(DOM0)
  if (!d || !d.guest.booted || d.pauseCount > 0) return
  const v = toolstackVcpu(host, d)
  if (!v) return
  running.set(host, {d, v, was: v.workload})
  v.workload = TOOLSTACK_WORKLOAD
  vcpuChanged(host, d, v)
}

/** xl exits (or sleeps in a wait): the vCPU goes back to dom0's own work. */
export function toolstackStop(host: Host): void {
  const r = running.get(host)
  if (!r) return
  running.delete(host)
  // dom0 is never destroyed; a vCPU taken offline meanwhile keeps its old work too.
  r.v.workload = r.was
  if (host.domains.get(DOM0) !== r.d) return
  vcpuChanged(host, r.d, r.v)
  // xl exited: its vCPU has nothing left to run and blocks now.
  vcpuTaskDone(host, r.d, r.v)
}

/** Whether the toolstack is running on a dom0 vCPU now (a command is in progress). */
export function toolstackRunning(host: Host): boolean {
  return running.has(host)
}

/**
 * Run one xl command's work on the host as the toolstack: started, `fn`
 * run, `before stop` called (the session simulates the command's own run
 * time there, on a wall clock), stopped even when `fn` throws.
 */
export function asToolstack<T>(host: Host, fn: () => T, beforeStop?: () => void): T {
  const outer = running.has(host)
  if (!outer) toolstackStart(host)
  try {
    const result = fn()
    if (!outer) beforeStop?.()
    return result
  } finally {
    if (!outer) toolstackStop(host)
  }
}

/**
 * xl waiting for an event (xenstore watch, domain death: libxl's event loop
 * in poll()): its process sleeps, so the vCPU is free meanwhile; it runs
 * again when the wait is over.
 */
export function toolstackWaits<T>(host: Host, wait: () => T): T {
  const r = running.get(host)
  if (!r) return wait()
  toolstackStop(host)
  try {
    return wait()
  } finally {
    toolstackStart(host)
  }
}
