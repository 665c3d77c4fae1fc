// main_usbdev_detach (tools/xl/xl_usb.c): by controller and port.
import {xlCommand} from './command.js'
import {XlError} from '../libxl/errors.js'
import {findDomain} from '../libxl/domain.js'
import {devicesOf} from '../libxl/devices.js'
import {atoi} from './cstr.js'

export default xlCommand({
  name: 'usbdev-detach',
  canDryrun: false,
  modifies: true,
  summary: 'Detach a USB device from a domain',
  usage: '<Domain> <controller> <port>',
  options: null,
  getopt: {short: 'h', long: [{name: 'help', hasArg: false, val: 'h'}], helpName: 'usbdev-detach', requiredArgs: 3},
  main(c) {
    const [dom, ctrlArg, portArg] = c.args as [string, string, string]
    c.host(h => {
      const d = findDomain(h, dom)
      const ctrl = atoi(ctrlArg)
      const port = atoi(portArg)
      if (c.args.length > 3) throw new XlError('Invalid arguments.', 1)
      const s = devicesOf(d)
      const i = s.usbdevs.findIndex(u => u.cfg.ctrl === ctrl && u.cfg.port === port)
      if (i < 0) throw new XlError(`Unknown device at controller ${ctrl} port ${port}.`, 1)
      s.usbdevs.splice(i, 1)
    })
  },
})
