// main_uptime (tools/xl/xl_misc.c): -s short output.
import {xlCommand} from './command.js'
import {findDomain} from '../libxl/domain.js'
import {uptimeRows} from './views.js'
import {formatUptime} from './format/index.js'
import {simulatedClock} from './lifecycle-view.js'
import {nowNs} from '../hypervisor/time.js'

export default xlCommand({
  name: 'uptime',
  canDryrun: false,
  modifies: false,
  summary: 'Print uptime for all/some domains',
  usage: '[-s] [Domain]',
  options: null,
  getopt: {short: 'hs', long: [{name: 'help', hasArg: false, val: 'h'}], helpName: 'uptime', requiredArgs: 0},
  json: true,
  main(c) {
    const {rows, clock} = c.readHost(h => {
      const domains = c.args.length ? c.args.map(a => findDomain(h, a)) : undefined
      return {rows: uptimeRows(h, domains), clock: simulatedClock(nowNs(h))}
    })
    if (c.json) return c.printJson(rows)
    c.out(formatUptime(rows, {short: c.opts.has('s'), clock}))
  },
})
