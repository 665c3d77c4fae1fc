// libxl's PV devices of a domain, with their backends in dom0 simulated:
// the defaults libxl__device_*_setdefault fill in (libxl_disk.c,
// libxl_nic.c, libxl_vtpm.c, libxl_usb.c, Xen 4.17), the frontend/backend
// xenstore nodes the *-list commands read (state, event-channel, ring-ref),
// and the devices libxl keeps in the domain's saved config (what `xl list
// -l` shows: the config as xl gave it, with update_config's fields).
import {statSync, type Stats} from 'node:fs'
import type {Host} from '../hypervisor/host.js'
import type {Domain} from '../hypervisor/domain.js'
import {randomUuid} from '../hypervisor/rng.js'
import {
  noDevices, type DeviceChannel, type DeviceDisk, type DeviceNic, type DevicePci, type DeviceUsbctrl,
  type DeviceUsbdev, type DeviceVdispl, type DeviceVfb, type DeviceVsnd, type DeviceVkb, type DeviceVtpm, type DomainDevices,
} from './device-types.js'
import {libxlLine} from './log.js'

/** XenbusState (xen/include/public/io/xenbus.h). */
export const XenbusStateInitialising = 1
export const XenbusStateConnected = 4

/** LIBXL_DEVICE_NIC_MTU_DEFAULT */
const NIC_MTU_DEFAULT = 1500
/** libxl__xen_script_dir_path() on Debian's build. */
export const XEN_SCRIPT_DIR = '/etc/xen/scripts'
/** GNTTAB_NR_RESERVED_ENTRIES (Linux drivers/xen/grant-table.c): the first grant a frontend gets. */
const FIRST_FREE_GREF = 8

/** What libxl's getinfo reads back for one device from xenstore, as our backends set it. */
export interface Live {
  /** The xenstore devid (a disk's is its vdev number). */
  devid: number
  backendDomid: number
  /** Backend kind in the path: vbd, qdisk, vif, vtpm, vkbd, console, vdispl, qusb... */
  kind: string
  /** Frontend kind (the guest's device/<kind>). */
  feKind: string
  evtch: number
  rref: number
  /** A vif's rx ring. */
  rref2?: number
  /** A pty channel's tty (xenconsoled's). */
  pty?: string
  /** A vdispl's rings, per connector. */
  connectorRings?: {req: {evtch: number; rref: number}; evt: {evtch: number; rref: number}}[]
  /** A vsnd's rings, per pcm and stream. */
  streamRings?: {evtch: number; rref: number}[][]
  /** A pci device's virtual slot and function (vdevfn). */
  vdevfn?: number
  /** A usb controller as libxl completed it (its saved config keeps xl's). */
  usbctrl?: DeviceUsbctrl
  /** A pci device's host function (DDDD:BB:DD.F), whether xl named it by BDF or by name. */
  bdf?: string
}

export interface Attached<T> {
  /** As libxl saved it in the domain's config (JSON for `xl list -l`). */
  cfg: T
  live: Live
}

/** The devices of a running domain, kept in its config record (d.config.devices). */
export interface DeviceState {
  disks: Attached<DeviceDisk>[]
  nics: Attached<DeviceNic>[]
  pcidevs: Attached<DevicePci>[]
  vfbs: Attached<DeviceVfb>[]
  vkbs: Attached<DeviceVkb>[]
  vtpms: Attached<DeviceVtpm>[]
  vdispls: Attached<DeviceVdispl>[]
  vsnds: Attached<DeviceVsnd>[]
  channels: Attached<DeviceChannel>[]
  usbctrls: Attached<DeviceUsbctrl>[]
  usbdevs: Attached<DeviceUsbdev>[]
  /** The frontend's next event channel port and grant reference, and xenconsoled's next pty. */
  next: {evtch: number; gref: number; pty: number}
}

/** A libxl failure: the lines logged and the libxl error code. */
export class LibxlFailure extends Error {
  constructor(readonly lines: string[], readonly rc: number) {
    super(lines.join('\n'))
  }
}

export const ERROR_FAIL = -3
export const ERROR_INVAL = -6

