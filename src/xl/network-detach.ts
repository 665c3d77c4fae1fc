// main_networkdetach (tools/xl/xl_nic.c): by devid (atoi), or by mac when
// the argument has a ':'.
import {xlCommand} from './command.js'
import {XlError} from '../libxl/errors.js'
import {findDomain} from '../libxl/domain.js'
import {devicesOf} from '../libxl/devices.js'
import {atoi, strtoulBase} from './cstr.js'

export default xlCommand({
  name: 'network-detach',
  canDryrun: false,
  modifies: true,
  summary: 'Destroy a domain\'s virtual network device',
  usage: '<Domain> <DevId|mac>',
  options: null,
  getopt: {short: 'h', long: [{name: 'help', hasArg: false, val: 'h'}], helpName: 'network-detach', requiredArgs: 2},
  main(c) {
    const [dom, which] = c.args as [string, string]
    c.host(h => {
      const s = devicesOf(findDomain(h, dom))
      let i: number
      if (!which.includes(':')) {
        const devid = atoi(which)
        i = s.nics.findIndex(a => a.live.devid === devid)
      } else {
        // libxl_mac_to_device_nic: six hex bytes, each then one separator
        const want: number[] = []
        let rest = which
        for (let k = 0; k < 6; k++) {
          const r = strtoulBase(rest, 16)
          want.push(Number(BigInt.asUintN(8, r.value)))
          rest = rest.slice(r.end + 1)
        }
        const mac = want.map(b => b.toString(16).padStart(2, '0')).join(':')
        i = s.nics.findIndex(a => a.cfg.mac === mac)
      }
      if (i < 0) throw new XlError(`Unknown device ${which}.`, 1)
      s.nics.splice(i, 1)
    })
  },
})
