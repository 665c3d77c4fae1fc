import {defineCommand} from '../../cli/command-def.js'
import {describeHost, hostRecord} from '../../xl/host-view.js'

export default defineCommand({
  summary: 'Describe the simulated host',
  json: true,
  run({json, readHost, out}) {
    if (json) return readHost(h => hostRecord(h))
    out(readHost(h => describeHost(h)))
    return undefined
  },
})
