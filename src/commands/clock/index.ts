import {defineCommand} from '../../cli/command-def.js'
import {formatDuration} from '../../xl/duration.js'
import {jsonNs, nowNs} from '../../hypervisor/time.js'

export default defineCommand({
  summary: "Show the host's simulated time",
  json: true,
  run({json, host, out}) {
    const r = host(h => ({nowNs: jsonNs(nowNs(h)), mode: h.config.clock, uptime: formatDuration(nowNs(h))}))
    if (json) return r
    out(`now     : ${r.nowNs} ns\nmode    : ${r.mode}\nuptime  : ${r.uptime}\n`)
    return undefined
  },
})
