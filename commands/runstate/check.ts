import {Flags} from '@oclif/core'
import {XlsimBase} from '../../src/cli/xlsim-command.js'
import {XlError} from '../../src/libxl/errors.js'
import {CheckOptionError, READERS, runCheck, runMatrix, WRITERS} from '../../src/checker/index.js'
import {renderCheck, renderMatrix, toJson} from '../../src/checker/report.js'

const list = (xs: readonly {name: string; description: string}[]) => xs.map((x) => `  ${x.name.padEnd(18)} ${x.description}`).join('\n')

export default class RunstateCheck extends XlsimBase {
  static override summary = 'Model-check the XEN_RUNSTATE_UPDATE protocol under SC, x86-TSO and ARMv8'

  static override description = `Explores every interleaving and every reordering the memory model allows of
Xen rewriting a vCPU's runstate area (K updates) while a guest CPU takes a
snapshot of it, and reports whether the snapshot can be torn (a mix of
records, or one with XEN_RUNSTATE_UPDATE set), with a step-by-step trace.

Writers:
${list(WRITERS)}

Readers:
${list(READERS)}

Models: sc, tso (x86-TSO), armv8 (other-multi-copy-atomic ARMv8).

--remote (default): the reader runs on another CPU while Xen writes.
--local: the reader reads its own vCPU's record, which Xen never rewrites
while that vCPU runs; always SAFE, which is why Linux 4.6 only read its own.

Exit status: 0 SAFE, 1 TORN, 2 bad option (--matrix: 0).`

  static override examples = [
    '<%= config.bin %> runstate check --writer xen-4.17-x86 --reader linux-4.6',
    '<%= config.bin %> runstate check --writer xen-4.17-arm --reader linux-4.8 --model armv8 --updates 2',
    '<%= config.bin %> runstate check --writer xen-4.17-no-wmb1 --reader linux-4.8 --model armv8',
    '<%= config.bin %> runstate check --matrix --updates 2',
    '<%= config.bin %> runstate check --writer xen-4.7 --reader linux-4.6 --local',
  ]

  // The checker needs no host; --state is accepted as on every command, so a
  // script can pass it uniformly. Its --json prints the checker's own record.
  static override flags = {
    state: Flags.string({description: 'accepted as on every command; the checker itself uses no host', helpValue: '<file>'}),
    writer: Flags.string({description: 'hypervisor update_runstate_area variant', default: 'xen-4.17-x86'}),
    reader: Flags.string({description: 'guest snapshot reader variant', default: 'linux-4.8'}),
    model: Flags.string({description: 'memory model: sc, tso or armv8', default: 'sc'}),
    updates: Flags.string({description: 'consecutive updates by Xen, 1..3', default: '1'}),
    remote: Flags.boolean({description: 'reader on another CPU (default)'}),
    local: Flags.boolean({description: 'reader reads its own vCPU\'s record'}),
    matrix: Flags.boolean({description: 'every writer x reader x model'}),
    json: Flags.boolean({description: 'machine-readable output'}),
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(RunstateCheck)
    // A bad option: "xl: <message>" on one line and exit 2, like every usage error.
    const bad = (message: string) => new XlError(`xl: ${message.replace(/\s*\n\s*/g, ' ')}`, 2)
    const updates = /^[0-9]+$/.test(flags.updates) ? Number(flags.updates) : NaN
    if (!(updates >= 1 && updates <= 3)) throw bad(`bad --updates '${flags.updates}'; valid: 1, 2, 3`)
    if (flags.local && flags.remote) throw bad('--local and --remote cannot be used together')
    const mode = flags.local ? 'local' : 'remote'
    try {
      if (flags.matrix) {
        const m = runMatrix({updates, mode})
        this.out(`${flags.json ? toJson(m) : renderMatrix(m)}\n`)
        return
      }
      const r = runCheck({writer: flags.writer, reader: flags.reader, model: flags.model, updates, mode})
      this.out(`${flags.json ? toJson(r) : renderCheck(r)}\n`)
      if (r.verdict !== 'SAFE') this.setExitCode(1)
    } catch (e) {
      if (e instanceof CheckOptionError) throw bad(e.message)
      throw e
    }
  }
}
