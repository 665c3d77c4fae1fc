// main_vtpmdetach (tools/xl/xl_vtpm.c): by uuid, or by devid (atoi) when the
// argument is not a uuid.
import {xlCommand} from './command.js'
import {XlError} from '../libxl/errors.js'
import {findDomain} from '../libxl/domain.js'
import {devicesOf} from '../libxl/devices.js'
import {atoi, uuidFromString} from './cstr.js'

export default xlCommand({
  name: 'vtpm-detach',
  canDryrun: false,
  modifies: true,
  summary: 'Destroy a domain\'s virtual TPM device',
  usage: '<Domain> <DevId|uuid>',
  options: null,
  getopt: {short: 'h', long: [{name: 'help', hasArg: false, val: 'h'}], helpName: 'vtpm-detach', requiredArgs: 2},
  main(c) {
    const [dom, which] = c.args as [string, string]
    c.host(h => {
      const s = devicesOf(findDomain(h, dom))
      const uuid = uuidFromString(which)
      const i = uuid === null ? s.vtpms.findIndex(a => a.live.devid === atoi(which)) : s.vtpms.findIndex(a => a.cfg.uuid === uuid)
      if (i < 0) throw new XlError(`Unknown device ${which}.`, 1)
      s.vtpms.splice(i, 1)
    })
  },
})
