import {defineCommand} from '../../cli/command-def.js'
import {describeHost, hostRecord} from '../../xl/host-view.js'

export default defineCommand({
  summary: 'Describe the simulated host',
  json: true,
  run({json, host, out}) {
    const h = host(h => h)
    if (json) return hostRecord(h)
    out(describeHost(h))
    return undefined
  },
})
