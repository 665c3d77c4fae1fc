// main_pause (tools/xl/xl_vmcontrol.c): xl ignores libxl's return code here,
// errors are printed and the exit status stays 0.
import {xlCommand} from './command.js'
import {findDomain, pause} from '../libxl/domain.js'

export default xlCommand({
  name: 'pause',
  canDryrun: false,
  modifies: true,
  summary: 'Pause execution of a domain',
  usage: '<Domain>',
  options: null,
  getopt: {short: 'h', long: [{name: 'help', hasArg: false, val: 'h'}], helpName: 'pause', requiredArgs: 1},
  main(c) {
    c.warn2(c.host(h => pause(h, findDomain(h, c.args[0]))))
  },
})