function emptyState(d: Domain): DeviceState {
  // Ports a Linux guest binds before any PV device: xenstore, console and
  // per vCPU the timer VIRQ, the debug VIRQ and four IPIs.
  const s = noDevices() as unknown as DeviceState
  for (const k of Object.keys(s) as (keyof DomainDevices)[]) (s as unknown as Record<string, unknown[]>)[k] = []
  s.next = {evtch: 3 + 6 * d.maxVcpus, gref: FIRST_FREE_GREF, pty: 1}
  return s
}

/**
 * The device state of `d`, created empty the first time (a domain made
 * before devices existed); `keep` false only looks (a listing does not
 * change the domain's record).
 */
export function devicesOf(d: Domain, keep = true): DeviceState {
  const cur = d.config.devices as Partial<DeviceState> | undefined
  if (cur && typeof cur === 'object' && 'next' in cur) {
    // a record saved before a device kind existed has no list for it
    for (const k of Object.keys(noDevices()) as (keyof DomainDevices)[]) (cur as Record<string, unknown>)[k] ??= []
    return cur as DeviceState
  }
  const s = emptyState(d)
  if (keep) d.config.devices = s
  return s
}

/** The saved devices (for `xl list -l`). */
export function savedDevices(d: Domain): DomainDevices {
  const s = devicesOf(d, false)
  const out = noDevices()
  for (const k of Object.keys(out) as (keyof DomainDevices)[]) {
    (out as unknown as Record<string, unknown[]>)[k] = s[k].map(a => a.cfg)
  }
  return out
}

/** libxl__resolve_domid: a backend named by domain name or id; absent = dom0. */
export function resolveDomid(host: Host, name: string | undefined): number | null {
  if (name === undefined) return 0
  if (/^\d+$/.test(name)) return Number(name)
  for (const d of host.domains.values()) if (d.name === name) return d.domid
  return null
}

/** device_virtdisk_matches (libxl_device.c): prefix, a-z disk letters (base 26), optional partition number. */
function virtdiskMatches(path: string, prefix: string, maxDisk: number, maxPart: number): {disk: number; part: number} | null {
  if (!path.startsWith(prefix)) return null
  let p = prefix.length
  // no letter at all leaves the index at -1, which C goes on to encode
  let disk = 0
  while (/[a-z]/.test(path[p] ?? '')) {
    disk = disk * 26 + (path.charCodeAt(p) - 0x60)
    if (disk > maxDisk + 1) return null
    p++
  }
  disk--
  if (p === path.length) return {disk, part: 0}
  if (path[p] === '0') return null
  // strtoul(p, &ep, 10) must end the string
  const m = /^[ \t\n\v\f\r]*([+-]?)(\d+)$/.exec(path.slice(p))
  if (!m) return null
  const part = m[1] === '-' && Number(m[2]) !== 0 ? Infinity : Number(m[2])
  if (part > maxPart) return null
  return {disk, part}
}

/** libxl__device_disk_dev_number: the xenstore devid of a vdev, or -1. */
export function diskDevNumber(vdev: string): number {
  const d = /^d(\d+)p(\d+)$/.exec(vdev)
  if (d && Number(d[1]) < 1 << 20 && Number(d[2]) < 256) return devNum(Number(d[1]), Number(d[2]))
  const x = virtdiskMatches(vdev, 'xvd', (1 << 20) - 1, 255)
  if (x) return devNum(x.disk, x.part)
  if (/^(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9]\d*)$/.test(vdev)) {
    const n = Number(vdev.startsWith('0') && !/^0[xX]/.test(vdev) && vdev !== '0' ? parseInt(vdev, 8) : Number(vdev))
    if (n <= 0x7fffffff) return n
  }
  const h = virtdiskMatches(vdev, 'hd', 3, 63)
  if (h) return ((h.disk < 2 ? 3 : 22) << 8) | ((h.disk & 1) << 6) | h.part
  const s = virtdiskMatches(vdev, 'sd', 15, 15)
  if (s) return (8 << 8) | (s.disk << 4) | s.part
  return -1
}

function devNum(disk: number, part: number): number {
  return disk <= 15 && part <= 15 ? (202 << 8) | (disk << 4) | part : (1 << 28) | (disk << 8) | part
}

/** What a disk becomes once libxl__device_disk_setdefault ran: its backend type. */
interface DiskDefaults {
  backend: 'phy' | 'qdisk'
  backendDomid: number
}

