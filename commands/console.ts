import {Args, Flags} from '@oclif/core'
import {XlCommand} from '../src/cli/base.js'
import {findDomain} from '../src/toolstack/domains.js'

export default class Console extends XlCommand {
  static override summary = "Attach to domain's console"
  static override description = 'Prints the guest console output (hvc0) collected so far and returns.'
  static override args = {domain: Args.string({required: true, description: 'Domain'})}
  static override flags = {
    type: Flags.string({char: 't', options: ['pv', 'serial'], description: 'console type'}),
    num: Flags.integer({char: 'n', description: 'console number'}),
  }

  async run(): Promise<void> {
    const {args, flags} = await this.parse(Console)
    this.setState(flags.state)
    this.out(this.host(host => findDomain(host, args.domain).guest.console))
  }
}
