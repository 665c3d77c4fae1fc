import {XlCommand} from '../../src/cli/base.js'
import {checkInvariants} from '../../src/hypervisor/invariants.js'

export default class HostCheck extends XlCommand {
  static override summary = "Check the host's invariants (ids, runstate sums, vm_assist masks, ring size, placement)"
  static override enableJsonFlag = true

  async run(): Promise<unknown> {
    const {flags} = await this.parse(HostCheck)
    this.setState(flags.state)
    const problems = this.host(host => checkInvariants(host))
    if (this.jsonEnabled()) {
      if (problems.length) process.exitCode = 1
      return {ok: problems.length === 0, problems}
    }
    if (problems.length === 0) {
      this.out('host check: ok\n')
      return undefined
    }
    this.warn2(problems.map(p => `host check: ${p}`))
    this.exit(1)
  }
}
