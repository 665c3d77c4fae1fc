// main_psr_cmt_show (tools/xl/xl_psr.c): the monitor type, then an
// optional domain, then psr_cmt_show, which stops at once when CMT is
// disabled (-1: exit status 255).
import {xlCommand} from './command.js'
import {findDomain} from '../libxl/domain.js'
import {cmtEnabled} from '../libxl/psr.js'

export default xlCommand({
  name: 'psr-cmt-show',
  canDryrun: false,
  modifies: true,
  summary: 'Show Cache Monitoring Technology information',
  usage: '<PSR-CMT-Type> <Domain>',
  options: 'Available monitor types:\n"cache-occupancy":         Show L3 cache occupancy(KB)\n"total-mem-bandwidth":     Show total memory bandwidth(KB/s)\n"local-mem-bandwidth":     Show local memory bandwidth(KB/s)\n',
  getopt: {short: 'h', long: [{name: 'help', hasArg: false, val: 'h'}], helpName: 'psr-cmt-show', requiredArgs: 1},
  main(c) {
    const [type, dom, ...more] = c.args
    if (!['cache-occupancy', 'total-mem-bandwidth', 'local-mem-bandwidth'].includes(type!) || more.length > 0) {
      c.help()
      return 2
    }
    if (dom !== undefined) c.readHost(h => findDomain(h, dom))
    if (!cmtEnabled()) {
      c.warn2(['CMT is disabled in the system'])
      return 255
    }
  },
})
