// The hypercall dispatcher: the only way a guest kernel (src/guest) reaches
// the hypervisor. Numbers are the real ABI (xen/include/public/xen.h).
import type {Host} from './host.js'
import type {Domain} from './domain.js'
import {EFAULT, EINVAL, ENOENT, ENOSYS, ENXIO, ESRCH, HypervisorError} from './errno.js'
import {xenFacts} from './xen-versions.js'
import {destroyDomain, pauseDomain, unpauseDomain, requireControlDomain} from './domctl.js'
import {debugKeys} from './debug-keys.js'
import {archOps} from './arch/index.js'
import {applyVmAssist} from './vm-assist.js'
import {guestLog} from './console.js'
import {runstateAt, type RunstateInfo, updateGuestCopy} from './runstate.js'
import {vcpuRunstateGet} from './runstate-get.js'
import {runstateFlagEnabled, vcpuChanged} from './sched/index.js'

export const __HYPERVISOR_console_io = 18
export const __HYPERVISOR_vm_assist = 21
export const __HYPERVISOR_vcpu_op = 24
export const __HYPERVISOR_xsm_op = 27
export const __HYPERVISOR_sched_op = 29
export const __HYPERVISOR_sysctl = 35
export const __HYPERVISOR_domctl = 36

export const XEN_DOMCTL_destroydomain = 2
export const XEN_DOMCTL_pausedomain = 3
export const XEN_DOMCTL_unpausedomain = 4
export const XEN_SYSCTL_debug_keys = 7

export const CONSOLEIO_write = 0

export const VCPUOP_up = 1
export const VCPUOP_down = 2
export const VCPUOP_is_up = 3
export const VCPUOP_get_runstate_info = 4
export const VCPUOP_register_runstate_memory_area = 5
/** Xen 4.18 (xen/include/public/vcpu.h): the area by guest-physical address. */
export const VCPUOP_register_runstate_phys_area = 14

export const SCHEDOP_yield = 0
export const SCHEDOP_shutdown = 2

/** Which guest CPU makes the call: hypercalls act on the caller's own domain. */
export interface Caller {
  domid: number
  vcpuId: number
}

/** Out-parameters a hypercall fills in guest memory, returned as data. */
export interface HypercallResult {
  rc: number
  runstate?: RunstateInfo
  /** VCPUOP_get_runstate_info: state_entry_time as returned, XEN_RUNSTATE_UPDATE included. */
  stateEntryTime?: bigint
}

export type HypercallArg = number | string

/**
 * Guest memory starts at guest address 0 and spans the domain's memory. A
 * guest may only hand Xen addresses inside it (copy_to_guest fails otherwise).
 */
export function guestRangeOk(d: Domain, addr: number, len: number): boolean {
  return Number.isSafeInteger(addr) && addr >= 0 && addr + len <= d.memKiB * 1024
}

export function hypercall(host: Host, caller: Caller, nr: number, args: readonly HypercallArg[]): HypercallResult {
  const d = host.domains.get(caller.domid)
  if (!d || d.dying) return {rc: -ESRCH}
  switch (nr) {
    case __HYPERVISOR_vm_assist: return {rc: doVmAssist(host, d, num(args[0]), num(args[1]))}
    case __HYPERVISOR_vcpu_op: return doVcpuOp(host, d, num(args[0]), num(args[1]), args[2])
    case __HYPERVISOR_console_io: return {rc: doConsoleIo(host, d, num(args[0]), args[1])}
    case __HYPERVISOR_sched_op: return {rc: doSchedOp(host, d, num(args[0]), num(args[1]))}
    case __HYPERVISOR_domctl: return {rc: doDomctl(host, d, num(args[0]), num(args[1]))}
    case __HYPERVISOR_sysctl: return {rc: doSysctl(host, d, num(args[0]), args[1])}
    // Built without CONFIG_XSM: the dummy module's do_xsm_op (xsm/dummy.h) refuses every op.
    case __HYPERVISOR_xsm_op: return {rc: -ENOSYS}
    default: return {rc: -ENOSYS}
  }
}

function num(a: HypercallArg | undefined): number {
  return typeof a === 'number' ? a : NaN
}

/** do_vm_assist(): the arch decides whether the guest has the hypercall and which types are valid. */
function doVmAssist(host: Host, d: Domain, cmd: number, type: number): number {
  const valid = archOps(host.config.arch).vmAssistValidMask(host.config.xen, d.type, d.guestBits)
  if (valid === null) return -ENOSYS
  // The ABI passes unsigned ints: a negative type wraps to a huge one (-EINVAL).
  const {mask, rc} = applyVmAssist(d.vmAssist, cmd >>> 0, type >>> 0, valid)
  d.vmAssist = mask
  return rc
}

