import {Args} from '@oclif/core'
import {XlCommand} from '../src/cli/base.js'
import {findDomain, memMaxXl} from '../src/toolstack/domains.js'
import {XlError} from '../src/toolstack/errors.js'
import {parseMemSizeKb} from '../src/xl/cfg/index.js'

export default class MemMax extends XlCommand {
  static override summary = 'Set the maximum amount reservation for a domain'
  static override args = {
    domain: Args.string({required: true, description: 'Domain'}),
    mem: Args.string({required: true, description: 'Memory size (MiB, or with a b/k/m/g/t suffix)'}),
  }

  async run(): Promise<void> {
    const {args, flags} = await this.parse(MemMax)
    this.setState(flags.state)
    this.host(host => {
      const d = findDomain(host, args.domain)
      const kb = parseMemSizeKb(args.mem)
      if (kb === null) throw new XlError(`invalid memory size: ${args.mem}`)
      memMaxXl(host, d, kb, args.mem)
    })
  }
}
