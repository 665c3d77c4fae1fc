// main_unpause (tools/xl/xl_vmcontrol.c).
import {xlCommand} from './command.js'
import {findDomain, unpauseCommand} from '../libxl/domain.js'

export default xlCommand({
  name: 'unpause',
  canDryrun: false,
  modifies: true,
  summary: 'Unpause a paused domain',
  usage: '<Domain>',
  options: null,
  getopt: {short: 'h', long: [{name: 'help', hasArg: false, val: 'h'}], helpName: 'unpause', requiredArgs: 1},
  main(c) {
    c.warn2(c.host(h => unpauseCommand(h, findDomain(h, c.args[0]))))
  },
})
