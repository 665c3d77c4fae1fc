import {setTimeout as sleep} from 'node:timers/promises'
import {defineCommand, flag} from '../cli/command-def.js'
import {advanceBy} from '../libxl/clock.js'
import {XlError} from '../libxl/errors.js'
import {parseTopDelay, parseTopSpeed, runTopBatch, sampleHost, type TopSample} from '../xl/top-view.js'

export default defineCommand({
  summary: 'Monitor a host and the domains in real time',
  description: 'Like xentop, with a STEAL(%) column. On a terminal: a full-screen table (q quits, +/- speed or delay, d delay, s/n/c sort by steal/name/cpu, r reverses). Otherwise (or with -b): xentop -b frames. With a manual clock, each frame runs the host forward by the delay.',
  flags: {
    delay: flag.string({char: 'd', description: 'simulated seconds per frame (default 1)', helpValue: '<seconds>'}),
    iterations: flag.integer({char: 'i', min: 1, description: 'number of frames, then exit', helpValue: '<n>'}),
    batch: flag.boolean({char: 'b', description: 'batch mode: xentop -b output (automatic when stdout is not a terminal)'}),
    speed: flag.string({description: 'manual clock on a terminal: simulated seconds per real second (default 1)', helpValue: '<x>'}),
  },
  async run({flags, host, out}) {
    const delayNs = parseTopDelay(flags.delay ?? '1')
    const speed = parseTopSpeed(flags.speed ?? '1')
    if (typeof delayNs !== 'number') throw new XlError(delayNs.error)
    if (typeof speed !== 'number') throw new XlError(speed.error)
    // One short transaction per frame: the state file is shared with other xl processes.
    const sample = (advanceNs: number): TopSample => host(h => {
      if (advanceNs > 0 && h.config.clock === 'manual') advanceBy(h, advanceNs)
      return sampleHost(h)
    })
    if (flags.batch || !process.stdout.isTTY || !process.stdin.isTTY) {
      await runTopBatch({sample, delayNs, iterations: flags.iterations, speed, write: t => out(t), sleep: ms => sleep(ms)})
      return
    }
    const {runTopInteractive} = await import('../views/top/interactive.js')
    await runTopInteractive({sample, delayS: delayNs / 1e9, speed, iterations: flags.iterations})
  },
})
