// main_pciassignable_list (tools/xl/xl_pci.c): the functions bound to
// pciback and free; -n adds their names.
import {xlCommand} from './command.js'
import {assignableList} from '../libxl/pci.js'
import {pciAssignableText} from './format/device-lists.js'

export default xlCommand({
  name: 'pci-assignable-list',
  canDryrun: false,
  modifies: false,
  summary: 'List all the assignable pci devices',
  usage: '[options]',
  options: '-h                      Print this help.\n-n, --show-names        Display assignable device names where\n                        supplied.\n',
  getopt: {short: 'hn', long: [{name: 'help', hasArg: false, val: 'h'}, {name: 'show-names', hasArg: false, val: 'n'}], helpName: 'pci-assignable-list', requiredArgs: 0},
  main(c) {
    const r = c.readHost(h => assignableList(h))
    c.warn2(r.lines)
    c.out(pciAssignableText(r.list, c.opts.has('n')))
  },
})
