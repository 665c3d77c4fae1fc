import {Args, Flags} from '@oclif/core'
import {XlCommand} from '../src/cli/base.js'
import {findDomain, vcpuSetXl} from '../src/toolstack/domains.js'
import {XlError} from '../src/toolstack/errors.js'
import {strtoulUint} from '../src/xl/lifecycle-view.js'

export default class VcpuSet extends XlCommand {
  static override summary = 'Set the number of active VCPUs allowed for the domain'
  static override args = {
    domain: Args.string({required: true, description: 'Domain'}),
    vcpus: Args.string({required: true, description: 'Number of vCPUs'}),
  }
  static override flags = {
    'ignore-host': Flags.boolean({char: 'i', description: "Don't limit the number of vCPUs to the host's pCPUs"}),
  }

  async run(): Promise<void> {
    const {args, flags} = await this.parse(VcpuSet)
    this.setState(flags.state)
    this.host(host => {
      const d = findDomain(host, args.domain)
      const count = strtoulUint(args.vcpus)
      if (count === null) throw new XlError('Error: Invalid argument.')
      vcpuSetXl(host, d, count, !flags['ignore-host'])
    })
  }
}
