import {Args} from '@oclif/core'
import {XlCommand} from '../src/cli/base.js'
import {findDomain, pause} from '../src/toolstack/domains.js'

export default class Pause extends XlCommand {
  static override summary = 'Pause execution of a domain'
  static override args = {domain: Args.string({required: true, description: 'Domain'})}

  async run(): Promise<void> {
    const {args, flags} = await this.parse(Pause)
    this.setState(flags.state)
    // xl ignores libxl's return code here: errors are printed, exit status stays 0.
    this.warn2(this.host(host => pause(host, findDomain(host, args.domain))))
  }
}
