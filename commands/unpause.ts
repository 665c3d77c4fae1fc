import {Args} from '@oclif/core'
import {XlCommand} from '../src/cli/base.js'
import {findDomain, unpauseCommand} from '../src/toolstack/domains.js'

export default class Unpause extends XlCommand {
  static override summary = 'Unpause a paused domain'
  static override args = {domain: Args.string({required: true, description: 'Domain'})}

  async run(): Promise<void> {
    const {args, flags} = await this.parse(Unpause)
    this.setState(flags.state)
    this.host(host => unpauseCommand(host, findDomain(host, args.domain)))
  }
}
