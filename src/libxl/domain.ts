// libxl_domain.c: finding, pausing, unpausing, destroying, renaming and
// shutting down domains, acting as dom0 (the toolstack's domain).
import type {Host} from '../hypervisor/host.js'
import type {Domain} from '../hypervisor/domain.js'
import type {ShutdownReason} from '../hypervisor/types.js'
import * as domctl from '../hypervisor/domctl.js'
import {domainPoolId} from '../hypervisor/sched/cpupool.js'
import {DOM0} from '../hypervisor/domctl.js'
import {HypervisorError} from '../hypervisor/errno.js'
import {hypercall, __HYPERVISOR_sched_op, SCHEDOP_shutdown} from '../hypervisor/hypercall.js'
import {SHUTDOWN_CODES} from '../hypervisor/types.js'
import {bootGuest} from '../guest/boot.js'
import {resumeGuest} from '../guest/suspend.js'
import {controlWatch, finishShutdown, type ControlRequest} from '../guest/shutdown.js'
import {findKernel} from '../guest/kernels.js'
import {xlUserdata} from './userdata.js'
import {attachParsedDevices, PENDING_DEVICES} from './devices-create.js'
import type {DomainDevices} from './device-types.js'
import {invalidDomain, shown, XlError} from './errors.js'
import {libxlLine} from './log.js'
import {libxlArch} from './arch.js'

export function findDomain(host: Host, ident: string): Domain {
  if (/^\d+$/.test(ident)) {
    const domid = Number(ident)
    const d = Number.isSafeInteger(domid) ? host.domains.get(domid) : undefined
    if (!d) throw new XlError(`Error: Domain '${shown(ident)}' does not exist.`)
    return d
  }
  // A stored host can find a name without decoding every domain (state/domain-table.ts).
  const index = host.domains as Partial<{idByName(name: string): number | undefined}>
  if (index.idByName) {
    const domid = index.idByName(ident)
    if (domid !== undefined) return host.domains.get(domid)!
    throw invalidDomain(ident)
  }
  for (const d of host.domains.values()) if (d.name === ident) return d
  throw invalidDomain(ident)
}

/** The first unpause starts the guest kernel (or, for a restored domain, its resume path). */
export function unpause(host: Host, d: Domain): void {
  domctl.unpauseDomain(host, DOM0, d.domid)
  if (d.pauseCount !== 0) return
  if (d.guest.resumePending) resumeGuest(host, d, false)
  else if (!d.guest.booted) bootGuest(host, d)
  // A request written while it could not answer is seen now (the watch
  // fires when the kernel registers it at boot, or runs again).
  controlWatch(host, d)
}

/**
 * `xl unpause`: libxl_domain_unpause logs Xen's refusal (an unpaused domain:
 * EINVAL) from domain_unpause_done, and main_unpause (xl_vmcontrol.c)
 * ignores the result and exits 0, as main_pause does. Returns the lines
 * libxl logged.
 */
export function unpauseCommand(host: Host, d: Domain): string[] {
  try {
    unpause(host, d)
    return []
  } catch (e) {
    if (!(e instanceof HypervisorError)) throw e
    return [libxlLine('error', 'libxl_domain.c:688:domain_unpause_done', d.domid, 'Unpausing domain: Invalid argument')]
  }
}

/**
 * `xl pause`: a failure is logged by libxl, but xl ignores the return code
 * and exits 0 (a real quirk: `xl pause 0` prints an error yet succeeds).
 */
export function pause(host: Host, d: Domain): string[] {
  try {
    domctl.pauseDomain(host, DOM0, d.domid)
    return []
  } catch (e) {
    if (!(e instanceof HypervisorError)) throw e
    return [libxlLine('error', 'libxl_domain.c:587:libxl_domain_pause', d.domid, 'Pausing domain: Invalid argument')]
  }
}

