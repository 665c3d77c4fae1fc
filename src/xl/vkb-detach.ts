// main_vkbdetach (tools/xl/xl_vkb.c): by devid (atoi); ERROR_FAIL (exit 253)
// when there is none.
import {xlCommand} from './command.js'
import {XlError} from '../libxl/errors.js'
import {findDomain} from '../libxl/domain.js'
import {devicesOf} from '../libxl/devices.js'
import {atoi} from './cstr.js'

export default xlCommand({
  name: 'vkb-detach',
  canDryrun: false,
  modifies: true,
  summary: 'Destroy a domain\'s virtual keyboard device',
  usage: '<Domain> <DevId>',
  options: null,
  getopt: {short: 'h', long: [{name: 'help', hasArg: false, val: 'h'}], helpName: 'vkb-detach', requiredArgs: 2},
  main(c) {
    const [dom, which] = c.args as [string, string]
    c.host(h => {
      const s = devicesOf(findDomain(h, dom))
      const devid = atoi(which) >>> 0
      const i = s.vkbs.findIndex(a => a.live.devid === devid)
      if (i < 0) throw new XlError(`Error: Device ${devid | 0} not connected.`, 253)
      s.vkbs.splice(i, 1)
    })
  },
})
