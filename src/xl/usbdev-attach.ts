// main_usbdev_attach (tools/xl/xl_usb.c): parse_usbdev_config over the
// arguments, then libxl_device_usbdev_add, which finds no such device: the
// simulated host has no USB devices in sysfs.
import {xlCommand} from './command.js'
import {XlError} from '../libxl/errors.js'
import {findDomain} from '../libxl/domain.js'
import {devicesOf} from '../libxl/devices.js'
import {aoFailed} from '../libxl/devices-add.js'
import {libxlLine} from '../libxl/log.js'
import type {DeviceUsbdev} from '../libxl/device-types.js'
import {parseUsbdevToken} from './parse-usb.js'

export default xlCommand({
  name: 'usbdev-attach',
  canDryrun: false,
  modifies: true,
  summary: 'Attach a USB device to a domain',
  usage: '<Domain> hostbus=<busnum> hostaddr=<devnum> [controller=<DevId> [port=<port>]]',
  options: null,
  getopt: {short: 'h', long: [{name: 'help', hasArg: false, val: 'h'}], helpName: 'usbdev-attach', requiredArgs: 2},
  main(c) {
    const [dom, ...tokens] = c.args
    c.host(h => {
      const d = findDomain(h, dom!)
      const dev: DeviceUsbdev = {ctrl: -1, type: 'hostdev'}
      for (const t of tokens) {
        const r = parseUsbdevToken(dev, t)
        if (r.exit !== null) throw new XlError(r.lines, 1)
      }
      // libxl__device_usbdev_add: a named controller must exist, then the device must be assignable
      const lines = dev.ctrl !== -1 && !devicesOf(d).usbctrls.some(a => a.live.devid === dev.ctrl)
        ? [] : [libxlLine('error', 'libxl_usb.c:1732:libxl__device_usbdev_add', d.domid, 'USB device is not assignable.')]
      throw new XlError([...lines, aoFailed('add'), 'libxl_device_usbdev_add failed.'], 1)
    })
  },
})
