// parse_usbctrl_config and parse_usbdev_config (tools/xl/xl_parse.c), for
// xl.cfg's `usbctrl=`/`usbdev=` and the usb*-attach commands.
import type {DeviceUsbctrl, DeviceUsbdev} from '../libxl/device-types.js'
import {atoi, enumFromString, matchOption, strtoulBase, truncU} from './cstr.js'
import type {SpecOutcome} from './parse-nic.js'

const USBCTRL_TYPES = ['auto', 'pv', 'devicemodel', 'qusb'] as const

export function parseUsbctrlToken(c: DeviceUsbctrl, token: string): SpecOutcome {
  let v: string | null
  if ((v = matchOption('type', token)) !== null) {
    const t = enumFromString(USBCTRL_TYPES, v)
    if (t === null) return {lines: [`Invalid usb controller type '${v}'`], exit: 1}
    c.type = t
  } else if ((v = matchOption('version', token)) !== null) c.version = atoi(v)
  else if ((v = matchOption('ports', token)) !== null) c.ports = atoi(v)
  else return {lines: [`Unknown string \`${token}' in usbctrl spec`], exit: 1}
  return {lines: [], exit: null}
}

export function parseUsbdevToken(d: DeviceUsbdev, token: string): SpecOutcome {
  let v: string | null
  if ((v = matchOption('type', token)) !== null) {
    // xl prints the global optarg here, not the value: NULL outside getopt's
    // arguments, which glibc's printf shows as "(null)".
    if (enumFromString(['hostdev'] as const, v) === null) return {lines: ['Invalid usb device type: (null)'], exit: 1}
  } else if ((v = matchOption('hostbus', token)) !== null) d.hostbus = truncU(strtoulBase(v, 0).value, 8)
  else if ((v = matchOption('hostaddr', token)) !== null) d.hostaddr = truncU(strtoulBase(v, 0).value, 8)
  else if ((v = matchOption('controller', token)) !== null) d.ctrl = atoi(v)
  else if ((v = matchOption('port', token)) !== null) d.port = atoi(v)
  else return {lines: [`Unknown string \`${token}' in usbdev spec`], exit: 1}
  return {lines: [], exit: null}
}
