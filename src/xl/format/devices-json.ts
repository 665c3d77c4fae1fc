// The device arrays of libxl_domain_config as libxl's generated JSON writes
// them (gentypes.py from libxl_types.idl, Xen 4.17): fields in IDL order,
// each left out at its init value (0, NULL, false, <default>, devid -1, a
// nil uuid, an all-zero mac), structs and keyed unions always present, and
// an empty array left out.
import {JsonMap, type JsonValue} from './json.js'
import type {
  DeviceChannel, DeviceDisk, DeviceNic, DevicePci, DeviceUsbctrl, DeviceUsbdev, DeviceVdispl, DeviceVfb, DeviceVkb,
  DeviceVsnd, DeviceVtpm, DomainDevices, VsndParams,
} from '../../libxl/device-types.js'

type Val = string | number | boolean | undefined

/** Sets each present, non-default field: strings (even ""), non-zero numbers, true bools, defbools as "True"/"False". */
function fields(m: JsonMap, entries: [string, Val, ('defbool' | 'devid')?][]): JsonMap {
  for (const [k, v, kind] of entries) {
    if (v === undefined) continue
    const init = kind === 'devid' ? v === -1 : kind !== 'defbool' && (v === 0 || v === false)
    if (init) continue
    m.set(k, kind === 'defbool' ? (v ? 'True' : 'False') : v)
  }
  return m
}

function disk(d: DeviceDisk): JsonMap {
  return fields(new JsonMap(), [
    ['backend_domid', d.backend_domid], ['backend_domname', d.backend_domname], ['pdev_path', d.pdev_path],
    ['vdev', d.vdev], ['backend', d.backend], ['format', d.format], ['script', d.script], ['removable', d.removable],
    ['readwrite', d.readwrite], ['is_cdrom', d.is_cdrom], ['direct_io_safe', d.direct_io_safe],
    ['discard_enable', d.discard_enable, 'defbool'], ['specification', d.specification],
    ['colo_enable', d.colo_enable, 'defbool'], ['colo_restore_enable', d.colo_restore_enable, 'defbool'],
    ['colo_host', d.colo_host], ['colo_port', d.colo_port], ['colo_export', d.colo_export],
    ['active_disk', d.active_disk], ['hidden_disk', d.hidden_disk], ['trusted', d.trusted, 'defbool'],
  ])
}

/** The COLO strings of libxl_device_nic, in IDL order. */
const NIC_COLO = [
  'colo_sock_mirror_id', 'colo_sock_mirror_ip', 'colo_sock_mirror_port',
  'colo_sock_compare_pri_in_id', 'colo_sock_compare_pri_in_ip', 'colo_sock_compare_pri_in_port',
  'colo_sock_compare_sec_in_id', 'colo_sock_compare_sec_in_ip', 'colo_sock_compare_sec_in_port',
  'colo_sock_compare_notify_id', 'colo_sock_compare_notify_ip', 'colo_sock_compare_notify_port',
  'colo_sock_redirector0_id', 'colo_sock_redirector0_ip', 'colo_sock_redirector0_port',
  'colo_sock_redirector1_id', 'colo_sock_redirector1_ip', 'colo_sock_redirector1_port',
  'colo_sock_redirector2_id', 'colo_sock_redirector2_ip', 'colo_sock_redirector2_port',
  'colo_filter_mirror_queue', 'colo_filter_mirror_outdev',
  'colo_filter_redirector0_queue', 'colo_filter_redirector0_indev', 'colo_filter_redirector0_outdev',
  'colo_filter_redirector1_queue', 'colo_filter_redirector1_indev', 'colo_filter_redirector1_outdev',
  'colo_compare_pri_in', 'colo_compare_sec_in', 'colo_compare_out', 'colo_compare_notify_dev',
  'colo_sock_sec_redirector0_id', 'colo_sock_sec_redirector0_ip', 'colo_sock_sec_redirector0_port',
  'colo_sock_sec_redirector1_id', 'colo_sock_sec_redirector1_ip', 'colo_sock_sec_redirector1_port',
  'colo_filter_sec_redirector0_queue', 'colo_filter_sec_redirector0_indev', 'colo_filter_sec_redirector0_outdev',
  'colo_filter_sec_redirector1_queue', 'colo_filter_sec_redirector1_indev', 'colo_filter_sec_redirector1_outdev',
  'colo_filter_sec_rewriter0_queue', 'colo_checkpoint_host', 'colo_checkpoint_port',
]

export function nicJson(n: DeviceNic): JsonMap {
  return fields(new JsonMap(), [
    ['backend_domid', n.backend_domid], ['backend_domname', n.backend_domname], ['devid', n.devid, 'devid'],
    ['mtu', n.mtu], ['model', n.model], ['mac', n.mac], ['ip', n.ip], ['bridge', n.bridge], ['ifname', n.ifname],
    ['script', n.script], ['nictype', n.nictype], ['rate_bytes_per_interval', n.rate_bytes_per_interval],
    ['rate_interval_usecs', n.rate_interval_usecs], ['gatewaydev', n.gatewaydev],
    ['coloft_forwarddev', n.coloft_forwarddev],
    ...NIC_COLO.map((k): [string, Val] => [k, n.colo?.[k]]),
    ['trusted', n.trusted, 'defbool'],
  ])
}

function pci(p: DevicePci): JsonMap {
  return fields(new JsonMap(), [
    ['func', p.func], ['dev', p.dev], ['bus', p.bus], ['domain', p.domain], ['vdevfn', p.vdevfn],
    ['vfunc_mask', p.vfunc_mask], ['msitranslate', p.msitranslate], ['power_mgmt', p.power_mgmt],
    ['permissive', p.permissive], ['seize', p.seize], ['rdm_policy', p.rdm_policy], ['name', p.name],
  ])
}

