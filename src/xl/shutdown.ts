// main_shutdown (tools/xl/xl_vmcontrol.c, main_shutdown_or_reboot).
import {xlCommand} from './command.js'
import {shutdownMain} from './shutdown-command.js'

export default xlCommand({
  name: 'shutdown',
  canDryrun: false,
  modifies: true,
  summary: 'Issue a shutdown signal to a domain',
  usage: '[options] <-a|Domain>',
  options: '-a, --all               Shutdown all guest domains.\n-h                      Print this help.\n-F                      Fallback to ACPI power event for HVM guests with\n                        no PV drivers.\n-w, --wait              Wait for guest(s) to shutdown.\n',
  getopt: {short: 'hawF', long: [{name: 'help', hasArg: false, val: 'h'}, {name: 'all', hasArg: false, val: 'a'}, {name: 'wait', hasArg: false, val: 'w'}], helpName: 'shutdown', requiredArgs: 0},
  main: c => shutdownMain(false, c),
})
