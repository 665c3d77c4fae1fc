// main_create and create_domain (tools/xl/xl_vmcontrol.c): the config file
// is the first argument (when it is not an option and has no '='), or -f
// FILE / --defconfig=FILE, or the first other argument; every key=value
// argument is appended to the config. -q drops "Parsing config from", -n or
// the global -N prints the resulting configuration as JSON and creates
// nothing, -d prints it on stderr and creates. -A -F -V -e -i are accepted
// and change nothing here: xlsim has no VNC viewer, no daemon, no xl.conf
// affinity masks.
import {xlCommand} from './command.js'
import {checkDomainConfig, createDomainXl} from '../libxl/create.js'
import {XlError} from '../libxl/errors.js'
import {parseCreateConfig, requestFromParsed} from './create-request.js'
import {readConfigFile} from './config-file.js'
import {requestConfigView} from './config-view.js'
import {formatDomainConfig} from './format/index.js'

export default xlCommand({
  name: 'create',
  canDryrun: true,
  modifies: true,
  summary: 'Create a domain from config file <filename>',
  usage: '<ConfigFile> [options] [vars]',
  options: '-c                      Connect to the console after the domain is created.\n-d                      Enable debug messages.\n-e                      Do not wait in the background for the death of the domain.\n-F                      Run in foreground until death of the domain.\n-f FILE, --defconfig=FILE\n                     Use the given configuration file.\n-h                      Print this help.\n-n, --dryrun            Dry run - prints the resulting configuration\n                         (deprecated in favour of global -N option).\n-p                      Leave the domain paused after it is created.\n-q, --quiet             Quiet.\n-V, --vncviewer         Connect to the VNC display after the domain is created.\n-A, --vncviewer-autopass\n                        Pass VNC password to viewer via stdin.\n--ignore-global-affinity-masks Ignore global masks in xl.conf.',
  getopt: {short: 'hAFVcdef:inpq', long: [{name: 'help', hasArg: false, val: 'h'}, {name: 'defconfig', hasArg: true, val: 'f'}, {name: 'dryrun', hasArg: false, val: 'n'}, {name: 'ignore-global-affinity-masks', hasArg: false, val: 'i'}, {name: 'quiet', hasArg: false, val: 'q'}, {name: 'vncviewer', hasArg: false, val: 'V'}, {name: 'vncviewer-autopass', hasArg: false, val: 'A'}], helpName: 'create', requiredArgs: 0},
  // main_create takes argv[1] as the config file before getopt sees it.
  firstArg: arg => !arg.startsWith('-') && !arg.includes('='),
  main(c) {
    let file = c.opts.arg('f') ?? c.firstArg
    const overrides: string[] = []
    for (const a of c.args) {
      if (a.includes('=')) overrides.push(a)
      else if (file === undefined) file = a
      else {
        c.help()
        return 2
      }
    }
    // create_domain with neither a config file nor a restore file: ERROR_INVAL, which main_create returns negated.
    if (file === undefined) throw new XlError('Config file not specified and none in save file', 6)
    const quiet = c.opts.has('q')
    const dryrun = c.opts.has('n') || c.globals.dryRun
    const debug = c.opts.has('d')
    // Read and parse before the host transaction (create_domain's order).
    const bytes = readConfigFile(file)
    if (!quiet) c.warn2([`Parsing config from ${file}`])
    const cfg = parseCreateConfig(bytes, file, overrides)
    const session = dryrun ? c.readHost : c.host
    const out = session(h => {
      const {request, warnings} = requestFromParsed(cfg, file, h.config.cpus)
      c.warn2(warnings)
      if (dryrun) {
        checkDomainConfig(h, request)
        return {json: formatDomainConfig(requestConfigView(h, request, cfg)), console: ''}
      }
      if (debug) c.io.stderr(formatDomainConfig(requestConfigView(h, request, cfg)))
      const d = createDomainXl(h, request, {paused: c.opts.has('p'), warn: c.warn2})
      return d instanceof XlError ? d : {json: '', console: c.opts.has('c') ? d.guest.console : ''}
    })
    if (out instanceof XlError) throw out // after the commit: the failed create spent its domain id
    c.out(out.json + out.console)
  },
})
