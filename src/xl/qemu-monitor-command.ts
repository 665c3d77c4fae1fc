// main_qemu_monitor_command (tools/xl/xl_misc.c): one HMP command line
// through QMP's human-monitor-command (libxl_qmp.c); its output is printed
// with a newline after it. A domain with no device model has no QMP socket
// to connect to.
import {xlCommand} from './command.js'
import {findDomain} from '../libxl/domain.js'
import {hasDeviceModel, humanMonitorCommand, qmpSocketPath} from '../libxl/dm.js'
import {libxlLine} from '../libxl/log.js'

export default xlCommand({
  name: 'qemu-monitor-command',
  canDryrun: false,
  modifies: true,
  summary: 'Issue a qemu monitor command to the device model of a domain',
  usage: '<Domain> <Command>',
  options: null,
  getopt: {short: 'h', long: [{name: 'help', hasArg: false, val: 'h'}], helpName: 'qemu-monitor-command', requiredArgs: 2},
  main(c) {
    const r = c.readHost(h => {
      const d = findDomain(h, c.args[0]!)
      if (c.args.length > 2) return {invalid: true as const}
      if (!hasDeviceModel(d)) return {error: libxlLine('error', 'libxl_qmp.c:1334:qmp_ev_lock_aquired', d.domid, `Failed to connect to QMP socket ${qmpSocketPath(d.domid)}: No such file or directory`)}
      return {output: humanMonitorCommand(d, c.args[1]!)}
    })
    if ('invalid' in r) {
      c.warn2(['Invalid arguments.'])
      return 1
    }
    if ('error' in r) {
      c.warn2([r.error!])
      return 1
    }
    c.out(`${r.output}\n`)
  },
})
