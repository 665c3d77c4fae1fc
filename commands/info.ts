import {Args, Flags} from '@oclif/core'
import {XlCommand} from '../src/cli/base.js'
import {formatInfo} from '../src/xl/format/index.js'
import {infoFields} from '../src/xl/lifecycle-view.js'

export default class Info extends XlCommand {
  static override summary = 'Get information about Xen host'
  static override enableJsonFlag = true
  static override args = {name: Args.string({description: 'Print only the value of this field'})}
  static override flags = {numa: Flags.boolean({char: 'n', description: 'List host NUMA topology information'})}

  async run(): Promise<unknown> {
    const {args, flags} = await this.parse(Info)
    this.setState(flags.state)
    const fields = this.host(host => infoFields(host))
    // xl filters by the extra argument only without -n.
    const only = flags.numa ? undefined : args.name
    if (this.jsonEnabled()) {
      const all: Record<string, unknown> = {...fields, virt_start: `0x${fields.virt_start.toString(16)}`}
      if (!flags.numa) {
        delete all.cpu_topology
        delete all.pci_topology
        delete all.numa_nodes
      }
      return only === undefined ? all : Object.fromEntries(Object.entries(all).filter(([k]) => k.startsWith(only)))
    }
    this.out(formatInfo(fields, {numa: flags.numa, only}))
    return undefined
  }
}
