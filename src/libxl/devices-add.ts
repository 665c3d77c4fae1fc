// Adding and removing PV devices (libxl__device_*_add / _remove and
// libxl__device_add_async in libxl_device.c, Xen 4.17), at domain creation
// and hot-plugged: the defaults, the devid, the rings the frontend sets up,
// and what libxl keeps in the saved config (xl's device plus the fields
// update_config copies: a nic's devid, nictype and mac, a vtpm's devid and
// uuid, a vdispl's devid and be_alloc).
import type {Host} from '../hypervisor/host.js'
import type {Domain} from '../hypervisor/domain.js'
import {randomUuid} from '../hypervisor/rng.js'
import type {
  DeviceChannel, DeviceDisk, DeviceNic, DeviceUsbctrl, DeviceVdispl, DeviceVfb, DeviceVkb, DeviceVsnd, DeviceVtpm, DomainDevices,
} from './device-types.js'
import {
  allocRings, chooseDevid, devicesOf, diskDevid, diskSetDefault, ERROR_FAIL, ERROR_INVAL, LibxlFailure, nextDevid, nicSetDefault,
  resolveDomid, type Attached, type DeviceState, type Live,
} from './devices.js'
import {libxlLine} from './log.js'

/** device_addrm_aocomplete (libxl_device.c) for a device that never got as far as its xenstore nodes. */
export const aoFailed = (action: 'add' | 'remove'): string =>
  libxlLine('error', 'libxl_device.c:1486:device_addrm_aocomplete', null, `unable to ${action} device`)

/** libxl__device_disk_add: the disk, defaulted, numbered and connected. */
export function addDisk(host: Host, d: Domain, disk: DeviceDisk): Attached<DeviceDisk> {
  const s = devicesOf(d)
  const def = diskSetDefault(host, d.domid, d.type, disk)
  const devid = diskDevid(d.domid, disk.vdev ?? '')
  if (s.disks.some(a => a.live.devid === devid)) {
    throw new LibxlFailure([libxlLine('error', 'libxl_disk.c:343:device_disk_add', d.domid, 'device already exists in xenstore')], -16)
  }
  const live: Live = {devid, backendDomid: def.backendDomid, kind: def.backend === 'qdisk' ? 'qdisk' : 'vbd', feKind: 'vbd', ...allocRings(s, 1)}
  const a = {cfg: disk, live}
  s.disks.push(a)
  return a
}

/** libxl_device_nic_add (hotplug) or the create-time add after libxl__device_nic_set_devids. */
export function addNic(host: Host, d: Domain, nic: DeviceNic, hotplug: boolean, index = 0, defaulted?: DeviceNic): Attached<DeviceNic> {
  const s = devicesOf(d)
  const full = defaulted ?? nicSetDefault(host, d.domid, d.type, nic, hotplug, index)
  const devid = full.devid >= 0 ? full.devid : nextDevid(s.nics)
  if (s.nics.some(a => a.live.devid === devid)) throw new LibxlFailure([], -16)
  // update_config: devid, nictype, mac
  const cfg: DeviceNic = {...nic, devid, nictype: full.nictype, mac: full.mac}
  const live: Live = {devid, backendDomid: full.backend_domid ?? 0, kind: 'vif', feKind: 'vif', ...allocRings(s, 2)}
  const a = {cfg, live}
  s.nics.push(a)
  return a
}

function backendOf(host: Host, name: string | undefined): number {
  const be = resolveDomid(host, name)
  if (be === null) throw new LibxlFailure([], ERROR_INVAL)
  return be
}

export function addVtpm(host: Host, d: Domain, vtpm: DeviceVtpm): Attached<DeviceVtpm> {
  const s = devicesOf(d)
  // libxl__device_vtpm_setdefault: a nil uuid gets a fresh one
  const uuid = vtpm.uuid ?? randomUuid(host)
  const be = backendOf(host, vtpm.backend_domname)
  const devid = chooseDevid(s.vtpms, vtpm.devid)
  const a = {cfg: {...vtpm, devid, uuid}, live: {devid, backendDomid: be, kind: 'vtpm', feKind: 'vtpm', ...allocRings(s, 1)}}
  s.vtpms.push(a)
  return a
}

export function addVkb(host: Host, d: Domain, vkb: DeviceVkb): Attached<DeviceVkb> {
  const s = devicesOf(d)
  const be = backendOf(host, vkb.backend_domname)
  const devid = chooseDevid(s.vkbs, vkb.devid)
  const a = {cfg: vkb, live: {devid, backendDomid: be, kind: 'vkbd', feKind: 'vkbd', ...allocRings(s, 1)}}
  s.vkbs.push(a)
  return a
}

