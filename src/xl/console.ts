// main_console (tools/xl/xl_console.c): -t pv|serial|vuart and -n N pick a
// console, else the primary one; xl then execs xenconsole on it. xlsim
// prints what the guest wrote there so far and returns, where xenconsole
// would stay attached. xenconsole's own refusals are kept: dom0
// ("Can't specify Domain-0", exit EINVAL) and a console with no tty in
// xenstore (err(): "Could not read tty from store", exit ENOENT), which
// real xenconsole reports after waiting 5 s for the tty to appear.
import {xlCommand} from './command.js'
import {findDomain} from '../libxl/domain.js'
import {consoleExists, consoleText, primaryConsole, type ConsoleType} from '../libxl/console.js'
import {atoi} from '../libxl/psr.js'

const TYPES: readonly ConsoleType[] = ['pv', 'serial', 'vuart']

export default xlCommand({
  name: 'console',
  canDryrun: false,
  modifies: false,
  summary: 'Attach to domain\'s console',
  usage: '[options] <Domain>\n-t <type>       console type, pv , serial or vuart\n-n <number>     console number',
  options: null,
  getopt: {short: 'hn:t:', long: [{name: 'help', hasArg: false, val: 'h'}], helpName: 'console', requiredArgs: 1},
  main(c) {
    let type: ConsoleType | undefined
    for (const o of c.opts.list) {
      if (o.opt !== 't') continue
      if (!TYPES.includes(o.arg as ConsoleType)) {
        c.warn2(['console type supported are: pv, serial, vuart'])
        return 1
      }
      type = o.arg as ConsoleType
    }
    const num = c.opts.has('n') ? atoi(c.opts.arg('n')!) : 0
    const r = c.readHost(h => {
      const d = findDomain(h, c.args[0]!)
      if (d.domid === 0) return {dom0: true as const}
      const which = type === undefined ? primaryConsole(d) : {type, num}
      return consoleExists(d, which) ? {text: consoleText(d, which)} : {missing: true as const}
    })
    if ('dom0' in r) {
      c.warn2(['Can\'t specify Domain-0'])
      return 22
    }
    if ('missing' in r) {
      c.warn2(['xenconsole: Could not read tty from store: No such file or directory'])
      return 2
    }
    c.out(r.text!)
  },
})
