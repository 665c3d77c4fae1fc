import {arg, defineCommand} from '../cli/command-def.js'
import {findDomain, unpauseCommand} from '../libxl/domain.js'

export default defineCommand({
  summary: 'Unpause a paused domain',
  args: {domain: arg({required: true, description: 'Domain'})},
  run({args, host, warn2}) {
    warn2(host(h => unpauseCommand(h, findDomain(h, args.domain))))
  },
})
