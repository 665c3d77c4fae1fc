import {Args, Flags} from '@oclif/core'
import {XlCommand} from '../src/cli/base.js'
import {globalOptions} from '../src/cli/session.js'
import {findDomain, vcpuPinXl} from '../src/toolstack/domains.js'
import {XlError} from '../src/toolstack/errors.js'
import {parseCpuList} from '../src/xl/cfg/index.js'
import {formatCpuRanges} from '../src/xl/format/index.js'
import {strtol} from '../src/xl/lifecycle-view.js'

export default class VcpuPin extends XlCommand {
  static override summary = 'Set which CPUs a VCPU can use'
  static override args = {
    domain: Args.string({required: true, description: 'Domain'}),
    vcpu: Args.string({required: true, description: 'VCPU number or all'}),
    hard: Args.string({required: true, description: 'Hard affinity (cpu list, all, or - to keep)'}),
    soft: Args.string({description: 'Soft affinity (cpu list, all, or - to keep)'}),
  }
  static override flags = {
    force: Flags.boolean({char: 'f', description: 'Undo an override pinning done by the kernel'}),
    'ignore-global-affinity-masks': Flags.boolean({char: 'i', description: 'Ignore the global affinity masks'}),
  }

  async run(): Promise<void> {
    const {args, flags} = await this.parse(VcpuPin)
    this.setState(flags.state)
    const dryRun = globalOptions().dryRun
    const result = this.host(host => {
      const d = findDomain(host, args.domain)
      const nr = host.config.cpus
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
      if (dryRun) {
        const text = `cpumap: ${hard ? formatCpuRanges(hard, nr) : '-'}${soft ? ` ${formatCpuRanges(soft, nr)}` : ''}\n`
        return {ok: true, lines: [] as string[], text}
      }
      return {...vcpuPinXl(host, d, vcpuId, hard, soft, flags.force), text: ''}
    })
    this.out(result.text)
    if (!result.ok) throw new XlError(result.lines)
    this.warn2(result.lines)
  }
}
