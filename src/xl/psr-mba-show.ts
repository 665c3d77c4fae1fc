// main_psr_mba_show (tools/xl/xl_psr.c): an optional domain, then
// psr_val_show for MBA: the hardware query fails on a CPU without MBA
// ("Failed to get info", ERROR_FAIL: 253).
import {xlCommand} from './command.js'
import {findDomain} from '../libxl/domain.js'
import {hwInfo} from '../libxl/psr.js'

export default xlCommand({
  name: 'psr-mba-show',
  canDryrun: false,
  modifies: true,
  summary: 'Show Memory Bandwidth Allocation information',
  usage: '<Domain>',
  options: null,
  getopt: {short: 'h', long: [{name: 'help', hasArg: false, val: 'h'}], helpName: 'psr-mba-show', requiredArgs: 0},
  main(c) {
    if (c.args.length > 1) {
      c.help()
      return 2
    }
    if (c.args.length === 1) c.readHost(h => findDomain(h, c.args[0]!))
    const rc = hwInfo('mba_info')
    if (rc) {
      c.warn2(['Failed to get info'])
      return rc & 0xff
    }
  },
})
