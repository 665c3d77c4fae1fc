// libxl_domain_suspend, libxl_domain_resume and libxl_domain_create_restore
// (libxl_domain.c, libxl_dom_suspend.c, libxl_create.c) over the model: the
// guest is asked to suspend (its own drivers/xen/manage.c path), then what
// the stream carries is taken from the domain; a restore makes a new domain
// (new domid, same uuid) from it, whose guest resumes at its first unpause.
import type {Host} from '../hypervisor/host.js'
import {freeMemKiB} from '../hypervisor/host.js'
import type {Domain, GuestState} from '../hypervisor/domain.js'
import {archOps} from '../hypervisor/arch/index.js'
import * as domctl from '../hypervisor/domctl.js'
import {DOM0} from '../hypervisor/domctl.js'
import {vcpuChanged} from '../hypervisor/sched/index.js'
import {resumeGuest, suspendGuest, guestUptimeNs} from '../guest/suspend.js'
import {XlError} from './errors.js'
import {libxlLine} from './log.js'
import {pv32Capable} from './create.js'
import {EMULATOR_QEMU_TRADITIONAL, EMULATOR_QEMU_UPSTREAM, type SavedDomain} from './stream.js'
import {dmSaveState, dmStateMismatch} from './dm.js'
import {restoreDevices, savedDeviceList} from './devices-restore.js'
import type {DomainDevices} from './device-types.js'

/** libxl__domain_type's words for the stream's guest type (xg_sr_common.c dhdr_type_to_str). */
export function streamTypeName(d: {type: Domain['type']}): string {
  return d.type === 'pv' ? 'x86 PV' : 'x86 HVM'
}

/**
 * libxl_domain_suspend: the guest must take the request (xenstore
 * control/shutdown = "suspend") and suspend itself; a guest that cannot run
 * (paused, not booted, already shut down) never acknowledges it. Returns
 * what the stream carries; the domain is left shut down (suspend).
 */
export function domainSuspend(host: Host, d: Domain): SavedDomain {
  if (d.domid === DOM0) throw new XlError('xl: Domain-0 cannot be saved (the control domain has no toolstack above it to restore it)')
  if (!d.guest.booted || d.pauseCount > 0 || d.shutdown !== null || d.dying) {
    throw new XlError(libxlLine('error', 'libxl_dom_suspend.c:269:domain_suspend_common_pvcontrol_suspending', d.domid,
      'guest didn\'t acknowledge suspend, cancelling request'))
  }
  suspendGuest(host, d)
  const inContext = archOps(host.config.arch).vmAssistInVcpuContext(d.type)
  return {
    arch: host.config.arch, xen: host.config.xen, domid: d.domid,
    name: d.name, uuid: d.uuid, type: d.type, guestBits: d.guestBits,
    memKiB: d.memKiB, maxmemKiB: d.maxmemKiB, maxVcpus: d.maxVcpus, weight: d.weight, cap: d.cap,
    onPoweroff: d.onPoweroff, onReboot: d.onReboot, onCrash: d.onCrash, config: d.config,
    vcpus: d.vcpus.map(v => ({vcpuId: v.vcpuId, online: v.online, hardAffinity: v.hardAffinity, softAffinity: v.softAffinity, workload: v.workload})),
    vmAssist: inContext ? `0x${d.vmAssist.toString(16)}` : null,
    guest: structuredClone(d.guest),
    uptimeNs: guestUptimeNs(host, d),
    // libxl__stream_write_start: an HVM guest's emulator, by the device model version it runs
    ...d.type === 'hvm' ? {emulator: {
      id: d.config.deviceModelVersion === 'qemu_xen_traditional' ? EMULATOR_QEMU_TRADITIONAL : EMULATOR_QEMU_UPSTREAM,
      index: 0, state: dmSaveState(d),
    }} : {},
  }
}

/** libxl_domain_resume(suspend_cancel=1): the same domain runs on; its guest sees HYPERVISOR_suspend return 1. */
export function domainResume(host: Host, d: Domain): void {
  if (d.shutdown !== 'suspend') return
  domctl.resumeDomain(host, DOM0, d.domid)
  resumeGuest(host, d, true)
}

export interface RestoreOptions {
  /** The name the new domain gets (the config's, or name--incoming for a migration). */
  name: string
  /** A domid to keep (xl save -D), else the next one. */
  domid?: number
  /** The configuration to record (the config file given to restore or migrate -C), else the saved one. */
  config?: Record<string, unknown>
  /** Where the stream came from, for a line about it. */
  source?: string
  /** The devices of the config xl restores from (its JSON's arrays), else those of `config`. */
  devices?: DomainDevices
}

/**
 * libxl_domain_create_restore: a new domain, paused, with the stream's
 * memory and vCPU contexts. vm_assist crosses only in an x86 PV vCPU
 * context, where arch_set_info_guest (xen/arch/x86/domain.c) refuses bits
 * outside the target's valid mask; an HVM/PVH domain starts with 0.
 * Registered runstate areas are not in the stream: the new vCPUs' runstate
 * starts at 0, and the guest registers again when it resumes.
 */
