// libxl_device_*_list and libxl_device_*_getinfo (libxl_disk.c, libxl_nic.c,
// libxl_vtpm.c, libxl_vkb.c, libxl_console.c, libxl_vdispl.c, libxl_usb.c):
// what the simulated xenstore holds for each device of a domain: backend and
// frontend paths, the frontend's state, event channel and ring references.
import type {Host} from '../hypervisor/host.js'
import type {Domain} from '../hypervisor/domain.js'
import {backendPath, devicesOf, frontendPath, frontendView, type Attached, type Live} from './devices.js'

export interface InfoRow {
  devid: number
  backendId: number
  frontendId: number
  state: number
  evtch: number
  rref: number
  rrefRx: number
  backend: string
  frontend: string
}

function info<T>(d: Domain, a: Attached<T>): InfoRow {
  const fe = frontendView(d, a.live)
  return {
    devid: a.live.devid, backendId: a.live.backendDomid, frontendId: d.domid,
    state: fe.state, evtch: fe.evtch, rref: fe.rref, rrefRx: fe.rref2,
    backend: backendPath(d.domid, a.live), frontend: frontendPath(d.domid, a.live),
  }
}

export function diskInfos(d: Domain): InfoRow[] {
  return devicesOf(d, false).disks.map(a => info(d, a))
}

export function nicInfos(d: Domain): (InfoRow & {mac: string})[] {
  return devicesOf(d, false).nics.map(a => ({...info(d, a), mac: a.cfg.mac ?? '00:00:00:00:00:00'}))
}

export function vtpmInfos(d: Domain): (InfoRow & {uuid: string})[] {
  return devicesOf(d, false).vtpms.map(a => ({...info(d, a), uuid: a.cfg.uuid ?? '00000000-0000-0000-0000-000000000000'}))
}

export function vkbInfos(d: Domain): (InfoRow & {uniqueId: string | undefined; backendType: string})[] {
  // libxl__device_vkb_setdefault (libxl_vkb.c): an unknown backend type is qemu's
  return devicesOf(d, false).vkbs.map(a => ({...info(d, a), uniqueId: a.cfg.unique_id, backendType: a.cfg.backend_type ?? 'qemu'}))
}

export function channelInfos(d: Domain): (InfoRow & {connection: string; pty?: string})[] {
  // the listing's Idx is the channel's own devid, not its console number
  return devicesOf(d, false).channels.map(a => ({...info(d, a), devid: a.cfg.devid, connection: a.cfg.connection, pty: a.live.pty}))
}

export function vdisplInfos(d: Domain) {
  return devicesOf(d, false).vdispls.map(a => {
    const booted = d.guest.booted
    return {
      ...info(d, a), beAlloc: a.cfg.be_alloc ? 1 : 0,
      connectors: a.cfg.connectors.map((c, j) => {
        const r = a.live.connectorRings?.[j]
        return {
          id: c.unique_id ?? '(null)', width: c.width ?? 0, height: c.height ?? 0,
          reqRref: booted && r ? r.req.rref : -1, reqEvtch: booted && r ? r.req.evtch : -1,
          evtRref: booted && r ? r.evt.rref : -1, evtEvtch: booted && r ? r.evt.evtch : -1,
        }
      }),
    }
  })
}

export function vsndInfos(d: Domain) {
  return devicesOf(d, false).vsnds.map(a => ({
    ...info(d, a), vsnd: a.cfg,
    streams: a.cfg.pcms.map((p, i) => p.streams.map((_, j) => {
      const r = a.live.streamRings?.[i]?.[j]
      return d.guest.booted && r ? {evtch: r.evtch, rref: r.rref} : {evtch: -1, rref: -1}
    })),
  }))
}

export function usbctrlInfos(d: Domain) {
  const s = devicesOf(d, false)
  return s.usbctrls.map(a => {
    const c = a.live.usbctrl ?? a.cfg
    return {
      devid: a.live.devid, type: c.type, backendId: a.live.backendDomid, state: frontendView(d, a.live).state,
      version: c.version ?? 0, ports: c.ports ?? 0,
      devices: Array.from({length: c.ports ?? 0}, (_, j) => {
        const u = s.usbdevs.find(x => x.cfg.ctrl === a.live.devid && x.cfg.port === j + 1)
        return u ? {bus: u.cfg.hostbus ?? 0, addr: u.cfg.hostaddr ?? 0} : null
      }),
    }
  })
}

/** The xentop counts: VBDS and NETS (tools/xentop reads them from the backends' xenstore directories). */
export function deviceCounts(d: Domain): {vbds: number; nets: number; vbdDevs: number[]} {
  const s = devicesOf(d, false)
  return {vbds: s.disks.length, nets: s.nics.length, vbdDevs: s.disks.map(a => a.live.devid)}
}

/** libxl_domain_qualifier_to_domid: a number is taken as it is, a name must exist. */
export function qualifierToDomid(host: Host, q: string): number | null {
  if (/^\d*$/.test(q)) return Number(BigInt.asUintN(32, BigInt(q === '' ? 0 : q)))
  for (const d of host.domains.values()) if (d.name === q) return d.domid
  return null
}

export type {Live}
