// main_psr_cmt_attach (tools/xl/xl_psr.c): libxl_psr_cmt_attach's result
// is the exit status (ERROR_FAIL: 253 when Xen refuses).
import {xlCommand} from './command.js'
import {findDomain} from '../libxl/domain.js'
import {cmtAttachDetach} from '../libxl/psr.js'

export default xlCommand({
  name: 'psr-cmt-attach',
  canDryrun: false,
  modifies: true,
  summary: 'Attach Cache Monitoring Technology service to a domain',
  usage: '<Domain>',
  options: null,
  getopt: {short: 'h', long: [{name: 'help', hasArg: false, val: 'h'}], helpName: 'psr-cmt-attach', requiredArgs: 1},
  main(c) {
    c.readHost(h => findDomain(h, c.args[0]!))
    const r = cmtAttachDetach('cmt_attach')
    c.warn2(r.lines)
    return r.rc & 0xff
  },
})
