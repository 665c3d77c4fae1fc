// main_destroy (tools/xl/xl_vmcontrol.c): -f permits destroying domain 0.
import {xlCommand} from './command.js'
import {destroy, findDomain} from '../libxl/domain.js'

export default xlCommand({
  name: 'destroy',
  canDryrun: false,
  modifies: true,
  summary: 'Terminate a domain immediately',
  usage: '[options] <Domain>\n',
  options: '-f                      Permit destroying domain 0, which will only succeed\n                        when run from disaggregated toolstack domain with a\n                        hardware domain distinct from domain 0.',
  getopt: {short: 'hf', long: [{name: 'help', hasArg: false, val: 'h'}], helpName: 'destroy', requiredArgs: 1},
  main(c) {
    c.host(h => destroy(h, findDomain(h, c.args[0]), c.opts.has('f')))
  },
})
