import {Flags} from '@oclif/core'
import {setTimeout as sleep} from 'node:timers/promises'
import {XlCommand} from '../src/cli/base.js'
import {advanceBy} from '../src/toolstack/clock.js'
import {XlError} from '../src/toolstack/errors.js'
import {parseTopDelay, parseTopSpeed, runTopBatch, sampleHost, type TopSample} from '../src/xl/top-view.js'

export default class Top extends XlCommand {
  static override summary = 'Monitor a host and the domains in real time'
  static override description = 'Like xentop, with a STEAL(%) column. On a terminal: a full-screen table (q quits, +/- speed or delay, d delay, s/n/c sort by steal/name/cpu, r reverses). Otherwise (or with -b): xentop -b frames. With a manual clock, each frame runs the host forward by the delay.'
  static override flags = {
    delay: Flags.string({char: 'd', description: 'simulated seconds per frame (default 1)', helpValue: '<seconds>'}),
    iterations: Flags.integer({char: 'i', min: 1, description: 'number of frames, then exit', helpValue: '<n>'}),
    batch: Flags.boolean({char: 'b', description: 'batch mode: xentop -b output (automatic when stdout is not a terminal)'}),
    speed: Flags.string({description: 'manual clock on a terminal: simulated seconds per real second (default 1)', helpValue: '<x>'}),
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(Top)
    this.setState(flags.state)
    const delayNs = parseTopDelay(flags.delay ?? '1')
    const speed = parseTopSpeed(flags.speed ?? '1')
    if (typeof delayNs !== 'number') throw new XlError(delayNs.error)
    if (typeof speed !== 'number') throw new XlError(speed.error)
    // One short transaction per frame: the state file is shared with other xl processes.
    const sample = (advanceNs: number): TopSample => this.host(host => {
      if (advanceNs > 0 && host.config.clock === 'manual') advanceBy(host, advanceNs)
      return sampleHost(host)
    })
    if (flags.batch || !process.stdout.isTTY || !process.stdin.isTTY) {
      await runTopBatch({sample, delayNs, iterations: flags.iterations, speed, write: t => this.out(t), sleep: ms => sleep(ms)})
      return
    }
    const {runTopInteractive} = await import('../src/views/top/interactive.js')
    await runTopInteractive({sample, delayS: delayNs / 1e9, speed, iterations: flags.iterations})
  }
}
