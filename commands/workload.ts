import {Args} from '@oclif/core'
import {XlsimCommand} from '../src/cli/xlsim-command.js'
import {findDomain} from '../src/libxl/domain.js'
import {XlError} from '../src/libxl/errors.js'
import {parseWorkload, formatWorkload, vcpuChanged} from '../src/hypervisor/sched/index.js'

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
    if (spec !== undefined) {
      const w = parseWorkload(spec)
      if ('error' in w) throw new XlError(`xl: ${w.error}`, 2)
    }
    const rows = this.session(flags.state).host(h => {
      const d = findDomain(h, args.domain)
      let targets = d.vcpus
      if (vcpuArg !== undefined) {
        const n = /^\d+$/.test(vcpuArg) ? Number(vcpuArg) : -1
        if (!d.vcpus[n]) throw new XlError(`xl: domain ${d.name} has no vcpu ${vcpuArg}`)
        targets = [d.vcpus[n]]
      }
      if (spec !== undefined) for (const v of targets) {
        v.workload = spec
        vcpuChanged(h, d, v)
      }
      return d.vcpus.map(v => ({vcpu: v.vcpuId, workload: v.workload}))
    })
    if (this.jsonEnabled()) return rows
    if (spec === undefined) this.out(rows.map(r => `vcpu ${r.vcpu}: ${formatWorkload(parseWorkloadOrIdle(r.workload))}\n`).join(''))
    return undefined
  }
}

function parseWorkloadOrIdle(spec: string) {
  const w = parseWorkload(spec)
  return 'error' in w ? parseWorkload('idle') as Exclude<ReturnType<typeof parseWorkload>, {error: string}> : w
}
