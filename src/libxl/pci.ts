// PCI passthrough against the host's PCI inventory (libxl_pci.c, Xen 4.17):
// pciback is loaded when the host has PCI functions to give (`xl host init
// --pci`), and a function is assignable once bound to it
// (pci-assignable-add, which also quarantines it). A host without any gives
// the real errors: no pciback, no such device in sysfs.
import type {Host} from '../hypervisor/host.js'
import type {Domain} from '../hypervisor/domain.js'
import type {DevicePci} from './device-types.js'
import {pciBdf} from '../libxlu/pci.js'
import {devicesOf, ERROR_FAIL, ERROR_INVAL, LibxlFailure, type Attached} from './devices.js'
import {aoFailed} from './devices-add.js'
import {libxlLine} from './log.js'

/** ERROR_NOTFOUND (libxl.h) */
export const ERROR_NOTFOUND = -25

const SYSFS_PCI_DEV = '/sys/bus/pci/devices'

const pciLine = (where: string, domid: number | null, msg: string): string => libxlLine('error', `libxl_pci.c:${where}`, domid, msg)

function pcibackLoaded(host: Host): boolean {
  return (host.config.pci?.length ?? 0) > 0
}

/** Who has a function attached: the domain, or null. */
function attachedTo(host: Host, bdf: string): Domain | null {
  for (const d of host.domains.values()) {
    if (devicesOf(d, false).pcidevs.some(a => a.live.bdf === bdf)) return d
  }
  return null
}

/**
 * libxl_device_pci_assignable_list: the functions bound to pciback and not
 * given to a domain, with their names. Logs when pciback is not loaded.
 */
export function assignableList(host: Host): {lines: string[]; list: {bdf: string; name?: string}[]} {
  if (!pcibackLoaded(host)) {
    return {lines: [pciLine('444:libxl_device_pci_assignable_list', null, 'Looks like pciback driver not loaded')], list: []}
  }
  const list = (host.config.pciAssignable ?? []).filter(p => attachedTo(host, p.bdf) === null)
  return {lines: [], list}
}

/** libxl__device_pci_assignable_add; returns the warnings, throws LibxlFailure. */
export function assignableAdd(host: Host, pci: DevicePci): string[] {
  const bdf = pciBdf(pci)
  if (pci.name !== undefined) {
    if (Buffer.byteLength(pci.name) > 64) throw new LibxlFailure([pciLine('777:libxl__device_pci_assignable_add', null, 'Name too long')], ERROR_FAIL)
    if (!/^[\x21-\x7e]*$/.test(pci.name)) {
      throw new LibxlFailure([pciLine('783:libxl__device_pci_assignable_add', null, 'Names may only include printable characters')], ERROR_FAIL)
    }
  }
  if (!(host.config.pci ?? []).includes(bdf)) {
    throw new LibxlFailure([pciLine('792:libxl__device_pci_assignable_add', null, `Couldn't lstat ${SYSFS_PCI_DEV}/${bdf}: No such file or directory`)], ERROR_FAIL)
  }
  if (!pcibackLoaded(host)) throw new LibxlFailure([pciLine('693:pciback_dev_is_assigned', null, 'Looks like pciback driver is not loaded')], ERROR_FAIL)
  const list = host.config.pciAssignable ??= []
  const cur = list.find(p => p.bdf === bdf)
  if (cur) {
    if (pci.name !== undefined) cur.name = pci.name
    return [libxlLine('warning', 'libxl_pci.c:802:libxl__device_pci_assignable_add', null, `${bdf} already assigned to pciback`)]
  }
  list.push(pci.name === undefined ? {bdf} : {bdf, name: pci.name})
  return []
}

/**
 * libxl__device_pci_assignable_remove: by name (ERROR_NOTFOUND when no
 * function has it), or by BDF.
 */
export function assignableRemove(host: Host, pci: DevicePci): string[] {
  const list = host.config.pciAssignable ?? []
  let bdf: string
  if (pci.name !== undefined) {
    const named = list.find(p => p.name === pci.name)
    if (!named) throw new LibxlFailure([], ERROR_NOTFOUND)
    bdf = named.bdf
  } else {
    bdf = pciBdf(pci)
  }
  const i = list.findIndex(p => p.bdf === bdf)
  // xc_deassign_device(DOMID_IO, ...): only a quarantined function comes back
  if (i < 0 || attachedTo(host, bdf) !== null) {
    throw new LibxlFailure([pciLine('906:libxl__device_pci_assignable_remove', null, `failed to de-quarantine ${bdf}`)], ERROR_FAIL)
  }
  list.splice(i, 1)
  return []
}