/** destroy_domain (xl_vmcontrol.c): dom0 only with -f; the message ends with an empty line. */
export function destroy(host: Host, d: Domain, force: boolean): void {
  if (d.domid === DOM0 && !force) {
    throw new XlError(['Not destroying domain 0; use -f to force.',
      'This can only be done when using a disaggregated hardware domain and toolstack.', ''])
  }
  if (d.domid === DOM0) {
    // libxl__destroy_domid -> destroy_domid_pci_done (libxl_domain.c):
    // xc_domain_pause(0) is refused (XEN_DOMCTL_pausedomain on the caller's
    // own domain: -EINVAL, xen/common/domctl.c) and logged with errnoval -1
    // (no strerror), then libxl goes on to XEN_DOMCTL_destroydomain, which
    // kills dom0: the toolstack, xl with it, and the host's control. xlsim
    // stops before that and says so.
    throw new XlError([libxlLine('error', 'libxl_domain.c:1219:destroy_domid_pci_done', null, 'xc_domain_pause failed'),
      'xl: xlsim stops here: real libxl would now destroy dom0 (XEN_DOMCTL_destroydomain), taking the toolstack down; use `xl host destroy`'])
  }
  domctl.destroyDomain(host, DOM0, d.domid)
}

/**
 * The guest made its SCHEDOP_shutdown (src/guest/shutdown.ts, at the end of
 * its shutdown path): xl's domain watcher (the `xl create` process that
 * stays behind, xl_vmcontrol.c handle_domain_death) acts on on_poweroff /
 * on_reboot at once; "preserve" leaves the domain shut down (`---s--`).
 */
export function guestShutdownDone(host: Host, d: Domain): void {
  finishShutdown(host, d)
  actOnShutdown(host, d)
}

/** The guest's own shutdown path: the kernel calls SCHEDOP_shutdown, then on_* decides. */
export function guestShutdown(host: Host, d: Domain, reason: ShutdownReason): void {
  hypercall(host, {domid: d.domid, vcpuId: 0}, __HYPERVISOR_sched_op, [SCHEDOP_shutdown, SHUTDOWN_CODES[reason]])
  actOnShutdown(host, d)
}

/** The domain shut itself down: its on_poweroff / on_reboot / on_crash action (xl's domain death handling). */
export function actOnShutdown(host: Host, d: Domain): void {
  const reason = d.shutdown
  if (reason === null) return
  const action = reason === 'reboot' ? d.onReboot : reason === 'crash' ? d.onCrash : d.onPoweroff
  // xl's domain watcher (when running) acts on on_*; "destroy" is the common case.
  if (action === 'destroy' || action.startsWith('coredump-destroy')) domctl.destroyDomain(host, DOM0, d.domid)
  else if (action === 'restart' || action === 'rename-restart' || action === 'coredump-restart') restart(host, d)
}

/**
 * on_reboot=restart: a new domain with a new id, built from the
 * configuration `xl config-update` stored if there is one, else the same.
 * A stored configuration whose kernel cannot be loaded leaves no domain.
 */
function restart(host: Host, d: Domain): void {
  domctl.destroyDomain(host, DOM0, d.domid)
  const stored = xlUserdata(d)
  if (stored) {
    if (!findKernel(stored.kernel)) return
    const nd = domctl.createDomain(host, DOM0, {...stored, name: d.name, uuid: d.uuid,
      config: {...stored.config, xlUserdata: stored, [PENDING_DEVICES]: undefined}, cpupool: domainPoolId(d)})
    // the new configuration's devices; one libxl refuses leaves no domain, as a failed create does
    const devs = stored.config[PENDING_DEVICES] as DomainDevices | undefined
    if (devs && !attachParsedDevices(host, nd, devs)) {
      domctl.destroyDomain(host, DOM0, nd.domid)
      return
    }
    libxlArch(host.config.arch).bootVcpu(host, nd)
    unpause(host, nd)
    return
  }
  const nd = domctl.createDomain(host, DOM0, {
    name: d.name, uuid: d.uuid, type: d.type, guestBits: d.guestBits,
    memKiB: d.memKiB, maxmemKiB: d.maxmemKiB, vcpus: d.vcpus.filter(v => v.online).length, maxVcpus: d.maxVcpus,
    hardAffinity: d.vcpus.map(v => v.hardAffinity), softAffinity: d.vcpus.map(v => v.softAffinity),
    weight: d.weight, cap: d.cap, kernel: d.guest.kernel, paravirtTimeAccounting: d.guest.paravirtTimeAccounting,
    workloads: d.vcpus.map(v => v.workload), onPoweroff: d.onPoweroff, onReboot: d.onReboot, onCrash: d.onCrash,
    config: d.config,
    // In the pool it was in (the rebuilt domain keeps its cpupool).
    cpupool: domainPoolId(d),
  })
  libxlArch(host.config.arch).bootVcpu(host, nd)
  unpause(host, nd)
}

