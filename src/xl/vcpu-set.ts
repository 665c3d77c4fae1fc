// main_vcpuset (tools/xl/xl_vcpu.c): -i does not limit the count to the host's pCPUs.
import {xlCommand} from './command.js'
import {findDomain} from '../libxl/domain.js'
import {vcpuSetXl} from '../libxl/vcpu.js'
import {XlError} from '../libxl/errors.js'
import {strtoulUint} from './lifecycle-view.js'

export default xlCommand({
  name: 'vcpu-set',
  canDryrun: false,
  modifies: true,
  summary: 'Set the number of active VCPUs allowed for the domain',
  usage: '[option] <Domain> <vCPUs>',
  options: '-i, --ignore-host  Don\'t limit the vCPU based on the host CPU count',
  getopt: {short: 'hi', long: [{name: 'help', hasArg: false, val: 'h'}, {name: 'ignore-host', hasArg: false, val: 'i'}], helpName: 'vcpu-set', requiredArgs: 2},
  main(c) {
    c.host(h => {
      const d = findDomain(h, c.args[0])
      const count = strtoulUint(c.args[1])
      if (count === null) throw new XlError('Error: Invalid argument.')
      vcpuSetXl(h, d, count, !c.opts.has('i'))
    })
  },
})
