import {defineCommand, flag} from '../cli/command-def.js'
import {findDomain} from '../libxl/domain.js'
import {uptimeRows} from '../xl/views.js'
import {formatUptime} from '../xl/format/index.js'
import {simulatedClock} from '../xl/lifecycle-view.js'
import {nowNs} from '../hypervisor/time.js'

export default defineCommand({
  summary: 'Print uptime for all/some domains',
  strict: false,
  json: true,
  flags: {short: flag.boolean({char: 's', description: 'Short output: clock, uptime, name and id'})},
  run({flags, argv, json, readHost: host, out}) {
    const {rows, clock} = host(h => {
      const domains = argv.length ? argv.map(a => findDomain(h, a)) : undefined
      return {rows: uptimeRows(h, domains), clock: simulatedClock(nowNs(h))}
    })
    if (json) return rows
    out(formatUptime(rows, {short: flags.short, clock}))
    return undefined
  },
})
