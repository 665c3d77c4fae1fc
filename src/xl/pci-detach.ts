// main_pcidetach (tools/xl/xl_pci.c): a PCI_SPEC_STRING; -f forces
// (libxl_device_pci_destroy), the same here.
import {xlCommand} from './command.js'
import {XlError} from '../libxl/errors.js'
import {findDomain} from '../libxl/domain.js'
import {parsePciSpec} from '../libxlu/pci.js'
import {pciRemove} from '../libxl/pci.js'
import {libxlCall} from './device-command.js'

export default xlCommand({
  name: 'pci-detach',
  canDryrun: false,
  modifies: true,
  summary: 'Remove a domain\'s pass-through pci device',
  usage: '<Domain> <PCI_SPEC_STRING>',
  options: null,
  getopt: {short: 'hf', long: [{name: 'help', hasArg: false, val: 'h'}], helpName: 'pci-detach', requiredArgs: 2},
  main(c) {
    const [dom, spec] = c.args as [string, string]
    c.host(h => {
      const d = findDomain(h, dom)
      const r = parsePciSpec(spec)
      if (r.rc) throw new XlError(`${r.report}pci-detach: malformed PCI_SPEC_STRING "${spec}"`, 2)
      libxlCall(() => pciRemove(h, d, r.pci), null)
    })
  },
})
