import {arg, defineCommand, flag} from '../cli/command-def.js'
import {findDomain} from '../libxl/domain.js'

export default defineCommand({
  summary: "Attach to domain's console",
  description: 'Prints the guest console output (hvc0) collected so far and returns.',
  args: {domain: arg({required: true, description: 'Domain'})},
  flags: {
    type: flag.string({char: 't', options: ['pv', 'serial'], description: 'console type'}),
    num: flag.integer({char: 'n', description: 'console number'}),
  },
  run({args, host, out}) {
    out(host(h => findDomain(h, args.domain).guest.console))
  },
})
