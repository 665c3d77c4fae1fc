import {Args, Flags} from '@oclif/core'
import {XlsimCommand} from '../../src/cli/xlsim-command.js'
import {finishTrace} from '../../src/cli/session.js'
import {describeTrace, traceFile, traceFormat, traceStop, writeTraceFile} from '../../src/libxl/trace.js'

export default class TraceStop extends XlsimCommand {
  static override summary = 'Stop recording (see xl trace start) and write FILE'
  static override description = 'A xentrace file, or Perfetto / Chrome trace JSON for a .json FILE or --format perfetto. Nothing changes if FILE cannot be written: the trace goes on.'
  static override examples = ['<%= config.bin %> trace stop /tmp/boot.trace', '<%= config.bin %> trace stop /tmp/boot.json']
  static override args = {file: Args.string({ignoreStdin: true, required: true, description: 'the file to write'})}
  static override flags = {
    format: Flags.string({description: 'xentrace (default) or perfetto (the default for a .json FILE)', helpValue: 'FORMAT'}),
  }

  async run(): Promise<void> {
    const {args, flags} = await this.parse(TraceStop)
    const format = traceFormat(args.file, flags.format)
    this.out(finishTrace({state: flags.state}, (h, stored) => {
      const t = traceStop(h, stored)
      const data = traceFile(t, format)
      writeTraceFile(args.file, data)
      return describeTrace(h, t, args.file, format, data.length)
    }))
  }
}
