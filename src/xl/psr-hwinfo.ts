// main_psr_hwinfo (tools/xl/xl_psr.c): CMT, then L3 CAT (only if CMT went
// well), L2 CAT and MBA regardless; the exit status is the last one's. On a
// CPU without PSR: CMT reads as disabled (exit 0 for -m alone), every other
// query fails silently in libxc and libxl and returns ERROR_FAIL (253).
import {xlCommand} from './command.js'
import {cmtEnabled, hwInfo} from '../libxl/psr.js'

export default xlCommand({
  name: 'psr-hwinfo',
  canDryrun: false,
  modifies: true,
  summary: 'Show hardware information for Platform Shared Resource',
  usage: '[options]',
  options: '-m, --cmt       Show Cache Monitoring Technology (CMT) hardware info\n-a, --cat       Show Cache Allocation Technology (CAT) hardware info\n-b, --mba       Show Memory Bandwidth Allocation (MBA) hardware info\n',
  getopt: {short: 'hmab', long: [{name: 'help', hasArg: false, val: 'h'}, {name: 'cmt', hasArg: false, val: 'm'}, {name: 'cat', hasArg: false, val: 'a'}, {name: 'mba', hasArg: false, val: 'b'}], helpName: 'psr-hwinfo', requiredArgs: 0},
  main(c) {
    const all = !c.opts.has('m') && !c.opts.has('a') && !c.opts.has('b')
    let ret = 0
    if (all || c.opts.has('m')) {
      // psr_cmt_hwinfo: stops after "Enabled" when CMT is off.
      const enabled = cmtEnabled()
      c.out(`Cache Monitoring Technology (CMT):\nEnabled         : ${enabled ? 1 : 0}\n`)
    }
    if (ret === 0 && (all || c.opts.has('a'))) ret = hwInfo('cat_l3_info')
    if (all || c.opts.has('a')) ret = hwInfo('cat_l2_info')
    if (all || c.opts.has('b')) ret = hwInfo('mba_info')
    return ret & 0xff
  },
})
