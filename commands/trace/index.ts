import {Args, Flags} from '@oclif/core'
import {XlsimCommand} from '../../src/cli/xlsim-command.js'
import {finishTrace} from '../../src/cli/session.js'
import {parseDuration} from '../../src/xl/duration.js'
import {
  describeTrace, formatAccounting, traceDurationNs, traceFile, traceFor, traceFormat, traceRequest, traceStart, traceStop,
  writeTraceFile,
} from '../../src/libxl/trace.js'

export default class Trace extends XlsimCommand {
  static override summary = 'Record the scheduler as xentrace does, into a xentrace file or Perfetto JSON'
  static override description = [
    'Records what Xen 4.17 traces where the simulated scheduler makes the same decisions (runstate changes,',
    "context switches, wake, sleep, block, domain add/remove, the policies' class events; xen/include/public/trace.h)",
    'for DURATION of',
    'simulated time: on a manual clock the clock advances by that much; on a wall clock it follows the wall',
    'clock until DURATION or Ctrl-C. Then writes FILE: a xentrace file (per-pCPU windows of struct t_rec, TSC',
    "at the host's cpu_mhz from `xl info`: give xenalyze --cpu-hz=cpu_mhz x 10^6, e.g. 2096018000 on x86_64,",
    '62500000 on arm64; the command prints it), or Perfetto / Chrome trace JSON for a .json FILE or',
    '--format perfetto (ui.perfetto.dev). `xl trace start` / `xl trace stop FILE` record across commands.',
  ].join(' ')
  static override examples = [
    '<%= config.bin %> trace -T 10s /tmp/host.trace',
    'xenalyze --summary --cpu-hz=2096018000 /tmp/host.trace',
    '<%= config.bin %> trace -T 2s -e sched /tmp/host.json',
    '<%= config.bin %> trace start; <%= config.bin %> create g.cfg; <%= config.bin %> trace stop /tmp/boot.trace',
  ]
  static override args = {file: Args.string({ignoreStdin: true, required: true, description: 'the file to write'})}
  static override flags = {
    'time-interval': Flags.string({char: 'T', description: 'how long to record (10s, 250ms; a bare number is seconds, as xentrace -T)', default: '1s', helpValue: 'DURATION'}),
    'evt-mask': Flags.string({char: 'e', description: 'event mask: gen, sched, all or a number (xentrace -e; default all)', helpValue: 'MASK'}),
    'trace-buf-size': Flags.integer({char: 'S', description: 'pages per pCPU buffer (xentrace -S; default 32)', helpValue: 'N'}),
    format: Flags.string({description: 'xentrace (default) or perfetto (the default for a .json FILE)', helpValue: 'FORMAT'}),
    runstates: Flags.boolean({description: "print each vCPU's runstate totals as xenalyze --summary counts them (manual clock)"}),
  }

  async run(): Promise<void> {
    const {args, flags} = await this.parse(Trace)
    // A bare number is seconds, as xentrace -T takes it.
    const t = flags['time-interval']
    const ns = traceDurationNs(parseDuration(/^\s*\d+\s*$/.test(t) ? `${t.trim()}s` : t))
    const req = traceRequest(flags['evt-mask'], flags['trace-buf-size'])
    const format = traceFormat(args.file, flags.format)
    const session = this.session(flags.state)
    const done = session.host(h => {
      if (h.config.clock !== 'manual') {
        traceStart(h, req, true, ns)
        return null
      }
      const t = traceFor(h, ns, req, flags.runstates)
      const data = traceFile(t, format)
      writeTraceFile(args.file, data)
      return describeTrace(h, t, args.file, format, data.length) + (t.accounting ? formatAccounting(t.accounting) : '')
    })
    if (done !== null) {
      this.out(done)
      return
    }
    // A wall clock: the trace runs while real time passes (other xl commands meanwhile are recorded too).
    if (flags.runstates) this.warn2(['xl: trace: --runstates needs a manual clock; recording without it'])
    await waitOrInterrupt(ns / 1e6)
    this.out(finishTrace({state: flags.state}, (h, stored) => {
      const t = traceStop(h, stored)
      const data = traceFile(t, format)
      writeTraceFile(args.file, data)
      return describeTrace(h, t, args.file, format, data.length)
    }))
  }
}

/** Sleep ms, or until Ctrl-C (which then ends the trace early instead of the process). */
function waitOrInterrupt(ms: number): Promise<void> {
  return new Promise(resolve => {
    const stop = () => {
      clearTimeout(timer)
      for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.off(sig, stop)
      resolve()
    }
    const timer = setTimeout(stop, ms)
    for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(sig, stop)
  })
}
