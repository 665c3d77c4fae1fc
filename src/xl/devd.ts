// main_devd (tools/xl/xl_misc.c): the device backend daemon of a driver
// domain (libxl_device_events_handler: watch this domain's backend paths
// and run the hotplug work). In dom0 the backends here are simulated and
// set up by libxl itself, so the daemon has nothing to act on, but it runs
// as the real one does: -F stays in the foreground until killed; without
// it, do_daemonize forks a detached process (its pid in -p FILE) and the
// command returns 0 at once.
import {xlCommand} from './command.js'
import {spawn} from 'node:child_process'
import {writeFileSync} from 'node:fs'

export default xlCommand({
  name: 'devd',
  canDryrun: false,
  modifies: true,
  summary: 'Daemon that listens for devices and launches backends',
  usage: '[options]',
  options: '-F                      Run in the foreground.\n-p, --pidfile [FILE]    Write PID to pidfile when daemonizing.',
  getopt: {short: 'hFp:', long: [{name: 'help', hasArg: false, val: 'h'}, {name: 'pidfile', hasArg: true, val: 'p'}], helpName: 'devd', requiredArgs: 0},
  main(c) {
    if (c.opts.has('F')) {
      // libxl_device_events_handler never returns: wait for a signal.
      return new Promise<number>(() => void setInterval(() => {}, 1 << 30))
    }
    const child = spawn(process.execPath, ['-e', 'process.title = "xl devd"; setInterval(() => {}, 1 << 30)'], {detached: true, stdio: 'ignore'})
    child.unref()
    const pidfile = c.opts.arg('p')
    if (pidfile !== undefined) {
      try {
        writeFileSync(pidfile, `${child.pid}\n`, {mode: 0o600})
      } catch {
        // The daemon's perror goes to its log file (stderr is redirected there), and it exits 1.
        child.kill()
      }
    }
  },
})
