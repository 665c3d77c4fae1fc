import {arg, defineCommand, flag} from '../cli/command-def.js'
import {findDomain} from '../libxl/domain.js'
import {vcpuSetXl} from '../libxl/vcpu.js'
import {XlError} from '../libxl/errors.js'
import {strtoulUint} from '../xl/lifecycle-view.js'

export default defineCommand({
  summary: 'Set the number of active VCPUs allowed for the domain',
  args: {
    domain: arg({required: true, description: 'Domain'}),
    vcpus: arg({required: true, description: 'Number of vCPUs'}),
  },
  flags: {
    'ignore-host': flag.boolean({char: 'i', description: "Don't limit the number of vCPUs to the host's pCPUs"}),
  },
  run({args, flags, host}) {
    host(h => {
      const d = findDomain(h, args.domain)
      const count = strtoulUint(args.vcpus)
      if (count === null) throw new XlError('Error: Invalid argument.')
      vcpuSetXl(h, d, count, !flags['ignore-host'])
    })
  },
})
