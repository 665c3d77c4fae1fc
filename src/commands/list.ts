import {defineCommand, flag} from '../cli/command-def.js'
import {findDomain} from '../libxl/domain.js'
import {listRows} from '../xl/views.js'
import {domainConfigViews} from '../xl/config-view.js'
import {formatList, formatListLong} from '../xl/format/index.js'
import {domainsInOrder} from '../hypervisor/host.js'

export default defineCommand({
  summary: 'List information about all/some domains',
  strict: false,
  json: true,
  flags: {
    long: flag.boolean({char: 'l', description: 'Output all VM details'}),
    verbose: flag.boolean({char: 'v', description: 'Prints out UUIDs and security context'}),
    context: flag.boolean({char: 'Z', description: 'Prints out security context'}),
    cpupool: flag.boolean({char: 'c', description: 'Prints the cpupool the domain belongs to'}),
    numa: flag.boolean({char: 'n', description: 'Prints out NUMA node affinity'}),
  },
  run({flags, argv, json, readHost: host, out}) {
    const {rows, long} = host(h => {
      const domains = argv.length ? argv.map(a => findDomain(h, a)) : domainsInOrder(h)
      return {rows: listRows(h, domains), long: flags.long ? domainConfigViews(h, domains) : null}
    })
    if (json) return rows.map(r => ({...r, cpuTimeNs: Number(r.cpuTimeNs)}))
    out(long ? formatListLong(long) : formatList(rows, {verbose: flags.verbose, context: flags.context, cpupool: flags.cpupool, numa: flags.numa}))
    return undefined
  },
})
