// main_config_update (tools/xl/xl_misc.c): the domain comes first (argv[1],
// before getopt), then the config file (the next word, -f FILE, or the
// first other argument), key=value words appended as create does. -d or
// the global -N print the parsed config as JSON; without -N it is stored as
// the domain's "xl" userdata (libxl_userdata_store), which xl reads back
// when it rebuilds the domain on reboot.
import {xlCommand} from './command.js'
import {findDomain} from '../libxl/domain.js'
import {storeXlUserdata} from '../libxl/userdata.js'
import {rebuildSpec} from '../libxl/create.js'
import {XlError} from '../libxl/errors.js'
import {parseCreateConfig, requestFromParsed} from './create-request.js'
import {readConfigFile} from './config-file.js'
import {requestConfigView} from './config-view.js'
import {formatDomainConfig} from './format/index.js'

export default xlCommand({
  name: 'config-update',
  canDryrun: true,
  modifies: true,
  summary: 'Update a running domain\'s saved configuration, used when rebuilding the domain after reboot.\nWARNING: xl now has better capability to manage domain configuration, avoid using this command when possible',
  usage: '<Domain> <ConfigFile> [options] [vars]',
  options: '-h                      Print this help.\n-f FILE, --defconfig=FILE\n                     Use the given configuration file.\n-d                      Enable debug messages.\n',
  getopt: {short: 'hdqf:', long: [{name: 'help', hasArg: false, val: 'h'}, {name: 'defconfig', hasArg: true, val: 'f'}], helpName: 'config_update', requiredArgs: 0},
  firstArg: () => true,
  main(c) {
    const dom = c.firstArg
    if (dom === undefined) {
      c.warn2(['xl config-update requires a domain argument'])
      // help("config-update") here; getopt's own help uses "config_update", which help() cannot find.
      c.help('config-update')
      return 1
    }
    c.warn2(['WARNING: xl now has better capability to manage domain configuration, avoid using this command when possible'])
    const domid = c.readHost(h => findDomain(h, dom).domid)
    let file = c.opts.arg('f')
    const overrides: string[] = []
    for (const a of c.args) {
      if (a.includes('=')) overrides.push(a)
      else if (file === undefined) file = a
      else {
        c.help('create')
        return 2
      }
    }
    if (file === undefined) throw new XlError('Config file not specified', 1)
    let bytes: string
    try {
      bytes = readConfigFile(file)
    } catch (e) {
      // config_update returns ERROR_FAIL where create returns 3.
      if (e instanceof XlError) throw new XlError(e.lines, 253)
      throw e
    }
    const cfg = parseCreateConfig(bytes, file, overrides)
    const dryrun = c.globals.dryRun
    const out = (dryrun ? c.readHost : c.host)(h => {
      const {request, warnings} = requestFromParsed(cfg, file, h.config.cpus)
      c.warn2(warnings)
      const json = c.opts.has('d') || dryrun ? formatDomainConfig(requestConfigView(h, request, cfg)) : ''
      if (!dryrun) {
        const d = h.domains.get(domid)!
        storeXlUserdata(d, rebuildSpec(h, request, d.uuid))
      }
      return json
    })
    c.out(out)
    if (!dryrun) c.warn2([`setting dom${domid} configuration`])
  },
})
