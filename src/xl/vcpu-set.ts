// main_vcpuset and vcpuset() (tools/xl/xl_vcpu.c): unless -i, more vCPUs
// than the host has pCPUs is refused before libxl is asked; a count libxl
// refuses gets xl's line after libxl's.
import {xlCommand} from './command.js'
import {findDomain} from '../libxl/domain.js'
import {setVcpuOnline} from '../libxl/vcpu.js'
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
      const asInt = count | 0
      if (!c.opts.has('i')) {
        const online = d.vcpus.filter(v => v.online).length
        const hostCpu = h.config.cpus
        if (count > online && count > hostCpu) {
          throw new XlError(`You are overcommmitting! You have ${hostCpu} physical CPUs and want ${asInt} vCPUs! Aborting, use --ignore-host to continue`)
        }
      }
      const refused = setVcpuOnline(h, d, count)
      if (refused) throw new XlError([refused, `libxl_set_vcpuonline failed domid=${d.domid} max_vcpus=${asInt}, rc: -3`])
    })
  },
})