/** XENSTORE_PAYLOAD_MAX (xen/include/public/io/xs_wire.h): path, NUL and value of one write. */
const XENSTORE_PAYLOAD_MAX = 4096

/**
 * libxl_domain_rename -> libxl__domain_rename (libxl_domain.c): a non-empty
 * name must be unique; any other string is written to
 * /local/domain/<domid>/name as it is (an empty name too), in one xenstore
 * message (E2BIG past XENSTORE_PAYLOAD_MAX).
 */
export function rename(host: Host, d: Domain, newName: string): void {
  if (newName !== '') {
    for (const other of host.domains.values()) {
      if (other !== d && other.name === newName) {
        throw new XlError(libxlLine('error', 'libxl_domain.c:81:libxl__domain_rename', d.domid, `Domain with name "${newName}" already exists.`))
      }
    }
  }
  if (`/local/domain/${d.domid}/name`.length + 1 + Buffer.byteLength(newName) > XENSTORE_PAYLOAD_MAX) {
    throw new XlError(libxlLine('error', 'libxl_domain.c:107:libxl__domain_rename', d.domid,
      `Failed to write new name \`${newName}' for domain previously named \`${d.name}'`))
  }
  d.name = newName
}

/** libxl error codes (libxl_types.idl libxl_error). */
export const ERROR_FAIL = -3
export const ERROR_TIMEDOUT = -9
export const ERROR_NOPARAVIRT = -10

/** How long libxl__domain_pvcontrol waits for the guest's acknowledgement (timeout_ms). */
export const PVCONTROL_TIMEOUT_NS = 60_000_000_000n

/**
 * libxl_domain_shutdown / libxl_domain_reboot (libxl_domain.c
 * libxl__domain_pvcontrol): an HVM guest without PV drivers (no
 * HVM_PARAM_CALLBACK_IRQ: its kernel has not set one up) gets
 * ERROR_NOPARAVIRT; any other has "poweroff" / "reboot" written to its
 * control/shutdown node, and libxl waits for the guest to clear it.
 * 'acked': the guest's watch answered at once; 'pending': the guest cannot
 * answer now (paused, not booted), libxl waits up to 60 s.
 */
export function shutdownRequest(host: Host, d: Domain, cmd: ControlRequest): 'noparavirt' | 'acked' | 'pending' {
  if (d.type === 'hvm' && !d.guest.booted) return 'noparavirt'
  d.guest.controlShutdown = cmd
  controlWatch(host, d)
  return d.guest.controlShutdown ? 'pending' : 'acked'
}

/** Whether the guest has acknowledged (cleared) control/shutdown. */
export function shutdownAcked(d: Domain | undefined): boolean {
  return !d || !d.guest.controlShutdown
}

/** pvcontrol_cb's line when the xswait timed out. */
export function pvcontrolTimeoutLine(): string {
  return libxlLine('error', 'libxl_domain.c:854:pvcontrol_cb', null, `guest didn't acknowledge control request: ${ERROR_TIMEDOUT}`)
}