function vfb(v: DeviceVfb): JsonMap {
  const m = fields(new JsonMap(), [['backend_domid', v.backend_domid], ['backend_domname', v.backend_domname], ['devid', v.devid, 'devid']])
  m.set('vnc', fields(new JsonMap(), [['enable', v.vnc.enable, 'defbool'], ['listen', v.vnc.listen], ['passwd', v.vnc.passwd],
    ['display', v.vnc.display], ['findunused', v.vnc.findunused, 'defbool']]))
  m.set('sdl', fields(new JsonMap(), [['enable', v.sdl.enable, 'defbool'], ['opengl', v.sdl.opengl, 'defbool'],
    ['display', v.sdl.display], ['xauthority', v.sdl.xauthority]]))
  return fields(m, [['keymap', v.keymap]])
}

export function vkbJson(v: DeviceVkb): JsonMap {
  return fields(new JsonMap(), [
    ['backend_domid', v.backend_domid], ['backend_domname', v.backend_domname], ['devid', v.devid, 'devid'],
    ['backend_type', v.backend_type], ['unique_id', v.unique_id],
    ['feature_disable_keyboard', v.feature_disable_keyboard], ['feature_disable_pointer', v.feature_disable_pointer],
    ['feature_abs_pointer', v.feature_abs_pointer], ['feature_raw_pointer', v.feature_raw_pointer],
    ['feature_multi_touch', v.feature_multi_touch], ['width', v.width], ['height', v.height],
    ['multi_touch_width', v.multi_touch_width], ['multi_touch_height', v.multi_touch_height],
    ['multi_touch_num_contacts', v.multi_touch_num_contacts],
  ])
}

export function vtpmJson(v: DeviceVtpm): JsonMap {
  return fields(new JsonMap(), [['backend_domid', v.backend_domid], ['backend_domname', v.backend_domname],
    ['devid', v.devid, 'devid'], ['uuid', v.uuid]])
}

export function vdisplJson(v: DeviceVdispl): JsonMap {
  const m = fields(new JsonMap(), [['backend_domid', v.backend_domid], ['backend_domname', v.backend_domname],
    ['devid', v.devid, 'devid'], ['be_alloc', v.be_alloc]])
  if (v.connectors.length) {
    m.set('connectors', v.connectors.map(c => fields(new JsonMap(), [['unique_id', c.unique_id], ['width', c.width], ['height', c.height]])))
  }
  return m
}

function channel(c: DeviceChannel): JsonMap {
  const m = fields(new JsonMap(), [['backend_domid', c.backend_domid], ['backend_domname', c.backend_domname],
    ['devid', c.devid, 'devid'], ['name', c.name]])
  m.set(`connection.${c.connection}`, fields(new JsonMap(), c.connection === 'socket' ? [['path', c.path]] : []))
  return m
}

export function usbctrlJson(c: DeviceUsbctrl): JsonMap {
  return fields(new JsonMap(), [['type', c.type === 'auto' ? undefined : c.type], ['devid', c.devid, 'devid'],
    ['version', c.version], ['ports', c.ports], ['backend_domid', c.backend_domid], ['backend_domname', c.backend_domname]])
}

export function usbdevJson(d: DeviceUsbdev): JsonMap {
  const m = fields(new JsonMap(), [['ctrl', d.ctrl, 'devid'], ['port', d.port]])
  m.set('type.hostdev', fields(new JsonMap(), [['hostbus', d.hostbus], ['hostaddr', d.hostaddr]]))
  return m
}

function vsndParams(p: VsndParams): JsonMap {
  const m = new JsonMap()
  if (p.sample_rates.length) m.set('sample_rates', p.sample_rates)
  if (p.sample_formats.length) m.set('sample_formats', p.sample_formats)
  return fields(m, [['channels_min', p.channels_min], ['channels_max', p.channels_max], ['buffer_size', p.buffer_size]])
}

export function vsndJson(v: DeviceVsnd): JsonMap {
  const m = fields(new JsonMap(), [['backend_domid', v.backend_domid], ['backend_domname', v.backend_domname],
    ['devid', v.devid, 'devid'], ['short_name', v.short_name], ['long_name', v.long_name]])
  m.set('params', vsndParams(v.params))
  if (v.pcms.length) {
    m.set('pcms', v.pcms.map(p => {
      const pm = fields(new JsonMap(), [['name', p.name]]).set('params', vsndParams(p.params))
      if (p.streams.length) {
        pm.set('streams', p.streams.map(st => fields(new JsonMap(), [['unique_id', st.unique_id], ['type', st.type]]).set('params', vsndParams(st.params))))
      }
      return pm
    }))
  }
  return m
}

export function diskJson(d: DeviceDisk): JsonMap {
  return disk(d)
}

/** The non-empty device arrays, as [key, array] in libxl_domain_config's order. */
export function devicesJson(d: DomainDevices): [string, JsonValue][] {
  const out: [string, JsonValue][] = []
  const put = <T>(key: string, list: T[], fn: (x: T) => JsonMap): void => {
    if (list.length) out.push([key, list.map(fn)])
  }
  put('disks', d.disks, disk)
  put('nics', d.nics, nicJson)
  put('pcidevs', d.pcidevs, pci)
  put('vfbs', d.vfbs, vfb)
  put('vkbs', d.vkbs, vkbJson)
  put('vtpms', d.vtpms, vtpmJson)
  put('vdispls', d.vdispls, vdisplJson)
  put('vsnds', d.vsnds, vsndJson)
  put('channels', d.channels, channel)
  put('usbctrls', d.usbctrls, usbctrlJson)
  put('usbdevs', d.usbdevs, usbdevJson)
  return out
}
