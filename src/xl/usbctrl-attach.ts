// main_usbctrl_attach (tools/xl/xl_usb.c): parse_usbctrl_config over the
// arguments, then libxl_device_usbctrl_add.
import {xlCommand} from './command.js'
import {XlError} from '../libxl/errors.js'
import {findDomain} from '../libxl/domain.js'
import {addUsbctrl, aoFailed} from '../libxl/devices-add.js'
import {LibxlFailure} from '../libxl/devices.js'
import type {DeviceUsbctrl} from '../libxl/device-types.js'
import {parseUsbctrlToken} from './parse-usb.js'
import {libxlCall} from './device-command.js'

export default xlCommand({
  name: 'usbctrl-attach',
  canDryrun: false,
  modifies: true,
  summary: 'Create a virtual USB controller for a domain',
  usage: '<Domain> [type=pv] [version=<version>] [ports=<number>]',
  options: null,
  getopt: {short: 'h', long: [{name: 'help', hasArg: false, val: 'h'}], helpName: 'usbctrl-attach', requiredArgs: 1},
  main(c) {
    const [dom, ...tokens] = c.args
    c.host(h => {
      const d = findDomain(h, dom!)
      const ctrl: DeviceUsbctrl = {type: 'auto', devid: -1}
      for (const t of tokens) {
        const r = parseUsbctrlToken(ctrl, t)
        if (r.exit !== null) throw new XlError(r.lines, 1)
      }
      libxlCall(() => {
        try {
          addUsbctrl(h, d, ctrl)
        } catch (e) {
          if (e instanceof LibxlFailure) throw new LibxlFailure([...e.lines, aoFailed('add')], e.rc)
          throw e
        }
      }, 'libxl_device_usbctrl_add failed.')
    })
  },
})
