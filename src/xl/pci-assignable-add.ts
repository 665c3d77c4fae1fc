// main_pciassignable_add (tools/xl/xl_pci.c): a BDF (and -n NAME) bound
// to pciback and quarantined.
import {xlCommand} from './command.js'
import {XlError} from '../libxl/errors.js'
import {parsePciBdf} from '../libxlu/pci.js'
import {assignableAdd} from '../libxl/pci.js'
import {libxlCall} from './device-command.js'

export default xlCommand({
  name: 'pci-assignable-add',
  canDryrun: false,
  modifies: true,
  summary: 'Make a device assignable for pci-passthru',
  usage: '[options] <BDF>',
  options: '-n NAME, --name=NAME    Name the assignable device.\n-h                      Print this help.\n',
  getopt: {short: 'hn:', long: [{name: 'help', hasArg: false, val: 'h'}, {name: 'name', hasArg: true, val: 'n'}], helpName: 'pci-assignable-add', requiredArgs: 1},
  main(c) {
    const bdf = c.args[0]!
    const name = c.opts.arg('n')
    c.host(h => {
      const r = parsePciBdf(bdf)
      if (r.rc) throw new XlError(`pci-assignable-add: malformed BDF "${bdf}"`, 2)
      if (name !== undefined) r.pci.name = name
      c.warn2(libxlCall(() => assignableAdd(h, r.pci), null))
    })
  },
})
