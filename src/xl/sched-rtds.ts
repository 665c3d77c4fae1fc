// main_sched_rtds (tools/xl/xl_sched.c): RTDS's per-domain defaults
// (`%-33s %4s %9s %9s %10s`: Name ID Period Budget Extratime) and per-vCPU
// parameters (`%-33s %4s %4s %9s %9s %10s`, with VCPU), listed per cpupool
// that runs RTDS (`Cpupool <name>: sched=RTDS`), or set for some or all
// vCPUs of a domain. xl's getopt string has a bare `c` (no argument): only
// `--cpupool=POOL` names a pool, `-c` leaves it unset, as in real xl.
import {xlCommand} from './command.js'
import {XlError} from '../libxl/errors.js'
import {findDomain} from '../libxl/domain.js'
import {cpupoolByQualifier, listCpupools} from '../libxl/cpupool.js'
import {rtdsDomainGetXl, rtdsVcpuGetXl, rtdsVcpuSetXl} from '../libxl/sched-rtds.js'
import {domainsInOrder, type Host} from '../hypervisor/host.js'
import {domainPoolId} from '../hypervisor/sched/cpupool.js'
import type {RtdsVcpuParams} from '../hypervisor/sched/index.js'
import {strtolInt} from './lifecycle-view.js'
import {padRight} from './format/printf.js'

const yes = (b: boolean) => (b ? 'yes' : 'no')

export const RTDS_DOMAIN_HEADER = `${'Name'.padEnd(33)} ${'ID'.padStart(4)} ${'Period'.padStart(9)} ${'Budget'.padStart(9)} ${'Extratime'.padStart(10)}`
export const RTDS_VCPU_HEADER = `${'Name'.padEnd(33)} ${'ID'.padStart(4)} ${'VCPU'.padStart(4)} ${'Period'.padStart(9)} ${'Budget'.padStart(9)} ${'Extratime'.padStart(10)}`

function domainLine(r: {name: string; domid: number; periodUs: number; budgetUs: number; extratime: boolean}): string {
  return `${padRight(r.name, 33)} ${String(r.domid).padStart(4)} ${String(r.periodUs).padStart(9)} ${String(r.budgetUs).padStart(9)} ${yes(r.extratime).padStart(10)}\n`
}

function vcpuLines(name: string, domid: number, ps: readonly RtdsVcpuParams[]): string {
  return ps.map(p => `${padRight(name, 33)} ${String(domid).padStart(4)} ${String(p.vcpuId).padStart(4)} ${String(p.periodUs).padStart(9)} ${String(p.budgetUs).padStart(9)} ${yes(p.extratime).padStart(10)}\n`).join('')
}

/** An error after some text: xl printed the text first. */
class After extends Error {
  constructor(readonly text: string, readonly err: XlError) {
    super(err.message)
  }
}

