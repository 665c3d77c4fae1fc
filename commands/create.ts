import {Args, Flags} from '@oclif/core'
import {readFileSync} from 'node:fs'
import {XlCommand} from '../src/cli/base.js'
import {createDomain} from '../src/toolstack/domains.js'
import {XlError} from '../src/toolstack/errors.js'
import {requestFromConfig} from '../src/xl/create-request.js'
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
      const {request, warnings} = requestFromConfig(text, file, overrides, host.config.cpus)
      this.warn2(warnings)
      if (flags.dryrun) return formatListLong([requestConfigView(host, request)])
      const d = createDomain(host, request, {paused: flags.paused})
      return flags.console ? d.guest.console : ''
    })
    this.out(out)
  }
}
