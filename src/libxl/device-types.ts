// The device structs of libxl_domain_config (tools/libs/light/libxl_types.idl,
// Xen 4.17), with the IDL's field names, as xl's parsers fill them in and
// libxl's *_setdefault completes them. Every field is optional: absent means
// the IDL init value, which libxl's JSON leaves out (gentypes.py
// get_default_expr). Enumerations keep libxl's lower-case names.

export type DiskFormat = 'qcow' | 'qcow2' | 'vhd' | 'raw' | 'empty' | 'qed'
export type DiskBackend = 'phy' | 'tap' | 'qdisk' | 'standalone'
export type DiskSpecification = 'xen' | 'virtio'

/** libxl_device_disk */
export interface DeviceDisk {
  backend_domid?: number
  backend_domname?: string
  pdev_path?: string
  vdev?: string
  backend?: DiskBackend
  format?: DiskFormat
  script?: string
  removable?: number
  readwrite?: number
  is_cdrom?: number
  direct_io_safe?: boolean
  discard_enable?: boolean
  specification?: DiskSpecification
  colo_enable?: boolean
  colo_restore_enable?: boolean
  colo_host?: string
  colo_port?: number
  colo_export?: string
  active_disk?: string
  hidden_disk?: string
  trusted?: boolean
}

/** libxl_device_nic (the COLO strings are kept by name, in IDL order, in `colo`). */
export interface DeviceNic {
  backend_domid?: number
  backend_domname?: string
  devid: number
  mtu?: number
  model?: string
  /** "xx:xx:xx:xx:xx:xx"; absent = all zero (libxl__mac_is_default). */
  mac?: string
  ip?: string
  bridge?: string
  ifname?: string
  script?: string
  nictype?: 'vif_ioemu' | 'vif'
  rate_bytes_per_interval?: number
  rate_interval_usecs?: number
  gatewaydev?: string
  coloft_forwarddev?: string
  colo?: Record<string, string>
  trusted?: boolean
}

/** libxl_device_pci */
export interface DevicePci {
  func: number
  dev: number
  bus: number
  domain: number
  vdevfn?: number
  vfunc_mask?: number
  msitranslate?: boolean
  power_mgmt?: boolean
  permissive?: boolean
  seize?: boolean
  /** init value "invalid" */
  rdm_policy?: 'strict' | 'relaxed'
  name?: string
}

/** libxl_device_vfb */
export interface DeviceVfb {
  backend_domid?: number
  backend_domname?: string
  devid: number
  vnc: {enable?: boolean; listen?: string; passwd?: string; display?: number; findunused?: boolean}
  sdl: {enable?: boolean; opengl?: boolean; display?: string; xauthority?: string}
  keymap?: string
}

/** libxl_device_vkb */
export interface DeviceVkb {
  backend_domid?: number
  backend_domname?: string
  devid: number
  backend_type?: 'qemu' | 'linux'
  unique_id?: string
  feature_disable_keyboard?: boolean
  feature_disable_pointer?: boolean
  feature_abs_pointer?: boolean
  feature_raw_pointer?: boolean
  feature_multi_touch?: boolean
  width?: number
  height?: number
  multi_touch_width?: number
  multi_touch_height?: number
  multi_touch_num_contacts?: number
}

/** libxl_device_vtpm */
export interface DeviceVtpm {
  backend_domid?: number
  backend_domname?: string
  devid: number
  /** absent = nil */
  uuid?: string
}

/** libxl_device_channel (u keyed by connection). */
export interface DeviceChannel {
  backend_domid?: number
  backend_domname?: string
  devid: number
  name?: string
  connection: 'unknown' | 'pty' | 'socket'
  path?: string
}

/** libxl_device_vdispl */
export interface DeviceVdispl {
  backend_domid?: number
  backend_domname?: string
  devid: number
  be_alloc?: boolean
  connectors: {unique_id?: string; width?: number; height?: number}[]
}

/** libxl_vsnd_params */
export interface VsndParams {
  sample_rates: number[]
  /** libxl_vsnd_pcm_format names, lower case (s16_le, ...). */
  sample_formats: string[]
  channels_min?: number
  channels_max?: number
  buffer_size?: number
}

/** libxl_device_vsnd with its pcms and their streams. */
export interface DeviceVsnd {
  backend_domid?: number
  backend_domname?: string
  devid: number
  short_name?: string
  long_name?: string
  params: VsndParams
  pcms: {name?: string; params: VsndParams; streams: {unique_id?: string; type?: 'p' | 'c'; params: VsndParams}[]}[]
}

export type UsbctrlType = 'auto' | 'pv' | 'devicemodel' | 'qusb'

/** libxl_device_usbctrl */
export interface DeviceUsbctrl {
  type: UsbctrlType
  devid: number
  version?: number
  ports?: number
  backend_domid?: number
  backend_domname?: string
}

/** libxl_device_usbdev (u keyed by type: hostdev, the only kind). */
export interface DeviceUsbdev {
  ctrl: number
  port?: number
  type: 'hostdev'
  hostbus?: number
  hostaddr?: number
}

/** What the simulated xenstore holds for one connected PV device's rings. */
export interface RingInfo {
  /** XenbusState of the backend (4 = Connected). */
  state: number
  evtch: number
  rref: number
  /** A second ring (a vif's rx ring). */
  rref2?: number
}

/** The devices of one domain, in libxl_domain_config's order. */
export interface DomainDevices {
  disks: DeviceDisk[]
  nics: DeviceNic[]
  pcidevs: DevicePci[]
  vfbs: DeviceVfb[]
  vkbs: DeviceVkb[]
  vtpms: DeviceVtpm[]
  vdispls: DeviceVdispl[]
  vsnds: DeviceVsnd[]
  channels: DeviceChannel[]
  usbctrls: DeviceUsbctrl[]
  usbdevs: DeviceUsbdev[]
}

export function noDevices(): DomainDevices {
  return {disks: [], nics: [], pcidevs: [], vfbs: [], vkbs: [], vtpms: [], vdispls: [], vsnds: [], channels: [], usbctrls: [], usbdevs: []}
}
