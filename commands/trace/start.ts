import {Flags} from '@oclif/core'
import {XlsimCommand} from '../../src/cli/xlsim-command.js'
import {traceRequest, traceStart} from '../../src/libxl/trace.js'

export default class TraceStart extends XlsimCommand {
  static override summary = 'Start recording the scheduler across the commands that follow'
  static override description = "Every command from now on records into per-pCPU buffers of -S pages, as Xen's trace buffers do with nobody reading them: once a pCPU's buffer is full its records are lost and counted (TRC_LOST_RECORDS in the file). `xl trace stop FILE` writes them."
  static override examples = ['<%= config.bin %> trace start -e sched', '<%= config.bin %> trace start -S 256']
  static override flags = {
    'evt-mask': Flags.string({char: 'e', description: 'event mask: gen, sched, all or a number (xentrace -e; default all)', helpValue: 'MASK'}),
    'trace-buf-size': Flags.integer({char: 'S', description: 'pages per pCPU buffer (xentrace -S; default 32)', helpValue: 'N'}),
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(TraceStart)
    const req = traceRequest(flags['evt-mask'], flags['trace-buf-size'])
    const session = await this.session(flags.state)
    session.host(h => traceStart(h, req))
  }
}
