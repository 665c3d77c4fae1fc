import {XlsimCommand} from '../../src/cli/xlsim-command.js'
import {checkInvariants} from '../../src/hypervisor/invariants.js'
import {checkHost} from '../../src/cli/session.js'

export default class HostCheck extends XlsimCommand {
  static override summary = "Check the host's invariants (ids, runstate sums, vm_assist masks, ring size, placement)"
  static override description = 'Prints "host check: ok", or one line per broken invariant on stderr and exits 1.'
  static override examples = ['<%= config.bin %> host check', '<%= config.bin %> host check --json']
  static override enableJsonFlag = true

  async run(): Promise<unknown> {
    const {flags} = await this.parse(HostCheck)
    // Damaged rows first (each named), then the invariants of the host.
    const problems = checkHost({state: flags.state, warn: l => this.warn2([l])}, checkInvariants)
    if (problems.length) this.setExitCode(1)
    if (this.jsonEnabled()) return {ok: problems.length === 0, problems}
    if (problems.length === 0) this.out('host check: ok\n')
    else this.warn2(problems.map(p => `host check: ${p}`))
    return undefined
  }
}
