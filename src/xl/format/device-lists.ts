// The device listings of tools/xl (Xen 4.17), printf for printf: headers and
// rows of block-list (xl_block.c), network-list (xl_nic.c), vtpm-list
// (xl_vtpm.c), vkb-list (xl_vkb.c), channel-list (xl_console.c),
// vdispl-list (xl_vdispl.c), usb-list (xl_usb.c) and pci-list /
// pci-assignable-list (xl_pci.c).
import {sprintf} from './printf.js'
import type {DeviceVsnd, VsndParams} from '../../libxl/device-types.js'

export interface DeviceInfoRow {
  devid: number
  backendId: number
  frontendId: number
  state: number
  evtch: number
  rref: number
  backend: string
  frontend: string
}

/** main_blocklist's header. */
export const BLOCK_HEADER = sprintf('%-5s %-3s %-6s %-5s %-6s %-8s %-30s\n', 'Vdev', 'BE', 'handle', 'state', 'evt-ch', 'ring-ref', 'BE-path')

/** One disk (the `handle` column is the frontend domid, as xl prints it). */
export function blockRow(r: DeviceInfoRow): string {
  return sprintf('%-5d %-3d %-6d %-5d %-6d %-8d %-30s\n', r.devid, r.backendId, r.frontendId, r.state, r.evtch, r.rref, r.backend)
}

export const NETWORK_HEADER = sprintf('%-3s %-2s %-17s %-6s %-5s %-6s %5s/%-5s %-30s\n',
  'Idx', 'BE', 'Mac Addr.', 'handle', 'state', 'evt-ch', 'tx-', 'rx-ring-ref', 'BE-path')

export function networkRow(r: DeviceInfoRow & {mac: string; rrefRx: number}): string {
  return sprintf('%-3d %-2d ', r.devid, r.backendId) + r.mac +
    sprintf('%6d %5d %6d %5d/%-11d %-30s\n', r.devid, r.state, r.evtch, r.rref, r.rrefRx, r.backend)
}

export const VTPM_HEADER = sprintf('%-3s %-2s %-36s %-6s %-5s %-6s %-5s %-10s\n',
  'Idx', 'BE', 'Uuid', 'handle', 'state', 'evt-ch', 'ring-ref', 'BE-path')

export function vtpmRow(r: DeviceInfoRow & {uuid: string}): string {
  return sprintf('%-3d %-2d ', r.devid, r.backendId) + r.uuid +
    sprintf(' %6d %5d %6d %8d %-30s\n', r.devid, r.state, r.evtch, r.rref, r.backend)
}

export const VKB_HEADER = sprintf('%-3s %-2s %-6s %-5s %-6s %6s %-10s %-10s %-30s\n',
  'Idx', 'BE', 'handle', 'state', 'evt-ch', 'ref', 'ID', 'BE-type', 'BE-path')

/** unique_id NULL prints as glibc's "(null)"; backend_type through libxl_vkb_backend_to_string. */
export function vkbRow(r: DeviceInfoRow & {uniqueId: string | undefined; backendType: string}): string {
  return sprintf('%-3d %-2d %6d %5d %6d %6d %-10s %-10s %-30s\n', r.devid, r.backendId, r.devid, r.state, r.evtch, r.rref,
    r.uniqueId ?? '(null)', r.backendType, r.backend)
}

export const CHANNEL_HEADER = sprintf('%-3s %-2s %-5s %-6s %8s %-10s %-30s\n', 'Idx', 'BE', 'state', 'evt-ch', 'ring-ref', 'connection', '')

export function channelRow(r: DeviceInfoRow & {connection: string; pty?: string}): string {
  return sprintf('%-3d %-2d ', r.devid, r.backendId) + sprintf('%-5d ', r.state) + sprintf('%-6d %-8d ', r.evtch, r.rref) +
    sprintf('%-10s ', r.connection) + (r.connection === 'pty' ? sprintf('%-30s ', r.pty ?? '') : '') + '\n'
}

export interface VdisplConnectorRow {
  id: string
  width: number
  height: number
  reqRref: number
  reqEvtch: number
  evtRref: number
  evtEvtch: number
}

