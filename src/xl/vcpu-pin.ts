// main_vcpupin (tools/xl/xl_vcpu.c): <Domain> <VCPU|all> <Hard> [<Soft>],
// "-" keeps an affinity; with -N only the cpumaps are printed.
import {xlCommand} from './command.js'
import {findDomain} from '../libxl/domain.js'
import {vcpuPinXl} from '../libxl/vcpu.js'
import {XlError} from '../libxl/errors.js'
import {parseCpuList} from '../libxlu/index.js'
import {formatCpuRanges} from './format/index.js'
import {strtol} from './lifecycle-view.js'

export default xlCommand({
  name: 'vcpu-pin',
  canDryrun: true,
  modifies: true,
  summary: 'Set which CPUs a VCPU can use',
  usage: '[option] <Domain> <VCPU|all> <Hard affinity|-|all> <Soft affinity|-|all>',
  options: '-f, --force        undo an override pinning done by the kernel\n--ignore-global-affinity-masks Ignore global masks in xl.conf',
  getopt: {short: 'hfi', long: [{name: 'help', hasArg: false, val: 'h'}, {name: 'force', hasArg: false, val: 'f'}, {name: 'ignore-global-affinity-masks', hasArg: false, val: 'i'}], helpName: 'vcpu-pin', requiredArgs: 3},
  main(c) {
    const [ident, vcpu, hardArg, softArg] = c.args
    const force = c.opts.has('f')
    const result = c.host(h => {
      const d = findDomain(h, ident)
      const nr = h.config.cpus
      const v = strtol(vcpu)
      let vcpuId: number
      if (!v.digits || v.value < 0n) {
        if (vcpu !== 'all') throw new XlError(`Error: Invalid argument ${vcpu} as VCPU.`)
        if (force) throw new XlError("Error: --force and 'all' as VCPU not allowed.")
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
      const hard = map(hardArg)
      const soft = map(softArg)
      if (c.globals.dryRun) {
        const text = `cpumap: ${hard ? formatCpuRanges(hard, nr) : '-'}${soft ? ` ${formatCpuRanges(soft, nr)}` : ''}\n`
        return {ok: true, lines: [] as string[], text}
      }
      const r = vcpuPinXl(h, d, vcpuId, hard, soft, force)
      if (r.ok) return {...r, text: ''}
      // One vCPU: xl exits 1. All of them: xl says so yet exits 0 (main_vcpupin sets rc = EXIT_SUCCESS regardless).
      if (vcpuId !== -1) return {ok: false, lines: [...r.lines, `Could not set affinity for vcpu \`${vcpuId}'.`], text: ''}
      return {ok: true, lines: [...r.lines, 'Could not set affinity.'], text: ''}
    })
    c.out(result.text)
    if (!result.ok) throw new XlError(result.lines)
    c.warn2(result.lines)
  },
})