/**
 * libxl__device_disk_setdefault and libxl__device_disk_set_backend: the
 * backend domain, then the backend type. A target in dom0 must exist (it is
 * stat()ed on this machine: dom0's file system is the one xlsim runs on).
 */
export function diskSetDefault(host: Host, domid: number, type: Domain['type'], disk: DeviceDisk): DiskDefaults {
  const be = resolveDomid(host, disk.backend_domname)
  if (be === null) throw new LibxlFailure([], ERROR_INVAL)
  const vdev = disk.vdev ?? ''
  let backend = disk.backend
  if (disk.is_cdrom && type === 'hvm') {
    if (backend !== undefined && backend !== 'qdisk') {
      throw new LibxlFailure([libxlLine('error', 'libxl_disk.c:196:libxl__device_disk_setdefault', domid, 'Backend for CD devices on HVM guests must be Qdisk')], ERROR_FAIL)
    }
    backend = 'qdisk'
  }
  let isFile = false
  if (disk.format === 'empty') {
    if (!disk.is_cdrom) {
      throw new LibxlFailure([libxlLine('error', 'libxl_device.c:439:libxl__device_disk_set_backend', null, `Disk vdev=${vdev} is empty but not cdrom`)], ERROR_INVAL)
    }
    if (disk.pdev_path !== undefined && disk.pdev_path !== '') {
      throw new LibxlFailure([libxlLine('error', 'libxl_device.c:443:libxl__device_disk_set_backend', null, `Disk vdev=${vdev} is empty but an image has been provided: ${disk.pdev_path}`)], ERROR_INVAL)
    }
  } else if ((backend === undefined || backend === 'phy' || backend === 'standalone') && be === 0 && disk.script === undefined) {
    const st = statTarget(disk.pdev_path ?? '')
    const err = typeof st === 'string' ? st : null
    if (err !== null) {
      throw new LibxlFailure([libxlLine('error', 'libxl_device.c:455:libxl__device_disk_set_backend', null, `Disk vdev=${vdev} failed to stat: ${disk.pdev_path ?? '(null)'}: ${err}`)], ERROR_INVAL)
    }
    // libxl__try_phy_backend (libxl_linux.c): a block device or a regular file
    isFile = typeof st !== 'string' && (st.isFile() || st.isBlockDevice())
  }
  // disk_try_backend: phy (raw, a block device or a file), else qdisk; tap (no blktap) and standalone never fit here.
  const phyOk = (disk.format ?? 'raw') === 'raw' && !disk.colo_enable && disk.specification !== 'virtio' &&
    (be !== 0 || disk.script !== undefined || isFile)
  const qdiskOk = disk.script === undefined && disk.specification !== 'virtio'
  let ok: 'phy' | 'qdisk' | null
  if (backend === 'phy') ok = phyOk ? 'phy' : null
  else if (backend === 'qdisk') ok = qdiskOk ? 'qdisk' : null
  else if (backend === undefined) ok = phyOk ? 'phy' : qdiskOk ? 'qdisk' : null
  else ok = null
  if (ok === null) throw new LibxlFailure([libxlLine('error', 'libxl_device.c:475:libxl__device_disk_set_backend', null, `no suitable backend for disk ${vdev}`)], ERROR_INVAL)
  return {backend: ok, backendDomid: be}
}

/** stat(2) of a dom0 path: its stats, else strerror. */
function statTarget(path: string): Stats | string {
  if (path === '') return 'No such file or directory'
  try {
    return statSync(path)
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    return code === 'ENOENT' ? 'No such file or directory'
      : code === 'EACCES' ? 'Permission denied'
        : code === 'ENOTDIR' ? 'Not a directory'
          : code === 'ENAMETOOLONG' ? 'File name too long'
            : 'No such file or directory'
  }
}

/** The xenstore devid of a disk, or the two lines libxl logs for a vdev it cannot number (hotplug and create). */
export function diskDevid(domid: number, vdev: string): number {
  const n = diskDevNumber(vdev)
  if (n < 0) {
    throw new LibxlFailure([
      libxlLine('error', 'libxl_disk.c:214:libxl__device_from_disk', domid, `Invalid or unsupported virtual disk identifier ${vdev}`),
      libxlLine('error', 'libxl_disk.c:335:device_disk_add', domid, `Invalid or unsupported virtual disk identifier ${vdev}`),
    ], ERROR_INVAL)
  }
  return n
}