export function vdisplBlock(r: DeviceInfoRow & {beAlloc: number; connectors: VdisplConnectorRow[]}): string {
  let out = `DevId: ${r.devid}, BE: ${r.backendId}, handle: ${r.frontendId}, state: ${r.state}, be-alloc: ${r.beAlloc}, BE-path: ${r.backend}, FE-path: ${r.frontend}\n`
  r.connectors.forEach((c, j) => {
    out += `\tConnector: ${j}, id: ${c.id}, width: ${c.width}, height: ${c.height}, req-rref: ${c.reqRref}, req-evtch: ${c.reqEvtch}, evt-rref: ${c.evtRref}, evt-evtch: ${c.evtEvtch}\n`
  })
  return out
}

export interface UsbctrlRow {
  devid: number
  type: string
  backendId: number
  state: number
  version: number
  ports: number
  /** Port i+1's device (bus, address), or null. */
  devices: ({bus: number; addr: number} | null)[]
}

/** main_usblist: the header again before each controller. */
export function usbctrlBlock(r: UsbctrlRow): string {
  let out = sprintf('%-6s %-12s %-3s %-5s %-7s %-5s\n', 'Devid', 'Type', 'BE', 'state', 'usb-ver', 'ports')
  out += sprintf('%-6d %-12s %-3d %-5d %-7d %-5d\n', r.devid, r.type, r.backendId, r.state, r.version, r.ports)
  for (let j = 1; j <= r.ports; j++) {
    const dev = r.devices[j - 1]
    out += `  Port ${j}:` + (dev ? sprintf(' Bus %03x Device %03x\n', dev.bus, dev.addr) : '\n')
  }
  return out
}

/** pcilist: header, then vslot.vfunc and the host BDF. */
export function pciListText(rows: readonly {vdevfn: number; bdf: string}[]): string {
  let out = 'Vdev Device\n'
  for (const r of rows) out += sprintf('%02x.%01x ', (r.vdevfn >> 3) & 0x1f, r.vdevfn & 7) + r.bdf + '\n'
  return out
}

/** pciassignable_list: "BDF name" (the name only with -n; the space always). */
export function pciAssignableText(rows: readonly {bdf: string; name?: string}[], showNames: boolean): string {
  return rows.map(r => `${r.bdf} ${showNames ? r.name ?? '' : ''}\n`).join('')
}

/** print_params (xl_vsnd.c): the formats go under the sample-rates label, as xl prints them. */
function vsndParamsText(p: VsndParams): string {
  let out = ''
  if (p.channels_min) out += `, channels-min: ${p.channels_min}`
  if (p.channels_max) out += `, channels-max: ${p.channels_max}`
  if (p.buffer_size) out += `, buffer-size: ${p.buffer_size}`
  if (p.sample_rates.length) out += `, sample-rates: ${p.sample_rates.join(';')}`
  if (p.sample_formats.length) out += `, sample-rates: ${p.sample_formats.join(';')}`
  return out + '\n'
}

/** main_vsndlist (xl_vsnd.c): a blank line, the card, its params, then each pcm and stream. */
export function vsndBlock(r: DeviceInfoRow & {vsnd: DeviceVsnd; streams: {evtch: number; rref: number}[][]}): string {
  const v = r.vsnd
  let out = `\ndevid: ${r.devid}, be-domid: ${r.backendId}, handle: ${r.frontendId}, state: ${r.state}, be-path: ${r.backend}, fe-path: ${r.frontend}\n`
  out += `short-name: "${v.short_name ?? '(null)'}", long-name: "${v.long_name ?? '(null)'}"` + vsndParamsText(v.params)
  v.pcms.forEach((p, j) => {
    out += `\tpcm: ${j}, name: "${p.name ?? '(null)'}"` + vsndParamsText(p.params)
    p.streams.forEach((st, k) => {
      out += `\t\tstream: ${k}, unique-id: "${st.unique_id ?? '(null)'}", type: ${st.type ?? '(null)'}` + vsndParamsText(st.params)
      const ring = r.streams[j]?.[k] ?? {evtch: -1, rref: -1}
      out += `\t\t\tevent-channel: ${ring.evtch}, ring-ref: ${ring.rref}\n`
    })
  })
  return out
}
