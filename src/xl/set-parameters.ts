// main_set_parameters (tools/xl/xl_misc.c): libxl_set_parameters, then
// "cannot set parameters: <params>" and exit 1 if it failed.
import {xlCommand} from './command.js'
import {setParameters} from '../libxl/params.js'

export default xlCommand({
  name: 'set-parameters',
  canDryrun: false,
  modifies: true,
  summary: 'Set hypervisor parameters',
  usage: '<Params>',
  options: null,
  getopt: {short: 'h', long: [{name: 'help', hasArg: false, val: 'h'}], helpName: 'set-parameters', requiredArgs: 1},
  main(c) {
    const params = c.args[0]!
    const r = c.host(h => setParameters(h, params))
    if (r.rc === 'crash') {
      // Real xl 4.17 dies with SIGSEGV here (libxl.c:699-700 index through the NULL val); say so instead.
      c.warn2([`xl: set-parameters: '${r.word}' has no '=VALUE' (real xl 4.17 crashes on such a word in libxl_set_parameters); write ${r.word}=VALUE or no${r.word}`])
      return 1
    }
    if (r.rc !== 0) {
      c.warn2([...r.lines, `cannot set parameters: ${params}`])
      return 1
    }
  },
})
