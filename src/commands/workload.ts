import {arg, defineCommand} from '../cli/command-def.js'
import {findDomain} from '../libxl/domain.js'
import {XlError} from '../libxl/errors.js'
import {parseWorkload, formatWorkload, vcpuChanged} from '../hypervisor/sched/index.js'

export default defineCommand({
  summary: "Show or set what a domain's vCPUs run (idle, cpu, duty:<pct>[:<period>], io:<ms>)",
  examples: ['xl workload g1', 'xl workload g1 cpu', 'xl workload g1 1 duty:30:100ms', 'xl workload g1 io:20'],
  json: true,
  args: {
    domain: arg({required: true, description: 'Domain'}),
    a: arg({description: '[VCPU] spec'}),
    b: arg({description: 'spec, when a VCPU is given'}),
  },
  run({args, json, host, out}) {
    const [vcpuArg, spec] = args.b !== undefined ? [args.a, args.b] : [undefined, args.a]
    if (spec !== undefined) {
      const w = parseWorkload(spec)
      if ('error' in w) throw new XlError(`xl: ${w.error}`, 2)
    }
    const rows = host(h => {
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
    if (json) return rows
    if (spec === undefined) out(rows.map(r => `vcpu ${r.vcpu}: ${formatWorkload(parseWorkloadOrIdle(r.workload))}\n`).join(''))
    return undefined
  },
})

function parseWorkloadOrIdle(spec: string) {
  const w = parseWorkload(spec)
  return 'error' in w ? parseWorkload('idle') as Exclude<ReturnType<typeof parseWorkload>, {error: string}> : w
}
