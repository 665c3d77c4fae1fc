import {arg, defineCommand} from '../cli/command-def.js'
import {findDomain, memMaxXl} from '../toolstack/domains.js'
import {XlError} from '../toolstack/errors.js'
import {parseMemSizeKb} from '../xl/cfg/index.js'

export default defineCommand({
  summary: 'Set the maximum amount reservation for a domain',
  args: {
    domain: arg({required: true, description: 'Domain'}),
    mem: arg({required: true, description: 'Memory size (MiB, or with a b/k/m/g/t suffix)'}),
  },
  run({args, host}) {
    host(h => {
      const d = findDomain(h, args.domain)
      const kb = parseMemSizeKb(args.mem)
      if (kb === null) throw new XlError(`invalid memory size: ${args.mem}`)
      memMaxXl(h, d, kb, args.mem)
    })
  },
})
