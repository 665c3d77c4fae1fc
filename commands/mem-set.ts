import {Args} from '@oclif/core'
import {XlCommand} from '../src/cli/base.js'
import {findDomain, memSetXl} from '../src/toolstack/domains.js'
import {XlError} from '../src/toolstack/errors.js'
import {parseMemSizeKb} from '../src/xl/cfg/index.js'

export default class MemSet extends XlCommand {
  static override summary = 'Set the current memory usage for a domain'
  static override args = {
    domain: Args.string({required: true, description: 'Domain'}),
    mem: Args.string({required: true, description: 'Memory size (MiB, or with a b/k/m/g/t suffix)'}),
  }

  async run(): Promise<void> {
    const {args, flags} = await this.parse(MemSet)
    this.setState(flags.state)
    this.host(host => {
      const d = findDomain(host, args.domain)
      const kb = parseMemSizeKb(args.mem)
      if (kb === null) throw new XlError(`invalid memory size: ${args.mem}`)
      memSetXl(host, d, kb, args.mem)
    })
  }
}
