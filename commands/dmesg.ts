import {Flags} from '@oclif/core'
import {XlCommand} from '../src/cli/base.js'
import {ringRead} from '../src/hypervisor/console.js'

export default class Dmesg extends XlCommand {
  static override summary = 'Read and/or clear dmesg buffer'
  static override flags = {clear: Flags.boolean({char: 'c', description: 'Clear dmesg buffer as well as printing it'})}

  async run(): Promise<void> {
    const {flags} = await this.parse(Dmesg)
    this.setState(flags.state)
    this.out(this.host(host => ringRead(host.console, flags.clear)))
  }
}
