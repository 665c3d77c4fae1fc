// main_vsnddetach (tools/xl/xl_vsnd.c): by devid (atoi); no domain here has
// a sound card, so ERROR_FAIL (exit 253).
import {xlCommand} from './command.js'
import {XlError} from '../libxl/errors.js'
import {findDomain} from '../libxl/domain.js'
import {atoi} from './cstr.js'

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
    c.readHost(h => findDomain(h, dom))
    throw new XlError(`Error: Device ${atoi(which)} not connected.`, 253)
  },
})
