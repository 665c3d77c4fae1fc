// main_psr_cat_cbm_set (tools/xl/xl_psr.c): -l picks L2 or L3 (-c/-d: the
// CDP code or data mask, not both), -s the sockets; then one libxl request
// per socket, each refusal logged (the simulated CPU has no CAT).
import {xlCommand} from './command.js'
import {findDomain} from '../libxl/domain.js'
import {atoi, setVal, socketMap, type PsrType} from '../libxl/psr.js'

export default xlCommand({
  name: 'psr-cat-set',
  canDryrun: false,
  modifies: true,
  summary: 'Set cache capacity bitmasks(CBM) for a domain',
  usage: '[options] <Domain> <CBM>',
  options: '-s <socket>       Specify the socket to process, otherwise all sockets are processed\n-l <level>        Specify the cache level to process, otherwise L3 cache is processed\n-c                Set code CBM if CDP is supported\n-d                Set data CBM if CDP is supported\n',
  getopt: {short: 'hs:l:cd', long: [{name: 'help', hasArg: false, val: 'h'}, {name: 'socket', hasArg: true, val: 's'}, {name: 'data', hasArg: false, val: 'd'}, {name: 'code', hasArg: false, val: 'c'}, {name: 'level', hasArg: true, val: 'l'}], helpName: 'psr-cat-set', requiredArgs: 2},
  main(c) {
    const sockets = socketMap(c.opts.list.filter(o => o.opt === 's').map(o => o.arg!))
    const level = c.opts.has('l') ? atoi(c.opts.arg('l')!) : 3
    let type: PsrType
    if (level === 2) type = 'L2 CAT'
    else if (level === 3) {
      if (c.opts.has('c') && c.opts.has('d')) {
        c.warn2(['Cannot handle -c and -d at the same time'])
        return 1
      }
      type = c.opts.has('c') || c.opts.has('d') ? 'CDP' : 'L3 CAT'
    } else {
      c.warn2([`Input lvl ${level} is wrong`])
      return 1
    }
    if (c.args.length !== 2) {
      c.help()
      return 2
    }
    c.readHost(h => findDomain(h, c.args[0]!))
    const r = setVal(type, sockets)
    c.warn2(r.lines)
    return r.rc & 0xff
  },
})
