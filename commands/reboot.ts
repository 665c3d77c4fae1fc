import {Args, Flags} from '@oclif/core'
import {XlCommand} from '../src/cli/base.js'
import {countWaits, shutdownOrReboot} from './shutdown.js'

export default class Reboot extends XlCommand {
  static override summary = 'Issue a reboot signal to a domain'
  static override args = {domain: Args.string({description: 'Domain'})}
  static override flags = {
    all: Flags.boolean({char: 'a', description: 'Reboot all guest domains'}),
    wait: Flags.boolean({char: 'w', description: 'Wait for guest(s) to reboot'}),
    fallback: Flags.boolean({char: 'F', description: 'Fallback to ACPI reset event for HVM guests with no PV drivers'}),
  }

  async run(): Promise<void> {
    const {argv, waits} = countWaits(this.argv)
    this.argv = argv
    const {args, flags} = await this.parse(Reboot)
    await shutdownOrReboot(true, {domain: args.domain, all: flags.all, fallback: flags.fallback, state: flags.state},
      waits, s => this.setState(s), fn => this.host(fn))
  }
}