/**
 * libxl__device_pci_add: by name (looked up among the assignable ones) or
 * BDF; the function must be assignable. Returns the attached device.
 * `starting`: at domain creation (no ao message after the failure).
 */
export function pciAdd(host: Host, d: Domain, pci: DevicePci, starting: boolean): Attached<DevicePci> {
  const fail = (lines: string[], rc: number): never => {
    const what = pci.name !== undefined ? `'${pci.name}'` : `${pci.domain.toString(16)}:${pci.bus.toString(16)}:${pci.dev.toString(16)}.${pci.func.toString(16)}`
    throw new LibxlFailure([...lines,
      pciLine('1809:device_pci_add_done', d.domid, `libxl__device_pci_add failed for PCI device ${what} (rc ${rc})`).replace(':1809:', pci.name !== undefined ? ':1803:' : ':1809:'),
      ...(starting ? [] : [aoFailed('add')])], rc)
  }
  const full: DevicePci = {...pci}
  if (pci.name !== undefined) {
    const named = (host.config.pciAssignable ?? []).find(p => p.name === pci.name)
    if (!named) fail([], ERROR_NOTFOUND)
    const [dom, bus, devfn] = named!.bdf.split(':') as [string, string, string]
    const [dev, fn] = devfn.split('.') as [string, string]
    Object.assign(full, {domain: parseInt(dom, 16), bus: parseInt(bus, 16), dev: parseInt(dev, 16), func: parseInt(fn, 16)})
  }
  const bdf = pciBdf(full)
  const other = attachedTo(host, bdf)
  if (d.type === 'hvm' && other !== null && other !== d) {
    fail([pciLine('1658:libxl__device_pci_add', d.domid, `PCI device ${bdf} already assigned to a different guest?`)], ERROR_FAIL)
  }
  const assignable = assignableList(host)
  if (!assignable.list.some(p => p.bdf === bdf)) {
    fail([...assignable.lines, pciLine('1677:libxl__device_pci_add', d.domid,
      `PCI device ${full.domain.toString(16)}:${full.bus.toString(16)}:${full.dev.toString(16)}.${full.func.toString(16)} is not assignable`)], ERROR_FAIL)
  }
  const s = devicesOf(d)
  // An HVM guest's device model puts it in the first free slot after its own (host bridge, ISA, VGA, platform device).
  let vdevfn = full.vdevfn ?? 0
  if (d.type === 'hvm' && full.vdevfn === undefined) {
    const used = new Set(s.pcidevs.map(a => (a.live.vdevfn ?? 0) >> 3))
    let slot = 4
    while (used.has(slot)) slot++
    vdevfn = slot << 3
  }
  const a = {cfg: pci, live: {devid: 0, backendDomid: 0, kind: 'pci', feKind: 'pci', evtch: -1, rref: -1, vdevfn, bdf}}
  s.pcidevs.push(a)
  return a
}

/** libxl_device_pci_remove / _destroy: the function must be attached to this domain. */
export function pciRemove(host: Host, d: Domain, pci: DevicePci): void {
  const s = devicesOf(d)
  let bdf = pciBdf(pci)
  if (pci.name !== undefined) {
    const named = (host.config.pciAssignable ?? []).find(p => p.name === pci.name)
    if (!named) throw new LibxlFailure([aoFailed('remove')], ERROR_NOTFOUND)
    bdf = named.bdf
  }
  if (s.pcidevs.length === 0) throw new LibxlFailure([aoFailed('remove')], ERROR_FAIL)
  const i = s.pcidevs.findIndex(a => a.live.bdf === bdf)
  if (i < 0) {
    throw new LibxlFailure([pciLine('1969:do_pci_remove', d.domid, 'PCI device not attached to this domain'), aoFailed('remove')], ERROR_INVAL)
  }
  s.pcidevs.splice(i, 1)
}

/** The attached functions with their virtual slots (libxl_device_pci_list). */
export function pciList(d: Domain): {vdevfn: number; bdf: string}[] {
  return devicesOf(d, false).pcidevs.map(a => ({vdevfn: a.live.vdevfn ?? 0, bdf: a.live.bdf ?? pciBdf(a.cfg)}))
}
