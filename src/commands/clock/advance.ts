import {arg, defineCommand} from '../../cli/command-def.js'
import {parseDurationNs} from '../../xl/duration.js'
import {advanceBy} from '../../libxl/clock.js'
import {XlError} from '../../libxl/errors.js'

export default defineCommand({
  summary: 'Run the host for a simulated duration (e.g. 250ms, 3s, 1h)',
  args: {duration: arg({required: true, description: 'Duration'})},
  run({args, host}) {
    const ns = parseDurationNs(args.duration)
    if (typeof ns !== 'bigint') throw new XlError(`xl: ${ns.error}`, 2)
    host(h => advanceBy(h, ns))
  },
})
