import {defineCommand, flag} from '../cli/command-def.js'
import {runTop} from '../xl/top-view.js'

export default defineCommand({
  summary: 'Monitor a host and the domains in real time',
  description: 'Like xentop, with a STEAL(%) column. On a terminal: a full-screen table (q quits, +/- speed or delay, d delay, s/n/c sort by steal/name/cpu, r reverses). Otherwise (or with -b): xentop -b frames. With a manual clock, each frame runs the host forward by the delay, and the new time is kept.',
  flags: {
    delay: flag.string({char: 'd', description: 'simulated seconds per frame (default 1)', helpValue: '<seconds>'}),
    iterations: flag.integer({char: 'i', min: 1, description: 'number of frames, then exit', helpValue: '<n>'}),
    batch: flag.boolean({char: 'b', description: 'batch mode: xentop -b output (automatic when stdout is not a terminal)'}),
    speed: flag.string({description: 'manual clock on a terminal: simulated seconds per real second (default 1)', helpValue: '<x>'}),
  },
  run: inv => runTop(inv),
})
