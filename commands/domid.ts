import {Args} from '@oclif/core'
import {XlCommand} from '../src/cli/base.js'
import {XlError} from '../src/toolstack/errors.js'

export default class Domid extends XlCommand {
  static override summary = 'Convert a domain name to domain id'
  static override enableJsonFlag = true
  static override args = {name: Args.string({required: true, description: 'Domain name'})}

  async run(): Promise<unknown> {
    const {args, flags} = await this.parse(Domid)
    this.setState(flags.state)
    // libxl_name_to_domid: names only (a number is a name like any other).
    const domid = this.host(host => [...host.domains.values()].find(d => d.name === args.name)?.domid)
    if (domid === undefined) {
      throw new XlError(`Can't get domid of domain name '${args.name}', maybe this domain does not exist.`)
    }
    if (this.jsonEnabled()) return {name: args.name, domid}
    this.out(`${domid}\n`)
    return undefined
  }
}
