import {arg, defineCommand, flag} from '../cli/command-def.js'
import {formatInfo} from '../xl/format/index.js'
import {infoFields} from '../xl/lifecycle-view.js'

export default defineCommand({
  summary: 'Get information about Xen host',
  json: true,
  args: {name: arg({description: 'Print only the value of this field'})},
  flags: {numa: flag.boolean({char: 'n', description: 'List host NUMA topology information'})},
  run({args, flags, json, readHost: host, out}) {
    const fields = host(h => infoFields(h))
    // xl filters by the extra argument only without -n.
    const only = flags.numa ? undefined : args.name
    if (json) {
      const all: Record<string, unknown> = {...fields, virt_start: `0x${fields.virt_start.toString(16)}`}
      if (!flags.numa) {
        delete all.cpu_topology
        delete all.pci_topology
        delete all.numa_nodes
      }
      return only === undefined ? all : Object.fromEntries(Object.entries(all).filter(([k]) => k.startsWith(only)))
    }
    out(formatInfo(fields, {numa: flags.numa, only}))
    return undefined
  },
})
