import {arg, defineCommand} from '../cli/command-def.js'
import {findDomain, pause} from '../libxl/domain.js'

export default defineCommand({
  summary: 'Pause execution of a domain',
  args: {domain: arg({required: true, description: 'Domain'})},
  run({args, host, warn2}) {
    // xl ignores libxl's return code here: errors are printed, exit status stays 0.
    warn2(host(h => pause(h, findDomain(h, args.domain))))
  },
})