export function addVfb(host: Host, d: Domain, vfb: DeviceVfb): Attached<DeviceVfb> {
  const s = devicesOf(d)
  const be = backendOf(host, vfb.backend_domname)
  const a = {cfg: vfb, live: {devid: vfb.devid, backendDomid: be, kind: 'vfb', feKind: 'vfb', ...allocRings(s, 1)}}
  s.vfbs.push(a)
  return a
}

export function addVdispl(host: Host, d: Domain, vdispl: DeviceVdispl): Attached<DeviceVdispl> {
  const s = devicesOf(d)
  const be = backendOf(host, vdispl.backend_domname)
  const devid = chooseDevid(s.vdispls, vdispl.devid)
  // each connector has a request ring and an event ring (two channels, two grants)
  const rings = vdispl.connectors.map(() => ({req: allocRings(s, 1), evt: allocRings(s, 1)}))
  const first = rings[0]?.req ?? {evtch: -1, rref: -1}
  const a = {cfg: {...vdispl, devid}, live: {devid, backendDomid: be, kind: 'vdispl', feKind: 'vdispl', ...first, connectorRings: rings}}
  s.vdispls.push(a)
  return a
}

/** libxl_device_vsnd_add: each stream of each pcm has its ring (libxl_vsnd.c). */
export function addVsnd(host: Host, d: Domain, vsnd: DeviceVsnd): Attached<DeviceVsnd> {
  const s = devicesOf(d)
  const be = backendOf(host, vsnd.backend_domname)
  const devid = chooseDevid(s.vsnds, vsnd.devid)
  const streamRings = vsnd.pcms.map(p => p.streams.map(() => allocRings(s, 1)))
  const a = {cfg: {...vsnd, devid}, live: {devid, backendDomid: be, kind: 'vsnd', feKind: 'vsnd', evtch: -1, rref: -1, streamRings}}
  s.vsnds.push(a)
  return a
}

/** A channel is a console with a name: backend console, xenstore devid = channel devid + 1, a pty from xenconsoled. */
export function addChannel(host: Host, d: Domain, chn: DeviceChannel): Attached<DeviceChannel> {
  const s = devicesOf(d)
  const be = backendOf(host, chn.backend_domname)
  const live: Live = {devid: chn.devid + 1, backendDomid: be, kind: 'console', feKind: 'console', ...allocRings(s, 1)}
  if (chn.connection === 'pty') live.pty = `/dev/pts/${s.next.pty++}`
  const a = {cfg: chn, live}
  s.channels.push(a)
  return a
}

/** USBIF_MAX_PORTNR (xen/include/public/io/usbif.h) */
const USBIF_MAX_PORTNR = 31

/**
 * libxl__device_usbctrl_setdefault: auto is qusb for a PV/PVH guest (Linux
 * has no usbback, so qemu serves it) and devicemodel for HVM; version 2 and
 * 8 ports by default.
 */
export function usbctrlSetDefault(d: Domain, c: DeviceUsbctrl): DeviceUsbctrl {
  const full = {...c}
  if (full.type === 'auto') full.type = d.type === 'hvm' ? 'devicemodel' : 'qusb'
  if (full.type === 'pv' || full.type === 'qusb') {
    full.version ||= 2
    if (full.version < 1 || full.version > 2) {
      throw new LibxlFailure([libxlLine('error', 'libxl_usb.c:67:libxl__device_usbctrl_setdefault', null, 'USB version for paravirtualized devices must be 1 or 2')], ERROR_INVAL)
    }
    full.ports ||= 8
    if (full.ports < 1 || full.ports > USBIF_MAX_PORTNR) {
      throw new LibxlFailure([libxlLine('error', 'libxl_usb.c:75:libxl__device_usbctrl_setdefault', null, `Number of ports for USB controller is limited to ${USBIF_MAX_PORTNR}`)], ERROR_INVAL)
    }
  } else {
    full.version ||= 2
    if (full.version === 1) {
      if (full.ports && full.ports !== 2) {
        throw new LibxlFailure([libxlLine('error', 'libxl_usb.c:88:libxl__device_usbctrl_setdefault', null, 'Number of ports for USB controller of version 1 is always 2')], ERROR_INVAL)
      }
      full.ports = 2
    } else {
      full.ports ||= 8
    }
  }
  return full
}

