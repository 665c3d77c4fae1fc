// main_pcilist (tools/xl/xl_pci.c): nothing at all for a domain without
// passthrough devices (libxl_device_pci_list returns NULL).
import {xlCommand} from './command.js'
import {findDomain} from '../libxl/domain.js'
import {pciList} from '../libxl/pci.js'
import {pciListText} from './format/device-lists.js'

export default xlCommand({
  name: 'pci-list',
  canDryrun: false,
  modifies: false,
  summary: 'List pass-through pci devices for a domain',
  usage: '<Domain>',
  options: null,
  getopt: {short: 'h', long: [{name: 'help', hasArg: false, val: 'h'}], helpName: 'pci-list', requiredArgs: 1},
  main(c) {
    const rows = c.readHost(h => pciList(findDomain(h, c.args[0]!)))
    if (rows.length) c.out(pciListText(rows))
  },
})
