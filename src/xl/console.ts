// main_console (tools/xl/xl_console.c): xlsim prints the guest console
// (hvc0) collected so far and returns.
import {xlCommand} from './command.js'
import {findDomain} from '../libxl/domain.js'

export default xlCommand({
  name: 'console',
  canDryrun: false,
  modifies: false,
  summary: 'Attach to domain\'s console',
  usage: '[options] <Domain>\n-t <type>       console type, pv , serial or vuart\n-n <number>     console number',
  options: null,
  getopt: {short: 'hn:t:', long: [{name: 'help', hasArg: false, val: 'h'}], helpName: 'console', requiredArgs: 1},
  main(c) {
    c.out(c.readHost(h => findDomain(h, c.args[0]).guest.console))
  },
})
