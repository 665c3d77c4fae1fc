import {Args, Flags} from '@oclif/core'
import {XlCommand} from '../src/cli/base.js'
import {destroy, findDomain} from '../src/toolstack/domains.js'

export default class Destroy extends XlCommand {
  static override summary = 'Terminate a domain immediately'
  static override args = {domain: Args.string({required: true, description: 'Domain'})}
  static override flags = {force: Flags.boolean({char: 'f', description: 'Allow domain 0 to be destroyed'})}

  async run(): Promise<void> {
    const {args, flags} = await this.parse(Destroy)
    this.setState(flags.state)
    this.host(host => destroy(host, findDomain(host, args.domain), flags.force))
  }
}
