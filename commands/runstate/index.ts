import {Args} from '@oclif/core'
import {XlsimCommand} from '../../src/cli/xlsim-command.js'
import {findDomain} from '../../src/libxl/domain.js'
import {XlError} from '../../src/libxl/errors.js'
import {formatRunstate, runstateRecord} from '../../src/xl/runstate-view.js'

export default class Runstate extends XlsimCommand {
  static override summary = "Show each vCPU's runstate record as the guest sees it"
  static override description = 'Decodes the guest copy the hypervisor keeps up to date at every context switch, and shows what the guest derives from it: steal (runnable + offline), whether remote reads are allowed, whether runqueue steal time is on. Also: `xl runstate check` (memory-model checker) and `xl runstate stress` (torn reads on the live host).'
  static override examples = ['<%= config.bin %> runstate g1', '<%= config.bin %> runstate g1 1 --json']
  static override enableJsonFlag = true
  static override args = {
    domain: Args.string({ignoreStdin: true, required: true, description: 'Domain'}),
    vcpu: Args.string({ignoreStdin: true, description: 'VCPU number'}),
  }

  async run(): Promise<unknown> {
    const {args, flags} = await this.parse(Runstate)
    const r = (await this.session(flags.state)).readHost(h => {
      const d = findDomain(h, args.domain)
      let vcpu: number | undefined
      if (args.vcpu !== undefined) {
        vcpu = /^\d+$/.test(args.vcpu) ? Number(args.vcpu) : NaN
        if (!(vcpu < d.vcpus.length)) throw new XlError(`xl: domain ${d.name} has no vcpu ${args.vcpu}`, 1)
      }
      return runstateRecord(h, d, vcpu)
    })
    if (this.jsonEnabled()) return r
    this.out(formatRunstate(r))
    return undefined
  }
}
