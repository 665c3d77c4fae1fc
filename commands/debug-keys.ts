import {Args} from '@oclif/core'
import {XlCommand} from '../src/cli/base.js'
import {debugKeys} from '../src/hypervisor/debug-keys.js'
import {DOM0} from '../src/hypervisor/domctl.js'

export default class DebugKeys extends XlCommand {
  static override summary = 'Send debug keys to Xen'
  static override description = 'Each key runs its handler, which writes into the console ring: read it with `xl dmesg`.'
  static override args = {keys: Args.string({required: true, description: 'Keys'})}

  async run(): Promise<void> {
    const {args, flags} = await this.parse(DebugKeys)
    this.setState(flags.state)
    this.host(host => debugKeys(host, DOM0, args.keys))
  }
}
