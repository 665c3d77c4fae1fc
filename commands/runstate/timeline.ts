import {Args, Flags} from '@oclif/core'
import {XlsimCommand} from '../../src/cli/xlsim-command.js'
import {parseDuration} from '../../src/xl/duration.js'
import {TimelineHistory, formatTimeline, sampleTimeline} from '../../src/xl/timeline-view.js'
import {XlError} from '../../src/libxl/errors.js'
import {withInk} from '../../src/views/ink.js'

/** Columns of the plain-text rows. */
const TEXT_COLS = 64

export default class RunstateTimeline extends XlsimCommand {
  static override summary = "Show each vCPU's runstate over time, one row per vCPU"
  static override description = [
    'Each column is the state the vCPU spent most of that slice of time in: the pCPU it ran on (0-9, a-z),',
    '+ runnable, . blocked, _ offline; then its steal (runnable + offline) and the pCPUs it ran on. On a',
    'terminal it follows the host live like `xl top` (keys: q quit, +/- zoom, arrows or h/l pan, f follow;',
    'a manual clock runs forward as it plays); otherwise it prints the rows once, after recording --window',
    '(a manual clock runs forward by that much; a wall clock is waited for).',
  ].join(' ')
  static override examples = ['<%= config.bin %> runstate timeline web', '<%= config.bin %> runstate timeline web --window 50ms | head']
  static override args = {domain: Args.string({ignoreStdin: true, required: true, description: 'Domain'})}
  static override flags = {
    window: Flags.string({description: 'time shown across the row (default 100ms)', default: '100ms', helpValue: 'DURATION'}),
  }

  async run(): Promise<void> {
    const {args, flags} = await this.parse(RunstateTimeline)
    const w = parseDuration(flags.window)
    if (typeof w !== 'number') throw new XlError(`xl runstate timeline: ${w.error}`, 2)
    if (w < 1_000_000 || w > 60_000_000_000) throw new XlError('xl runstate timeline: the window must be from 1ms to 60s', 2)
    const state = flags.state
    if (process.stdout.isTTY && process.stdin.isTTY) {
      const {runTimeline} = await withInk(() => import('../../src/views/timeline/run.js'))
      await runTimeline(state, args.domain, w)
      return
    }
    // A manual clock records the window as it runs forward; a wall clock is caught up first, then waited for.
    const history = new TimelineHistory(w)
    const first = sampleTimeline(state, args.domain, w, false)
    if (first.clock === 'manual') {
      this.warn2([`xl runstate timeline: the host has a manual clock; it ran forward by ${flags.window} to record this (the new time is kept)`])
      history.add(first)
    } else {
      await new Promise(resolve => setTimeout(resolve, w / 1e6))
      history.add(sampleTimeline(state, args.domain, 0))
    }
    this.out(formatTimeline(history, {endNs: history.to, windowNs: w, cols: TEXT_COLS}))
  }
}
