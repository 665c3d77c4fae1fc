import {arg, defineCommand} from '../../cli/command-def.js'
import {findDomain} from '../../libxl/domain.js'
import {XlError} from '../../libxl/errors.js'
import {formatRunstate, runstateRecord} from '../../xl/runstate-view.js'

export default defineCommand({
  summary: "Show each vCPU's runstate record as the guest sees it",
  description: 'Decodes the guest copy the hypervisor keeps up to date at every context switch, and shows what the guest derives from it: steal (runnable + offline), whether remote reads are allowed, whether runqueue steal time is on. Also: `xl runstate check` (memory-model checker).',
  json: true,
  args: {
    domain: arg({required: true, description: 'Domain'}),
    vcpu: arg({description: 'VCPU number'}),
  },
  run({args, json, host, out}) {
    const r = host(h => {
      const d = findDomain(h, args.domain)
      let vcpu: number | undefined
      if (args.vcpu !== undefined) {
        vcpu = /^\d+$/.test(args.vcpu) ? Number(args.vcpu) : NaN
        if (!(vcpu < d.vcpus.length)) throw new XlError(`xl: domain ${d.name} has no vcpu ${args.vcpu}`, 1)
      }
      return runstateRecord(h, d, vcpu)
    })
    if (json) return r
    out(formatRunstate(r))
    return undefined
  },
})
