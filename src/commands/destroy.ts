import {arg, defineCommand, flag} from '../cli/command-def.js'
import {destroy, findDomain} from '../libxl/domain.js'

export default defineCommand({
  summary: 'Terminate a domain immediately',
  args: {domain: arg({required: true, description: 'Domain'})},
  flags: {force: flag.boolean({char: 'f', description: 'Allow domain 0 to be destroyed'})},
  run({args, flags, host}) {
    host(h => destroy(h, findDomain(h, args.domain), flags.force))
  },
})
