// main_usbctrl_detach (tools/xl/xl_usb.c): by devid (atoi).
import {xlCommand} from './command.js'
import {XlError} from '../libxl/errors.js'
import {findDomain} from '../libxl/domain.js'
import {devicesOf} from '../libxl/devices.js'
import {atoi} from './cstr.js'

export default xlCommand({
  name: 'usbctrl-detach',
  canDryrun: false,
  modifies: true,
  summary: 'Remove the virtual USB controller specified by <DevId> for a domain',
  usage: '<Domain> <DevId>',
  options: null,
  getopt: {short: 'h', long: [{name: 'help', hasArg: false, val: 'h'}], helpName: 'usbctrl-detach', requiredArgs: 2},
  main(c) {
    const [dom, which] = c.args as [string, string]
    c.host(h => {
      const s = devicesOf(findDomain(h, dom))
      const devid = atoi(which)
      const i = s.usbctrls.findIndex(a => a.live.devid === devid)
      if (i < 0) throw new XlError(`Unknown device ${which}.`, 1)
      // the controller's devices go with it (libxl_device_usbctrl_remove detaches them first)
      s.usbdevs = s.usbdevs.filter(u => u.cfg.ctrl !== devid)
      s.usbctrls.splice(i, 1)
    })
  },
})
