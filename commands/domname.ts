import {Args} from '@oclif/core'
import {XlCommand} from '../src/cli/base.js'
import {XlError} from '../src/toolstack/errors.js'
import {strtol} from '../src/xl/lifecycle-view.js'

export default class Domname extends XlCommand {
  static override summary = 'Convert a domain id to domain name'
  static override enableJsonFlag = true
  static override args = {domid: Args.string({required: true, description: 'Domain id'})}

  async run(): Promise<unknown> {
    const {args, flags} = await this.parse(Domname)
    this.setState(flags.state)
    // uint32_t domid = strtol(...): "no digits at all" only when it reads 0 and nothing.
    const r = strtol(args.domid)
    const domid = Number(BigInt.asUintN(32, r.value))
    if (domid === 0 && r.rest === args.domid) throw new XlError(['Invalid domain id.', ''])
    const name = this.host(host => host.domains.get(domid)?.name)
    if (name === undefined) {
      throw new XlError(`Can't get domain name of domain id '${domid}', maybe this domain does not exist.`)
    }
    if (this.jsonEnabled()) return {domid, name}
    this.out(`${name}\n`)
    return undefined
  }
}
