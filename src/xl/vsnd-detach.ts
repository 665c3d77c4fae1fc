// main_vsnddetach (tools/xl/xl_vsnd.c): by devid (atoi); ERROR_FAIL (exit
// 253) when there is none.
import {xlCommand} from './command.js'
import {XlError} from '../libxl/errors.js'
import {findDomain} from '../libxl/domain.js'
import {atoi} from './cstr.js'
import {devicesOf} from '../libxl/devices.js'

export default xlCommand({
  name: 'vsnd-detach',
  canDryrun: false,
  modifies: true,
  summary: 'Destroy a domain\'s virtual sound device',
  usage: '<Domain> <DevId>',
  options: null,
  getopt: {short: 'h', long: [{name: 'help', hasArg: false, val: 'h'}], helpName: 'vsnd-detach', requiredArgs: 2},
  main(c) {
    const [dom, which] = c.args as [string, string]
    c.host(h => {
      const s = devicesOf(findDomain(h, dom))
      const devid = atoi(which) >>> 0
      const i = s.vsnds.findIndex(a => a.live.devid === devid)
      if (i < 0) throw new XlError(`Error: Device ${devid | 0} not connected.`, 253)
      s.vsnds.splice(i, 1)
    })
  },
})
