// main_vncviewer (tools/xl/xl_console.c): libxl_vncviewer_exec reads the
// domain's VNC port from xenstore and execs `vncviewer` (or $VNCVIEWER)
// in place of xl. xlsim has no viewer to run, so where real xl would exec
// one, the exec fails as it does on a host without one (libxl_exec.c:105,
// exit status 255); without a port, libxl's error and exit 1.
import {xlCommand} from './command.js'
import {findDomain} from '../libxl/domain.js'
import {vncPort} from '../libxl/dm.js'
import {libxlLine} from '../libxl/log.js'

export default xlCommand({
  name: 'vncviewer',
  canDryrun: false,
  modifies: false,
  summary: 'Attach to domain\'s VNC server.',
  usage: '[options] <Domain>\n--autopass               Pass VNC password to viewer via stdin and\n                         -autopass\n--vncviewer-autopass     (consistency alias for --autopass)',
  options: null,
  getopt: {short: 'ha', long: [{name: 'help', hasArg: false, val: 'h'}, {name: 'autopass', hasArg: false, val: 'a'}, {name: 'vncviewer-autopass', hasArg: false, val: 'a'}], helpName: 'vncviewer', requiredArgs: 1},
  main(c) {
    const {domid, port} = c.readHost(h => {
      const d = findDomain(h, c.args[0]!)
      return {domid: d.domid, port: vncPort(d)}
    })
    if (port === null) {
      c.warn2([libxlLine('error', 'libxl_console.c:201:libxl_vncviewer_exec', domid, 'Cannot get vnc-port')])
      return 1
    }
    c.warn2([`libxl: cannot execute ${process.env.VNCVIEWER || 'vncviewer'}: No such file or directory`])
    return 255
  },
})
