// main_pciattach (tools/xl/xl_pci.c): a PCI_SPEC_STRING, then
// libxl_device_pci_add against the host's assignable functions.
import {xlCommand} from './command.js'
import {XlError} from '../libxl/errors.js'
import {findDomain} from '../libxl/domain.js'
import {parsePciSpec} from '../libxlu/pci.js'
import {pciAdd} from '../libxl/pci.js'
import {libxlCall} from './device-command.js'

export default xlCommand({
  name: 'pci-attach',
  canDryrun: false,
  modifies: true,
  summary: 'Insert a new pass-through pci device',
  usage: '<Domain> <PCI_SPEC_STRING>',
  options: null,
  getopt: {short: 'h', long: [{name: 'help', hasArg: false, val: 'h'}], helpName: 'pci-attach', requiredArgs: 2},
  main(c) {
    const [dom, spec] = c.args as [string, string]
    c.host(h => {
      const d = findDomain(h, dom)
      const r = parsePciSpec(spec)
      if (r.rc) throw new XlError(`${r.report}pci-attach: malformed PCI_SPEC_STRING "${spec}"`, 2)
      libxlCall(() => pciAdd(h, d, r.pci, false), null)
    })
  },
})
