import {arg, defineCommand, flag} from '../cli/command-def.js'
import {findDomain} from '../libxl/domain.js'
import {vcpuPinXl} from '../libxl/vcpu.js'
import {XlError} from '../libxl/errors.js'
import {parseCpuList} from '../libxlu/index.js'
import {formatCpuRanges} from '../xl/format/index.js'
import {strtol} from '../xl/lifecycle-view.js'

export default defineCommand({
  summary: 'Set which CPUs a VCPU can use',
  args: {
    domain: arg({required: true, description: 'Domain'}),
    vcpu: arg({required: true, description: 'VCPU number or all'}),
    hard: arg({required: true, description: 'Hard affinity (cpu list, all, or - to keep)'}),
    soft: arg({description: 'Soft affinity (cpu list, all, or - to keep)'}),
  },
  flags: {
    force: flag.boolean({char: 'f', description: 'Undo an override pinning done by the kernel'}),
    'ignore-global-affinity-masks': flag.boolean({char: 'i', description: 'Ignore the global affinity masks'}),
  },
  run({args, flags, globals, host, out, warn2}) {
    const result = host(h => {
      const d = findDomain(h, args.domain)
      const nr = h.config.cpus
      const v = strtol(args.vcpu)
      let vcpuId: number
      if (!v.digits || v.value < 0n) {
        if (args.vcpu !== 'all') throw new XlError(`Error: Invalid argument ${args.vcpu} as VCPU.`)
        if (flags.force) throw new XlError("Error: --force and 'all' as VCPU not allowed.")
        vcpuId = -1
      } else {
        vcpuId = v.value > 0x7fffffffn ? 0x7fffffff : Number(v.value)
      }
      const map = (s: string | undefined) => {
        if (s === undefined || s === '-') return undefined
        const r = parseCpuList(s, nr)
        if (!r.ok) throw new XlError(r.error)
        return r.cpus
      }
      const hard = map(args.hard)
      const soft = map(args.soft)
      if (globals.dryRun) {
        const text = `cpumap: ${hard ? formatCpuRanges(hard, nr) : '-'}${soft ? ` ${formatCpuRanges(soft, nr)}` : ''}\n`
        return {ok: true, lines: [] as string[], text}
      }
      return {...vcpuPinXl(h, d, vcpuId, hard, soft, flags.force), text: ''}
    })
    out(result.text)
    if (!result.ok) throw new XlError(result.lines)
    warn2(result.lines)
  },
})
