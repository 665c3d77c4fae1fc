// main_psr_mba_set (tools/xl/xl_psr.c): -s the sockets, then the domain and
// the throttling value; one libxl request per socket, each refusal logged
// (the simulated CPU has no MBA). Extra arguments: help and exit 1.
import {xlCommand} from './command.js'
import {findDomain} from '../libxl/domain.js'
import {setVal, socketMap} from '../libxl/psr.js'

export default xlCommand({
  name: 'psr-mba-set',
  canDryrun: false,
  modifies: true,
  summary: 'Set throttling value (THRTL) for a domain',
  usage: '[options] <Domain> <THRTL>',
  options: '-s <socket>       Specify the socket to process, otherwise all sockets are processed\n',
  getopt: {short: 'hs:', long: [{name: 'help', hasArg: false, val: 'h'}, {name: 'socket', hasArg: true, val: 's'}], helpName: 'psr-mba-set', requiredArgs: 0},
  main(c) {
    const sockets = socketMap(c.opts.list.filter(o => o.opt === 's').map(o => o.arg!))
    if (c.args.length !== 2) {
      c.help()
      return 1
    }
    c.readHost(h => findDomain(h, c.args[0]!))
    const r = setVal('MBA', sockets)
    c.warn2(r.lines)
    return r.rc & 0xff
  },
})
