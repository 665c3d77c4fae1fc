import {arg, defineCommand, flag} from '../cli/command-def.js'
import {checkDomainConfig, createDomainXl} from '../libxl/create.js'
import {XlError} from '../libxl/errors.js'
import {parseCreateConfig, requestFromParsed} from '../xl/create-request.js'
import {readConfigFile} from '../xl/config-file.js'
import {requestConfigView} from '../xl/config-view.js'
import {formatDomainConfig} from '../xl/format/index.js'

export default defineCommand({
  summary: 'Create a domain from config file <filename>',
  strict: false,
  args: {configfile: arg({description: 'ConfigFile'})},
  flags: {
    paused: flag.boolean({char: 'p', description: 'Leave the domain paused after it is created'}),
    dryrun: flag.boolean({char: 'n', description: 'Dry run - prints the resulting configuration in JSON, does not create the domain'}),
    quiet: flag.boolean({char: 'q', description: 'Quiet'}),
    defconfig: flag.string({char: 'f', description: 'Use the given configuration file'}),
    console: flag.boolean({char: 'c', description: 'Connect to the console after the domain is created'}),
  },
  run({flags, argv, host, out, warn2}) {
    let file = flags.defconfig
    let overrides = argv
    if (!file && argv.length && !argv[0].includes('=')) [file, ...overrides] = argv
    if (!file) throw new XlError('xl create: no config file given', 2)
    // Read and parse before the host transaction (xl_vmcontrol.c create_domain order).
    const bytes = readConfigFile(file)
    warn2([`Parsing config from ${file}`])
    const cfg = parseCreateConfig(bytes, file, overrides)
    const shown = host(h => {
      const {request, warnings} = requestFromParsed(cfg, file, h.config.cpus)
      warn2(warnings)
      if (flags.dryrun) {
        checkDomainConfig(h, request)
        return formatDomainConfig(requestConfigView(h, request, cfg))
      }
      const d = createDomainXl(h, request, {paused: flags.paused, warn: warn2})
      return d instanceof XlError ? d : flags.console ? d.guest.console : ''
    })
    if (shown instanceof XlError) throw shown // after the commit: the failed create spent its domain id
    out(shown)
  },
})
