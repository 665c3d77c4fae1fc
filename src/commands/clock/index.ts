import {defineCommand} from '../../cli/command-def.js'
import {formatDuration} from '../../xl/duration.js'

export default defineCommand({
  summary: "Show the host's simulated time",
  json: true,
  run({json, host, out}) {
    const r = host(h => ({nowNs: h.now, mode: h.config.clock, uptime: formatDuration(h.now)}))
    if (json) return r
    out(`now     : ${r.nowNs} ns\nmode    : ${r.mode}\nuptime  : ${r.uptime}\n`)
    return undefined
  },
})