export default xlCommand({
  name: 'sched-rtds',
  canDryrun: false,
  modifies: true,
  summary: 'Get/set rtds scheduler parameters',
  usage: '[-d <Domain> [-v[=VCPUID/all]] [-p[=PERIOD]] [-b[=BUDGET]] [-e[=Extratime]]]',
  options: '-d DOMAIN, --domain=DOMAIN     Domain to modify\n-v VCPUID/all, --vcpuid=VCPUID/all    VCPU to modify or output;\n               Using \'-v all\' to modify/output all vcpus\n-p PERIOD, --period=PERIOD     Period (us)\n-b BUDGET, --budget=BUDGET     Budget (us)\n-e Extratime, --extratime=Extratime Extratime (1=yes, 0=no)\n',
  getopt: {short: 'hd:p:b:e:v:c', long: [{name: 'help', hasArg: false, val: 'h'}, {name: 'domain', hasArg: true, val: 'd'}, {name: 'period', hasArg: true, val: 'p'}, {name: 'budget', hasArg: true, val: 'b'}, {name: 'extratime', hasArg: true, val: 'e'}, {name: 'vcpuid', hasArg: true, val: 'v'}, {name: 'cpupool', hasArg: true, val: 'c'}], helpName: 'sched-rtds', requiredArgs: 0},
  main(c) {
    let dom: string | undefined
    let cpupool: string | undefined
    const periods: number[] = [], budgets: number[] = [], extratimes: number[] = [], vcpus: number[] = []
    let all = false
    for (const o of c.opts.list) {
      const arg = o.arg ?? ''
      switch (o.opt) {
        case 'd': dom = arg; break
        case 'p': periods.push(strtolInt(arg)); break
        case 'b': budgets.push(strtolInt(arg)); break
        case 'e':
          if (arg !== '0' && arg !== '1') throw new XlError('Invalid extratime.')
          extratimes.push(strtolInt(arg))
          break
        case 'v':
          if (arg === 'all') all = true
          else vcpus.push(strtolInt(arg))
          break
          // -c has no argument in xl's getopt string (optarg is NULL); --cpupool=POOL has one.
        case 'c': cpupool = o.arg; break
      }
    }
    const optP = periods.length > 0, optB = budgets.length > 0, optE = extratimes.length > 0, optV = vcpus.length > 0
    if (cpupool !== undefined && (dom !== undefined || optP || optB || optE || optV || all)) {
      throw new XlError('Specifying a cpupool is not allowed with other options.')
    }
    if (dom === undefined && (optP || optB || optE || optV)) throw new XlError('Missing parameters.')
    if (dom !== undefined && !optV && !all && (optP || optB || optE)) throw new XlError('Must specify VCPU.')
    if (optV && all) throw new XlError('Incorrect VCPU IDs.')
    const nv = vcpus.length, np = periods.length, nb = budgets.length, ne = extratimes.length
    if ((nv > nb && optB) || (nv > np && optP) || (nv > ne && optE) || np !== nb || np !== ne) {
      throw new XlError('Incorrect number of period, budget and extratime')
    }
    let text: string
    try {
      text = c.host(host => {
        if (dom === undefined) return listPools(host, cpupool, all)
        const d = findDomain(host, dom)
        if (!optV && !all) {
          let out = `${RTDS_DOMAIN_HEADER}\n`
          try {
            out += domainLine(rtdsDomainGetXl(host, d))
          } catch (e) {
            if (e instanceof XlError) throw new After(out, e)
            throw e
          }
          return out
        }
        if (!optP && !optB && !optE) {
          const out = `${RTDS_VCPU_HEADER}\n`
          try {
            return out + vcpuLines(d.name, d.domid, rtdsVcpuGetXl(host, d, optV ? vcpus : undefined))
          } catch (e) {
            if (e instanceof XlError) throw new After(out, e)
            throw e
          }
        }
        if (optV) {
          rtdsVcpuSetXl(host, d, vcpus.map((v, i) => ({vcpuId: v, periodUs: periods[i], budgetUs: budgets[i], extratime: extratimes[i] !== 0})), false)
        } else {
          rtdsVcpuSetXl(host, d, [{vcpuId: 0, periodUs: periods[0], budgetUs: budgets[0], extratime: extratimes[0] !== 0}], true)
        }
        return ''
      })
    } catch (e) {
      if (!(e instanceof After)) throw e
      c.out(e.text)
      throw e.err
    }
    c.out(text)
  },
})

/** sched_domain_output / sched_vcpu_output for RTDS: each RTDS pool (or the one named), its line, header and domains. */
function listPools(host: Host, cpupool: string | undefined, vcpus: boolean): string {
  let only: number | undefined
  if (cpupool !== undefined) {
    const p = cpupoolByQualifier(host, cpupool)
    if (!p) throw new XlError(`unknown cpupool '${cpupool}'`)
    only = p.id
  }
  let out = ''
  for (const p of listCpupools(host)) {
    if (p.sched !== 'rtds' || (only !== undefined && p.poolid !== only)) continue
    out += `Cpupool ${p.name}: sched=RTDS\n`
    out += `${vcpus ? RTDS_VCPU_HEADER : RTDS_DOMAIN_HEADER}\n`
    for (const d of domainsInOrder(host)) {
      if (domainPoolId(d) !== p.poolid) continue
      out += vcpus ? vcpuLines(d.name, d.domid, rtdsVcpuGetXl(host, d, undefined)) : domainLine(rtdsDomainGetXl(host, d))
    }
  }
  return out
}
