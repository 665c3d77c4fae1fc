// main_top (tools/xl/xl_misc.c) execs xentop; xlsim draws it: on a terminal
// a full-screen table, otherwise (or with -b) xentop -b frames. With a manual
// clock each frame runs the host forward by the delay.
import {setTimeout as sleep} from 'node:timers/promises'
import {xlCommand} from './command.js'
import {advanceBy} from '../libxl/clock.js'
import {XlError} from '../libxl/errors.js'
import {parseTopDelay, parseTopSpeed, runTopBatch, sampleHost, type TopSample} from './top-view.js'

export default xlCommand({
  name: 'top',
  canDryrun: false,
  modifies: false,
  summary: 'Monitor a host and the domains in real time',
  // Real xl runs xentop, whose options we take here (xentop -b -i -d) plus --speed.
  usage: '[-b] [-d <seconds>] [-i <n>] [--speed <x>]',
  options: '  -b, --batch               xentop -b frames (also when stdout is not a terminal)\n  -d, --delay <seconds>     Simulated seconds per frame (default 1; or 250ms, 2s)\n  -i, --iterations <n>      Number of frames, then exit\n  --speed <x>               Manual clock on a terminal: simulated seconds per real second',
  getopt: {short: 'hbd:i:', long: [{name: 'help', hasArg: false, val: 'h'}, {name: 'batch', hasArg: false, val: 'b'}, {name: 'delay', hasArg: true, val: 'd'}, {name: 'iterations', hasArg: true, val: 'i'}, {name: 'speed', hasArg: true, val: 'S'}], helpName: 'top', requiredArgs: 0},
  async main(c) {
    const delayNs = parseTopDelay(c.opts.arg('d') ?? '1')
    const speed = parseTopSpeed(c.opts.arg('S') ?? '1')
    if (typeof delayNs !== 'number') throw new XlError(delayNs.error)
    if (typeof speed !== 'number') throw new XlError(speed.error)
    const itText = c.opts.arg('i')
    const iterations = itText === undefined ? undefined : /^[0-9]{1,9}$/.test(itText) ? Number(itText) : 0
    if (iterations === 0) throw new XlError(`xl top: iterations '${itText}' must be a whole number from 1 to 999999999`, 2)
    // One short transaction per frame: the state file is shared with other xl processes.
    const sample = (advanceNs: number): TopSample => c.host(h => {
      if (advanceNs > 0 && h.config.clock === 'manual') advanceBy(h, advanceNs)
      return sampleHost(h)
    })
    if (c.opts.has('b') || !process.stdout.isTTY || !process.stdin.isTTY) {
      await runTopBatch({sample, delayNs, iterations, speed, write: t => c.out(t), sleep: ms => sleep(ms)})
      return
    }
    const {runTopInteractive} = await import('../views/top/interactive.js')
    await runTopInteractive({sample, delayS: delayNs / 1e9, speed, iterations})
  },
})