/** A random MAC in Xen's OUI (libxl__device_nic_setdefault: from a fresh uuid's first bytes). */
function randomMac(host: Host): string {
  const u = randomUuid(host).replace(/-/g, '')
  const b = [parseInt(u.slice(0, 2), 16) & 0x7f, parseInt(u.slice(2, 4), 16), parseInt(u.slice(4, 6), 16)]
  return ['00', '16', '3e', ...b.map(x => x.toString(16).padStart(2, '0'))].join(':')
}

/** libxl__device_nic_setdefault: the nic as libxl completes it (mtu, model, mac, bridge, script, nictype). */
export function nicSetDefault(host: Host, domid: number, type: Domain['type'], nic: DeviceNic, hotplug: boolean, index: number): DeviceNic {
  const full: DeviceNic = {...nic}
  full.mtu ||= NIC_MTU_DEFAULT
  full.model ??= 'rtl8139'
  full.mac ??= randomMac(host)
  full.bridge ??= 'xenbr0'
  full.script ??= `${XEN_SCRIPT_DIR}/vif-bridge`
  const be = resolveDomid(host, nic.backend_domname)
  if (be === null) throw new LibxlFailure(hotplug ? [] : [nicDefaultsFailed(domid, index)], ERROR_INVAL)
  full.backend_domid = be
  if (type === 'hvm') full.nictype ??= hotplug ? 'vif' : 'vif_ioemu'
  else {
    if (full.nictype === 'vif_ioemu') {
      const lines = [libxlLine('error', 'libxl_nic.c:107:libxl__device_nic_setdefault', domid, 'trying to create PV or PVH guest with an emulated interface')]
      throw new LibxlFailure(hotplug ? lines : [...lines, nicDefaultsFailed(domid, index)], ERROR_INVAL)
    }
    full.nictype = 'vif'
  }
  full.trusted ??= true
  return full
}

const nicDefaultsFailed = (domid: number, i: number): string =>
  libxlLine('error', 'libxl_nic.c:520:libxl__device_nic_set_devids', domid, `Unable to set nic defaults for nic ${i}`)

/** The frontend connects once the guest kernel runs; until then libxl reads no rings (-1) and state Initialising. */
export function frontendView(d: Domain, live: Live): {state: number; evtch: number; rref: number; rref2: number} {
  if (!d.guest.booted) return {state: XenbusStateInitialising, evtch: -1, rref: -1, rref2: -1}
  return {state: XenbusStateConnected, evtch: live.evtch, rref: live.rref, rref2: live.rref2 ?? -1}
}

/** A new device's rings: one event channel and `grefs` grant references from the frontend's allocators. */
export function allocRings(s: DeviceState, grefs: number): {evtch: number; rref: number; rref2?: number} {
  const evtch = s.next.evtch++
  const rref = s.next.gref
  s.next.gref += grefs
  return grefs > 1 ? {evtch, rref, rref2: rref + 1} : {evtch, rref}
}

/** The lowest devid at or above 0 not taken (libxl__device_nextid over the frontend's device/<kind>). */
export function nextDevid(list: readonly {live: Live}[]): number {
  let id = 0
  for (const a of list) if (a.live.devid >= id) id = a.live.devid + 1
  return id
}

/** The devid a new device gets: the one asked for when it is set (>= 0) and free, else the next one. */
export function chooseDevid(list: readonly {live: Live}[], wanted: number): number {
  return wanted >= 0 && !list.some(a => a.live.devid === wanted) ? wanted : nextDevid(list)
}

/** `/local/domain/<be>/backend/<kind>/<domid>/<devid>` */
export function backendPath(domid: number, live: Live): string {
  return `/local/domain/${live.backendDomid}/backend/${live.kind}/${domid}/${live.devid}`
}

/** `/local/domain/<domid>/device/<kind>/<devid>` */
export function frontendPath(domid: number, live: Live): string {
  return `/local/domain/${domid}/device/${live.feKind}/${live.devid}`
}