export function domainCreateRestore(host: Host, saved: SavedDomain, opts: RestoreOptions): Domain {
  for (const other of host.domains.values()) {
    if (other.name === opts.name) {
      throw new XlError([
        libxlLine('error', 'libxl_domain.c:81:libxl__domain_rename', host.nextDomid, `Domain with name "${opts.name}" already exists.`),
        libxlLine('error', 'libxl_create.c:1294:initiate_domain_create', host.nextDomid, 'cannot make domain: -6'),
      ])
    }
  }
  if (opts.domid !== undefined && host.domains.has(opts.domid)) {
    throw new XlError(libxlLine('error', 'libxl_create.c:709:libxl__domain_make', null, 'domain creation fail: File exists'))
  }
  const domid = opts.domid ?? host.nextDomid
  if (saved.memKiB > freeMemKiB(host)) {
    throw new XlError(libxlLine('error', 'libxl_create.c:1638:domcreate_rebuild_done', domid, 'cannot (re-)build domain: -3'))
  }
  // The stream's X86_PV_INFO record comes first: a 32-bit guest makes the restorer set the
  // address size (xg_sr_restore_x86_pv.c handle_x86_pv_info), which switch_compat
  // (xen/arch/x86/pv/domain.c) refuses with EOPNOTSUPP where Xen runs no 32-bit PV guests.
  if (saved.type === 'pv' && saved.guestBits === 32 && !pv32Capable(host)) {
    host.nextDomid = Math.max(host.nextDomid, domid + 1)
    throw new XlError([
      `xc: error: Failed to update d${domid} address size to 32: Internal error`,
      libxlLine('error', 'libxl_stream_read.c:850:libxl__xc_domain_restore_done', null, 'restoring domain: Operation not supported'),
      libxlLine('error', 'libxl_create.c:1638:domcreate_rebuild_done', domid, 'cannot (re-)build domain: -3'),
    ])
  }
  let mask = 0n
  if (saved.vmAssist !== null && archOps(host.config.arch).vmAssistInVcpuContext(saved.type)) {
    mask = BigInt(saved.vmAssist)
    const valid = archOps(host.config.arch).vmAssistValidMask(host.config.xen, saved.type, saved.guestBits) ?? 0n
    if (mask & ~valid) {
      host.nextDomid = Math.max(host.nextDomid, domid + 1)
      throw new XlError([
        'xc: error: Failed to set vcpu0\'s basic info (22 = Invalid argument): Internal error',
        libxlLine('error', 'libxl_stream_read.c:850:libxl__xc_domain_restore_done', null, 'restoring domain: Invalid argument'),
        libxlLine('error', 'libxl_create.c:1638:domcreate_rebuild_done', domid, 'cannot (re-)build domain: -3'),
      ])
    }
  }
  // The devices: those of the config given, else those the domain had when saved (hot-plugged ones
  // included, detached ones gone: libxl keeps its saved config up to date), added as at create.
  const config = opts.config ?? saved.config
  const devices = opts.devices ?? savedDeviceList(config.devices)
  const d = domctl.createDomain(host, DOM0, {
    name: opts.name, uuid: saved.uuid, type: saved.type, guestBits: saved.guestBits,
    memKiB: saved.memKiB, maxmemKiB: saved.maxmemKiB,
    vcpus: saved.vcpus.filter(v => v.online).length, maxVcpus: saved.maxVcpus,
    hardAffinity: saved.vcpus.map(v => v.hardAffinity), softAffinity: saved.vcpus.map(v => v.softAffinity),
    weight: saved.weight, cap: saved.cap, kernel: saved.guest.kernel,
    paravirtTimeAccounting: saved.guest.paravirtTimeAccounting,
    workloads: saved.vcpus.map(v => v.workload),
    onPoweroff: saved.onPoweroff, onReboot: saved.onReboot, onCrash: saved.onCrash,
    config: {...config, devices: undefined},
  }, domid)
  for (const sv of saved.vcpus) {
    const v = d.vcpus[sv.vcpuId]
    if (v) v.online = sv.online
  }
  restoreDevices(host, d, devices, saved.config.devices)
  if (saved.emulator) {
    // QEMU loads the saved state into the machine it is started for: the same emulated devices only.
    const why = dmStateMismatch(saved.emulator.state, dmSaveState(d))
    if (why) {
      domctl.destroyDomain(host, DOM0, d.domid)
      throw new XlError(`xl: ${opts.source ?? 'restore'}: the device model cannot load its saved state: ${why}`)
    }
  }
  d.vmAssist = mask
  const guest: GuestState = {...structuredClone(saved.guest), booted: true, resumePending: true, uptimeBaseNs: saved.uptimeNs}
  d.guest = guest
  for (const v of d.vcpus) vcpuChanged(host, d, v)
  return d
}
