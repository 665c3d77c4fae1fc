// main_top (tools/xl/xl_misc.c) execs xentop; xlsim draws it: on a terminal
// a full-screen table, otherwise (or with -b) xentop -b frames. With a manual
// clock each frame runs the host forward by the delay, and the new time is kept.
import {xlCommand} from './command.js'
import {withInk} from '../views/ink.js'
import {XlError} from '../libxl/errors.js'
import {runTop} from './top-view.js'

export default xlCommand({
  name: 'top',
  canDryrun: false,
  modifies: false,
  summary: 'Monitor a host and the domains in real time',
  // Real xl runs xentop, whose options we take here (xentop -b -i -d) plus --speed.
  usage: '[-b] [-d <seconds>] [-i <n>] [-n] [-x] [--speed <x>]',
  options: '  -b, --batch               xentop -b frames (also when stdout is not a terminal)\n  -d, --delay <seconds>     Simulated seconds per frame (default 1; or 250ms, 2s)\n  -i, --iterations <n>      Number of frames, then exit\n  -n, --networks            A line per network after each domain\n  -x, --vbds                A line per virtual block device after each domain\n  --speed <x>               Manual clock on a terminal: simulated seconds per real second',
  getopt: {short: 'hbd:i:nx', long: [{name: 'networks', hasArg: false, val: 'n'}, {name: 'vbds', hasArg: false, val: 'x'}, {name: 'help', hasArg: false, val: 'h'}, {name: 'batch', hasArg: false, val: 'b'}, {name: 'delay', hasArg: true, val: 'd'}, {name: 'iterations', hasArg: true, val: 'i'}, {name: 'speed', hasArg: true, val: 'S'}], helpName: 'top', requiredArgs: 0},
  async main(c) {
    const itText = c.opts.arg('i')
    const iterations = itText === undefined ? undefined : /^[0-9]{1,9}$/.test(itText) ? Number(itText) : 0
    if (iterations === 0) throw new XlError(`xl top: iterations '${itText}' must be a whole number from 1 to 999999999`, 2)
    await runTop({flags: {delay: c.opts.arg('d'), speed: c.opts.arg('S'), iterations, batch: c.opts.has('b'), networks: c.opts.has('n'), vbds: c.opts.has('x')}, host: c.host, out: c.out, warn2: c.warn2,
      interactive: async o => {
        const jump = await (await withInk(() => import('../views/top/interactive.js'))).runTopInteractive(o)
        // `t` on a row: that domain's runstate timeline (xl runstate timeline), until it quits.
        if (jump !== undefined) await (await withInk(() => import('../views/timeline/run.js'))).runTimeline(c.state, jump)
      }})
  },
})
