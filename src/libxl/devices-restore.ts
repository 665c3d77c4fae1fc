// The devices of a restored domain (libxl_domain_create_restore runs
// initiate_domain_create on the config: libxl__device_*_setdefault and the
// adds of libxl_create.c, as for a new domain). Their list is the config's:
// the one given to `xl restore` / `xl migrate -C`, else the domain's saved
// config, which libxl keeps up to date (libxl_device_*_add and _remove
// update it, libxl_cdrom_insert merges the new medium), so a device
// hot-plugged after create comes back with its devid, MAC, backend and
// medium, and a detached one does not. Backends are looked up again by name
// on this host and disk targets stat()ed again. The frontends' rings are
// guest memory: a device the saved domain had keeps its event channel and
// grant references.
import type {Host} from '../hypervisor/host.js'
import type {Domain} from '../hypervisor/domain.js'
import {noDevices, type DomainDevices} from './device-types.js'
import {devicesOf, LibxlFailure, type DeviceState, type Live} from './devices.js'
import {createDefaults} from './devices-add.js'
import {attachDevices} from './devices-create.js'
import {XlError} from './errors.js'

function isDeviceState(x: unknown): x is DeviceState {
  return typeof x === 'object' && x !== null && 'next' in x
}

const KINDS = Object.keys(noDevices()) as (keyof DomainDevices)[]

/** A config's devices: a live domain's state (each device as libxl saved it), or a parsed config's list. */
export function savedDeviceList(devices: unknown): DomainDevices {
  const out = noDevices()
  if (typeof devices !== 'object' || devices === null) return out
  const rec = devices as Record<string, unknown[] | undefined>
  for (const k of KINDS) {
    const list = rec[k] ?? []
    ;(out as unknown as Record<string, unknown[]>)[k] = isDeviceState(devices) ? list.map(a => (a as {cfg: unknown}).cfg) : [...list]
  }
  return out
}

/** Adds `devs` to the restored domain `d` as at create; the rings of the devices `saved` had are the guest's own. */
export function restoreDevices(host: Host, d: Domain, devs: DomainDevices, saved: unknown): void {
  try {
    attachDevices(host, d, devs, createDefaults(host, d.domid, d.type, devs).nics)
  } catch (e) {
    if (!(e instanceof LibxlFailure)) throw e
    // no line of libxl's own: a backend domain named in the config that this host does not have
    throw new XlError(e.lines.length ? e.lines : ['xl: a device\'s backend domain does not exist on this host'])
  }
  if (!isDeviceState(saved)) return
  const s = devicesOf(d)
  for (const k of KINDS) {
    const before = (saved as unknown as Record<string, {live: Live}[] | undefined>)[k] ?? []
    for (const a of (s as unknown as Record<string, {live: Live}[]>)[k]) {
      const old = before.find(b => b.live.devid === a.live.devid)?.live
      if (!old) continue
      const {evtch, rref, rref2, connectorRings, streamRings} = old
      Object.assign(a.live, {evtch, rref}, rref2 === undefined ? {} : {rref2},
        connectorRings === undefined ? {} : {connectorRings}, streamRings === undefined ? {} : {streamRings})
    }
  }
  s.next = {
    evtch: Math.max(s.next.evtch, saved.next.evtch), gref: Math.max(s.next.gref, saved.next.gref), pty: s.next.pty,
  }
}
