import {Args} from '@oclif/core'
import {XlsimCommand} from '../../src/cli/xlsim-command.js'
import {parseDurationNs} from '../../src/xl/duration.js'
import {advanceBy} from '../../src/libxl/clock.js'
import {XlError} from '../../src/libxl/errors.js'

export default class ClockAdvance extends XlsimCommand {
  static override summary = 'Run the host for a simulated duration (e.g. 250ms, 3s, 1h)'
  static override examples = ['<%= config.bin %> clock advance 10s', '<%= config.bin %> clock advance 250ms']
  static override args = {duration: Args.string({ignoreStdin: true, required: true, description: 'Duration'})}

  async run(): Promise<void> {
    const {args, flags} = await this.parse(ClockAdvance)
    const ns = parseDurationNs(args.duration)
    if (typeof ns !== 'bigint') throw new XlError(`xl: ${ns.error}`, 2)
    const session = await this.session(flags.state)
    session.host(h => advanceBy(h, ns))
  }
}
