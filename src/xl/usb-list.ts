// main_usblist (tools/xl/xl_usb.c): one domain; per controller the header,
// its row and its ports.
import {xlCommand} from './command.js'
import {XlError} from '../libxl/errors.js'
import {findDomain} from '../libxl/domain.js'
import {usbctrlInfos} from '../libxl/device-info.js'
import {usbctrlBlock} from './format/device-lists.js'

export default xlCommand({
  name: 'usb-list',
  canDryrun: false,
  modifies: false,
  summary: 'List information about all USB controllers and devices for a domain',
  usage: '<Domain>',
  options: null,
  getopt: {short: 'h', long: [{name: 'help', hasArg: false, val: 'h'}], helpName: 'usb-list', requiredArgs: 1},
  main(c) {
    const text = c.readHost(h => {
      const d = findDomain(h, c.args[0]!)
      if (c.args.length > 1) throw new XlError('Invalid arguments.', 255)
      return usbctrlInfos(d).map(usbctrlBlock).join('')
    })
    c.out(text)
  },
})
