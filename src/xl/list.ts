// main_list (tools/xl/xl_list.c): every domain, or the ones named, as a
// table; -l as the JSON/sxp domain configs.
import {xlCommand} from './command.js'
import {findDomain} from '../libxl/domain.js'
import {listRows} from './views.js'
import {domainConfigViews} from './config-view.js'
import {formatList, formatListLong} from './format/index.js'
import {domainsInOrder} from '../hypervisor/host.js'

export default xlCommand({
  name: 'list',
  canDryrun: false,
  modifies: false,
  summary: 'List information about all/some domains',
  usage: '[options] [Domain]\n',
  options: '-l, --long              Output all VM details\n-v, --verbose           Prints out UUIDs and security context\n-Z, --context           Prints out security context\n-c, --cpupool           Prints the cpupool the domain is in\n-n, --numa              Prints out NUMA node affinity',
  getopt: {short: 'hlvhZcn', long: [{name: 'help', hasArg: false, val: 'h'}, {name: 'long', hasArg: false, val: 'l'}, {name: 'verbose', hasArg: false, val: 'v'}, {name: 'context', hasArg: false, val: 'Z'}, {name: 'cpupool', hasArg: false, val: 'c'}, {name: 'numa', hasArg: false, val: 'n'}], helpName: 'list', requiredArgs: 0},
  json: true,
  main(c) {
    const {rows, long} = c.readHost(h => {
      const domains = c.args.length ? c.args.map(a => findDomain(h, a)) : domainsInOrder(h)
      return {rows: listRows(h, domains), long: c.opts.has('l') ? domainConfigViews(h, domains) : null}
    })
    if (c.json) return c.printJson(rows.map(r => ({...r, cpuTimeNs: Number(r.cpuTimeNs)})))
    c.out(long ? formatListLong(long) : formatList(rows, {verbose: c.opts.has('v'), context: c.opts.has('Z'), cpupool: c.opts.has('c'), numa: c.opts.has('n')}))
  },
})
