import {Args} from '@oclif/core'
import {XlsimCommand} from '../src/cli/xlsim-command.js'
import {applyWorkload, checkWorkloadSpec, formatWorkloads} from '../src/xl/workload-view.js'

export default class Workload extends XlsimCommand {
  static override summary = "Show or set what a domain's vCPUs run (idle, cpu, duty:<pct>[:<period>], io:<ms>)"
  static override examples = ['<%= config.bin %> workload g1', '<%= config.bin %> workload g1 cpu', '<%= config.bin %> workload g1 1 duty:30:100ms', '<%= config.bin %> workload g1 io:20']
  static override enableJsonFlag = true
  static override args = {
    domain: Args.string({ignoreStdin: true, required: true, description: 'Domain'}),
    a: Args.string({ignoreStdin: true, description: '[VCPU] spec'}),
    b: Args.string({ignoreStdin: true, description: 'spec, when a VCPU is given'}),
  }

  async run(): Promise<unknown> {
    const {args, flags} = await this.parse(Workload)
    const [vcpuArg, spec] = args.b !== undefined ? [args.a, args.b] : [undefined, args.a]
    if (spec !== undefined) checkWorkloadSpec(spec)
    const session = await this.session(flags.state)
    const rows = (spec === undefined ? session.readHost : session.host)(h => applyWorkload(h, args.domain, vcpuArg, spec))
    if (this.jsonEnabled()) return rows
    if (spec === undefined) this.out(formatWorkloads(rows))
    return undefined
  }
}
