// main_dmesg (tools/xl/xl_misc.c): read (and with -c clear) Xen's console ring.
import {xlCommand} from './command.js'
import {ringRead} from '../hypervisor/console.js'

export default xlCommand({
  name: 'dmesg',
  canDryrun: false,
  modifies: false,
  summary: 'Read and/or clear dmesg buffer',
  usage: '[-c]',
  options: '  -c                        Clear dmesg buffer as well as printing it',
  getopt: {short: 'hc', long: [{name: 'help', hasArg: false, val: 'h'}, {name: 'clear', hasArg: false, val: 'c'}], helpName: 'dmesg', requiredArgs: 0},
  main(c) {
    const clear = c.opts.has('c')
    c.out(clear ? c.host(h => ringRead(h.console, true)) : c.readHost(h => ringRead(h.console, false)))
  },
})
