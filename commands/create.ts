import {Args, Flags} from '@oclif/core'
import {readFileSync} from 'node:fs'
import {XlCommand} from '../src/cli/base.js'
import {createDomain} from '../src/toolstack/domains.js'
import {XlError} from '../src/toolstack/errors.js'
import {applyOverrides, ConfigError, ConfigParseError, domainConfigFrom, findSetting, getLong, parseConfig} from '../src/xl/cfg/index.js'
import {parseWorkload} from '../src/hypervisor/sched/index.js'
import {createRequestFrom} from '../src/xl/create-request.js'
import {requestConfigView} from '../src/xl/config-view.js'
import {formatListLong} from '../src/xl/format/index.js'

export default class Create extends XlCommand {
  static override summary = 'Create a domain from config file <filename>'
  static override strict = false
  static override args = {configfile: Args.string({description: 'ConfigFile'})}
  static override flags = {
    paused: Flags.boolean({char: 'p', description: 'Leave the domain paused after it is created'}),
    dryrun: Flags.boolean({char: 'n', description: 'Dry run - prints the resulting configuration in JSON, does not create the domain'}),
    quiet: Flags.boolean({char: 'q', description: 'Quiet'}),
    defconfig: Flags.string({char: 'f', description: 'Use the given configuration file'}),
    console: Flags.boolean({char: 'c', description: 'Connect to the console after the domain is created'}),
  }

  async run(): Promise<void> {
    const {flags, argv} = await this.parse(Create)
    this.setState(flags.state)
    const positional = argv as string[]
    let file = flags.defconfig
    let overrides = positional
    if (!file && positional.length && !positional[0].includes('=')) [file, ...overrides] = positional
    if (!file) throw new XlError('xl create: no config file given', 2)
    process.stderr.write(`Parsing config from ${file}\n`)
    let text: string
    try {
      text = readFileSync(file, 'utf8')
    } catch (e) {
      const reason = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'No such file or directory' : (e as Error).message
      throw new XlError(`Failed to read config file: ${file}: ${reason}`, 3)
    }
    const out = this.host(host => {
      const {input, weight, warnings, typeGiven} = this.parseConfig(text, file, overrides, host.config.cpus)
      this.warn2(warnings)
      const request = createRequestFrom(input, weight)
      for (const w of request.workloads) {
        const parsed = parseWorkload(w)
        if ('error' in parsed) throw new XlError(`${file}: invalid workload "${w}": ${parsed.error}`, 1)
      }
      // xl's default type is the arch's: PV on x86, PVH (the only kind) on ARM.
      if (!typeGiven) request.type = undefined
      if (flags.dryrun) return formatListLong([requestConfigView(host, request)])
      const d = createDomain(host, request, {paused: flags.paused})
      return flags.console ? d.guest.console : ''
    })
    this.out(out)
  }

  private parseConfig(text: string, file: string, overrides: string[], nrCpus: number) {
    try {
      const cfg = applyOverrides(parseConfig(text, file), overrides)
      const input = domainConfigFrom(cfg, {nrCpus})
      // The spec's scheduler key `weight` (real xl reads `cpu_weight`).
      const w = getLong(cfg, 'weight')
      const typeGiven = findSetting(cfg, 'type') !== undefined || findSetting(cfg, 'builder') !== undefined
      return {input, weight: w.ok ? w.value : null, warnings: cfg.warnings, typeGiven}
    } catch (e) {
      if (e instanceof ConfigParseError || e instanceof ConfigError) throw new XlError(e.lines, (e as ConfigError).exitCode ?? 1)
      throw e
    }
  }
}
