// main_reboot (tools/xl/xl_vmcontrol.c, main_shutdown_or_reboot).
import {xlCommand} from './command.js'
import {shutdownMain} from './shutdown-command.js'

export default xlCommand({
  name: 'reboot',
  canDryrun: false,
  modifies: true,
  summary: 'Issue a reboot signal to a domain',
  usage: '[options] <-a|Domain>',
  options: '-a, --all               Shutdown all guest domains.\n-h                      Print this help.\n-F                      Fallback to ACPI reset event for HVM guests with\n                        no PV drivers.\n-w, --wait              Wait for guest(s) to reboot.\n',
  getopt: {short: 'hawF', long: [{name: 'help', hasArg: false, val: 'h'}, {name: 'all', hasArg: false, val: 'a'}, {name: 'wait', hasArg: false, val: 'w'}], helpName: 'reboot', requiredArgs: 0},
  main: c => shutdownMain(true, c),
})
