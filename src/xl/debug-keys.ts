// main_debug_keys (tools/xl/xl_misc.c): each key runs its handler in Xen,
// which writes into the console ring (read it with `xl dmesg`).
import {xlCommand} from './command.js'
import {debugKeys} from '../hypervisor/debug-keys.js'
import {DOM0} from '../hypervisor/domctl.js'

export default xlCommand({
  name: 'debug-keys',
  canDryrun: false,
  modifies: true,
  summary: 'Send debug keys to Xen',
  usage: '<Keys>',
  options: null,
  getopt: {short: 'h', long: [{name: 'help', hasArg: false, val: 'h'}], helpName: 'debug-keys', requiredArgs: 1},
  main(c) {
    c.host(h => debugKeys(h, DOM0, c.args[0]))
  },
})
