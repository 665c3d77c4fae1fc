import {Flags} from '@oclif/core'
import {XlCommand} from '../src/cli/base.js'
import {findDomain} from '../src/toolstack/domains.js'
import {listRows} from '../src/xl/views.js'
import {domainConfigViews} from '../src/xl/config-view.js'
import {formatList, formatListLong} from '../src/xl/format/index.js'
import {domainsInOrder} from '../src/hypervisor/host.js'

export default class List extends XlCommand {
  static override summary = 'List information about all/some domains'
  static override strict = false
  static override enableJsonFlag = true
  static override flags = {
    long: Flags.boolean({char: 'l', description: 'Output all VM details'}),
    verbose: Flags.boolean({char: 'v', description: 'Prints out UUIDs and security context'}),
    context: Flags.boolean({char: 'Z', description: 'Prints out security context'}),
    cpupool: Flags.boolean({char: 'c', description: 'Prints the cpupool the domain belongs to'}),
    numa: Flags.boolean({char: 'n', description: 'Prints out NUMA node affinity'}),
  }

  async run(): Promise<unknown> {
    const {flags, argv} = await this.parse(List)
    this.setState(flags.state)
    const {rows, long} = this.host(host => {
      const domains = argv.length ? (argv as string[]).map(a => findDomain(host, a)) : domainsInOrder(host)
      return {rows: listRows(host, domains), long: flags.long ? domainConfigViews(host, domains) : null}
    })
    if (this.jsonEnabled()) return rows.map(r => ({...r, cpuTimeNs: Number(r.cpuTimeNs)}))
    this.out(long ? formatListLong(long) : formatList(rows, {verbose: flags.verbose, context: flags.context, cpupool: flags.cpupool, numa: flags.numa}))
    return undefined
  }
}
