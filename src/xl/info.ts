// main_info (tools/xl/xl_info.c): the host's fields; an extra argument
// (without -n) prints only the fields it prefixes.
import {xlCommand} from './command.js'
import {formatInfo} from './format/index.js'
import {infoFields} from './lifecycle-view.js'
import {libxlLine} from '../libxl/log.js'

// libxl_get_pci_topology's LOGE (tools/libs/light/libxl.c:482: the message,
// then strerror of ENOSYS) and output_topologyinfo's own line (xl_info.c:304).
const PCI_TOPOLOGY_FAILED = [
  libxlLine('error', 'libxl.c:482:libxl_get_pci_topology', null, 'PCI topology info hypercall failed: Function not implemented'),
  'libxl_get_pci_topology failed.',
]

export default xlCommand({
  name: 'info',
  canDryrun: false,
  modifies: false,
  summary: 'Get information about Xen host',
  usage: '-n, --numa         List host NUMA topology information',
  options: null,
  getopt: {short: 'hn', long: [{name: 'help', hasArg: false, val: 'h'}, {name: 'numa', hasArg: false, val: 'n'}], helpName: 'info', requiredArgs: 0},
  json: true,
  main(c) {
    const numa = c.opts.has('n')
    const fields = c.readHost(h => infoFields(h))
    const only = numa ? undefined : c.args[0]
    if (c.json) {
      const all: Record<string, unknown> = {...fields, virt_start: `0x${fields.virt_start.toString(16)}`}
      if (!numa) {
        delete all.cpu_topology
        delete all.pci_topology
        delete all.numa_nodes
      }
      return c.printJson(only === undefined ? all : Object.fromEntries(Object.entries(all).filter(([k]) => k.startsWith(only))))
    }
    if (numa && fields.pci_topology === null) c.warn2(PCI_TOPOLOGY_FAILED)
    c.out(formatInfo(fields, {numa, only}))
  },
})
