// main_psr_cat_show (tools/xl/xl_psr.c): -l LEVEL (atoi; 3 by default),
// an optional domain, then psr_val_show: a level other than 2 or 3 is
// refused (exit 1), else the hardware query fails on a CPU without CAT
// ("Failed to get info", ERROR_FAIL: 253).
import {xlCommand} from './command.js'
import {findDomain} from '../libxl/domain.js'
import {atoi, hwInfo} from '../libxl/psr.js'

export default xlCommand({
  name: 'psr-cat-show',
  canDryrun: false,
  modifies: true,
  summary: 'Show Cache Allocation Technology information',
  usage: '[options] <Domain>',
  options: '-l <level>        Specify the cache level to process, otherwise L3 cache is processed\n',
  getopt: {short: 'hl:', long: [{name: 'help', hasArg: false, val: 'h'}, {name: 'level', hasArg: true, val: 'l'}], helpName: 'psr-cat-show', requiredArgs: 0},
  main(c) {
    const level = c.opts.has('l') ? atoi(c.opts.arg('l')!) : 3
    if (c.args.length > 1) {
      c.help()
      return 2
    }
    if (c.args.length === 1) c.readHost(h => findDomain(h, c.args[0]!))
    if (level !== 2 && level !== 3) {
      c.warn2([`Input lvl ${level} is wrong`])
      return 1
    }
    const rc = hwInfo(level === 3 ? 'cat_l3_info' : 'cat_l2_info')
    if (rc) {
      c.warn2(['Failed to get info'])
      return rc & 0xff
    }
  },
})