export function addUsbctrl(host: Host, d: Domain, c: DeviceUsbctrl): Attached<DeviceUsbctrl> {
  const s = devicesOf(d)
  const full = usbctrlSetDefault(d, c)
  const be = backendOf(host, c.backend_domname)
  const devid = chooseDevid(s.usbctrls, c.devid)
  // no update_config for usbctrl (libxl_usb.c): the saved config is xl's
  const a = {cfg: c, live: {devid, backendDomid: be, kind: full.type === 'pv' ? 'vusb' : 'qusb', feKind: 'vusb', ...allocRings(s, 2), usbctrl: {...full, devid}}}
  s.usbctrls.push(a)
  return a
}

/** A failed removal of nothing: libxl finds no such device. */
export function removeAt<T>(list: Attached<T>[], i: number): void {
  list.splice(i, 1)
}

/** The lines of a create that fails on a device after the domain was made (domcreate_attach_devices). */
export function unableToAdd(domid: number, kind: string): string {
  return libxlLine('error', 'libxl_create.c:1919:domcreate_attach_devices', domid, `unable to add ${kind} devices`)
}

/**
 * The devices of a new domain, in libxl's create order: the disk defaults
 * (initiate_domain_create, after the domain is made), the nic defaults
 * (libxl__device_nic_set_devids), and then, once built, the disks
 * (libxl__add_disks) and the rest (domcreate_attach_devices, in
 * device_type_tbl's order: nic, vtpm, usbctrl, usbdev, pci, vdispl) with
 * vfb, vkb and the channels from the console and vkb setup.
 * `preflight` runs the defaults only (before the build); `attach` adds.
 */
export function createDefaults(host: Host, domid: number, type: Domain['type'], devs: DomainDevices): {nics: DeviceNic[]} {
  devs.disks.forEach((disk, i) => {
    try {
      diskSetDefault(host, domid, type, disk)
    } catch (e) {
      if (!(e instanceof LibxlFailure)) throw e
      throw new LibxlFailure([...e.lines, libxlLine('error', 'libxl_create.c:1316:initiate_domain_create', domid, `Unable to set disk defaults for disk ${i}`)], e.rc)
    }
  })
  const nics = devs.nics.map((nic, i) => nicSetDefault(host, domid, type, nic, false, i))
  // libxl__device_nic_set_devids: unnumbered nics follow the highest number given
  let last = -1
  for (const n of nics) if (n.devid > last) last = n.devid
  for (const n of nics) if (n.devid < 0) n.devid = ++last
  return {nics}
}

/** Adds every device of a built domain; throws LibxlFailure with create's lines. */
export function attachAtCreate(host: Host, d: Domain, devs: DomainDevices, nics: DeviceNic[],
  pciAdd: (d: Domain, s: DeviceState) => void): void {
  const s = devicesOf(d)
  for (const disk of devs.disks) {
    try {
      addDisk(host, d, disk)
    } catch (e) {
      if (!(e instanceof LibxlFailure)) throw e
      throw new LibxlFailure([...e.lines, libxlLine('error', 'libxl_create.c:1670:domcreate_launch_dm', d.domid, 'unable to add disk devices')], e.rc)
    }
  }
  devs.nics.forEach((nic, i) => addNic(host, d, {...nic, devid: nics[i]!.devid}, false, i, nics[i]))
  for (const v of devs.vtpms) addVtpm(host, d, v)
  for (const c of devs.usbctrls) {
    try {
      addUsbctrl(host, d, c)
    } catch (e) {
      if (!(e instanceof LibxlFailure)) throw e
      throw new LibxlFailure([...e.lines, unableToAdd(d.domid, 'vusb')], e.rc)
    }
  }
  if (devs.usbdevs.length) {
    // The simulated host has no USB devices: none is assignable (is_usbdev_assignable reads sysfs).
    throw new LibxlFailure([
      libxlLine('error', 'libxl_usb.c:1732:libxl__device_usbdev_add', d.domid, 'USB device is not assignable.'),
      unableToAdd(d.domid, 'vusb'),
    ], ERROR_FAIL)
  }
  pciAdd(d, s)
  for (const v of devs.vdispls) addVdispl(host, d, v)
  for (const v of devs.vsnds) addVsnd(host, d, v)
  for (const v of devs.vfbs) addVfb(host, d, v)
  for (const v of devs.vkbs) addVkb(host, d, v)
  for (const c of devs.channels) addChannel(host, d, c)
}
