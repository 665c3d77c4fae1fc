// main_sysrq (tools/xl/xl_misc.c): one character, written to the guest's
// control/sysrq node (libxl_send_sysrq); anything longer is refused with
// help and exit 1.
import {xlCommand} from './command.js'
import {findDomain} from '../libxl/domain.js'
import {libxlSendSysrq} from '../libxl/trigger.js'

export default xlCommand({
  name: 'sysrq',
  canDryrun: false,
  modifies: true,
  summary: 'Send a sysrq to a domain',
  usage: '<Domain> <letter>',
  options: null,
  getopt: {short: 'h', long: [{name: 'help', hasArg: false, val: 'h'}], helpName: 'sysrq', requiredArgs: 2},
  main(c) {
    const [dom, key] = c.args as [string, string]
    const ok = c.host(h => {
      const d = findDomain(h, dom)
      // C compares sysrq[1] with NUL: an empty string passes and sends NUL.
      if (key.length > 1) return false
      libxlSendSysrq(h, d, key)
      return true
    })
    if (!ok) {
      c.warn2(['Invalid sysrq.', ''])
      c.help()
      return 1
    }
  },
})
