import {Args} from '@oclif/core'
import {XlCommand} from '../../src/cli/base.js'
import {parseDuration} from '../../src/xl/duration.js'
import {advanceBy} from '../../src/toolstack/clock.js'
import {XlError} from '../../src/toolstack/errors.js'

export default class ClockAdvance extends XlCommand {
  static override summary = 'Run the host for a simulated duration (e.g. 250ms, 3s, 1h)'
  static override args = {duration: Args.string({required: true, description: 'Duration'})}

  async run(): Promise<void> {
    const {args, flags} = await this.parse(ClockAdvance)
    this.setState(flags.state)
    const ns = parseDuration(args.duration)
    if (typeof ns !== 'number') throw new XlError(`xl: ${ns.error}`, 2)
    this.host(host => advanceBy(host, ns))
  }
}