function doVcpuOp(host: Host, d: Domain, cmd: number, vcpuId: number, arg: HypercallArg | undefined): HypercallResult {
  // xen/common/domain.c do_vcpu_op: the vCPU must exist in the caller's domain.
  if (!Number.isInteger(vcpuId) || vcpuId < 0 || vcpuId >= d.vcpus.length) return {rc: -ENOENT}
  const v = d.vcpus[vcpuId]
  switch (cmd) {
    case VCPUOP_up:
      v.online = true
      vcpuChanged(host, d, v)
      return {rc: 0}
    case VCPUOP_down:
      v.online = false
      vcpuChanged(host, d, v)
      return {rc: 0}
    case VCPUOP_is_up:
      return {rc: v.online ? 1 : 0}
    case VCPUOP_get_runstate_info: {
      // vcpu_runstate_get(): on 4.8-4.12 with the flag leaked (runstate-get.ts).
      const got = vcpuRunstateGet(host, d, v)
      return {rc: 0, runstate: got.runstate, stateEntryTime: got.stateEntryTime}
    }
    case VCPUOP_register_runstate_phys_area:
      return {rc: registerPhysArea(host, d, v, arg)}
    case VCPUOP_register_runstate_memory_area: {
      if (typeof arg !== 'number') return {rc: -EINVAL}
      const layout = d.guestBits === 32 ? 'compat' : 'native'
      const size = layout === 'native' ? 48 : 44
      if (!guestRangeOk(d, arg, size)) return {rc: -EFAULT}
      // Xen copies the current record at once (xen/common/domain.c).
      // While a guest-physical area is registered, the virtual one is not updated (4.18 update_runstate_area).
      if (v.runstateArea?.phys) return {rc: 0}
      v.runstateArea = {addr: arg, layout, bytes: new Uint8Array(size)}
      if (d.guest.kernelUnmappedAtEl0 && archOps(host.config.arch).guestCopyWalksCurrentTables) {
        v.runstateArea.unmappedAtEl0 = {domid: d.domid, vcpuId}
      }
      updateGuestCopy(v.runstateArea, runstateAt(v.runstate, host.now), runstateFlagEnabled(d))
      return {rc: 0}
    }
    default:
      return {rc: -ENOSYS}
  }
}

/**
 * VCPUOP_register_runstate_phys_area (Xen 4.18, xen/common/domain.c
 * map_guest_area): the record within one page and aligned to a
 * xen_ulong_t, else -ENXIO; it is always updated with XEN_RUNSTATE_UPDATE
 * (no vm_assist needed), and replaces the virtual-address area, which Xen
 * no longer updates. Before 4.18: -ENOSYS.
 */
function registerPhysArea(host: Host, d: Domain, v: Domain['vcpus'][number], arg: HypercallArg | undefined): number {
  if (!xenFacts(host.config.xen).runstatePhysArea) return -ENOSYS
  if (typeof arg !== 'number') return -EFAULT
  const layout = d.guestBits === 32 ? 'compat' : 'native'
  const size = layout === 'native' ? 48 : 44
  if (Math.floor(arg / 4096) !== Math.floor((arg + size - 1) / 4096) || arg % (d.guestBits === 32 ? 4 : 8) !== 0) return -ENXIO
  if (!guestRangeOk(d, arg, size)) return -EFAULT
  v.runstateArea = {addr: arg, layout, bytes: new Uint8Array(size), phys: true}
  updateGuestCopy(v.runstateArea, runstateAt(v.runstate, host.now), true)
  return 0
}

function doConsoleIo(host: Host, d: Domain, cmd: number, text: HypercallArg | undefined): number {
  if (cmd !== CONSOLEIO_write) return -ENOSYS
  if (typeof text !== 'string') return -EFAULT
  guestLog(host.console, d.domid, text)
  return 0
}

const SHUTDOWN_REASONS = ['poweroff', 'reboot', 'suspend', 'crash', 'watchdog', 'soft_reset'] as const

function doSchedOp(host: Host, d: Domain, cmd: number, reason: number): number {
  switch (cmd) {
    case SCHEDOP_yield:
      return 0
    case SCHEDOP_shutdown: {
      const r = SHUTDOWN_REASONS[reason]
      if (r === undefined) return -EINVAL
      if (d.shutdown === null) {
        d.shutdown = r
        for (const v of d.vcpus) vcpuChanged(host, d, v)
      }
      return 0
    }
    default:
      return -ENOSYS
  }
}

/** Run a toolstack operation, turning its failure into the hypercall's -errno. */
function asRc(op: () => void): number {
  try {
    op()
    return 0
  } catch (e) {
    if (e instanceof HypervisorError) return e.rc
    throw e
  }
}

/** do_domctl(): only the control domain may make it (XSM dummy policy). */
function doDomctl(host: Host, caller: Domain, cmd: number, domid: number): number {
  return asRc(() => {
    requireControlDomain(caller.domid)
    if (!Number.isInteger(domid) || !host.domains.has(domid)) throw new HypervisorError(-ESRCH, 'no such domain')
    switch (cmd) {
      case XEN_DOMCTL_destroydomain: return destroyDomain(host, caller.domid, domid)
      case XEN_DOMCTL_pausedomain: return pauseDomain(host, caller.domid, domid)
      case XEN_DOMCTL_unpausedomain: return unpauseDomain(host, caller.domid, domid)
      default: throw new HypervisorError(-ENOSYS, 'unknown domctl')
    }
  })
}

function doSysctl(host: Host, caller: Domain, cmd: number, keys: HypercallArg | undefined): number {
  return asRc(() => {
    requireControlDomain(caller.domid)
    if (cmd !== XEN_SYSCTL_debug_keys) throw new HypervisorError(-ENOSYS, 'unknown sysctl')
    if (typeof keys !== 'string') throw new HypervisorError(-EFAULT, 'bad keys buffer')
    debugKeys(host, caller.domid, keys)
  })
}
