// A new domain's devices as libxl adds them while building it
// (domcreate_launch_dm and domcreate_attach_devices in libxl_create.c):
// disks, then nic, vtpm, usbctrl, usbdev, pci, vdispl, vsnd (device_type_tbl's
// order), then the vfbs, vkbs and channels. Shared by `xl create` and the
// rebuild of a domain whose configuration `xl config-update` replaced.
import type {Host} from '../hypervisor/host.js'
import type {Domain} from '../hypervisor/domain.js'
import type {DeviceNic, DomainDevices} from './device-types.js'
import {LibxlFailure} from './devices.js'
import {attachAtCreate, createDefaults, unableToAdd} from './devices-add.js'
import {pciAdd} from './pci.js'

/** The parsed devices a rebuild still has to add (kept beside the stored configuration). */
export const PENDING_DEVICES = 'pendingDevices'

/** Adds `devs` to the built domain `d`; throws LibxlFailure with create's lines. */
export function attachDevices(host: Host, d: Domain, devs: DomainDevices, nics: DeviceNic[]): void {
  attachAtCreate(host, d, devs, nics, dom => {
    for (const pci of devs.pcidevs) {
      try {
        pciAdd(host, dom, pci, true)
      } catch (e) {
        if (!(e instanceof LibxlFailure)) throw e
        throw new LibxlFailure([...e.lines, unableToAdd(dom.domid, 'pci')], e.rc)
      }
    }
  })
}

/** Defaults then adds: the whole device part of a rebuild; false when libxl refused a device. */
export function attachParsedDevices(host: Host, d: Domain, devs: DomainDevices): boolean {
  try {
    attachDevices(host, d, devs, createDefaults(host, d.domid, d.type, devs).nics)
    return true
  } catch (e) {
    if (!(e instanceof LibxlFailure)) throw e
    return false
  }
}
