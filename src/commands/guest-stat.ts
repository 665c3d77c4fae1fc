import {arg, defineCommand} from '../cli/command-def.js'
import {findDomain} from '../libxl/domain.js'
import {guestStat} from '../guest/procstat.js'
import {formatProcStat, formatTopSummary} from '../xl/guest-stat-view.js'

export default defineCommand({
  summary: "The guest's /proc/stat cpu lines and top-like %st per CPU",
  description: 'Percentages cover the time since the previous `xl guest-stat` of this domain (since boot the first time). Steal is what the guest accounted from its steal clock (runnable + offline time of its vCPU).',
  json: true,
  args: {domain: arg({required: true, description: 'Domain'})},
  run({args, json, host, out}) {
    const r = host(h => {
      const d = findDomain(h, args.domain)
      const stats = guestStat(h, d)
      return {d, stats}
    })
    if (json) {
      const g = r.d.guest
      return {domid: r.d.domid, name: r.d.name, stealEnabled: g.stealEnabled, tickStolenAccounting: g.tickStolenAccounting,
        runqueueStealEnabled: g.stealRqEnabled, cpus: r.stats}
    }
    out(formatProcStat(r.stats) + formatTopSummary(r.d, r.stats))
    return undefined
  },
})
