import {Flags} from '@oclif/core'
import {XlCommand} from '../src/cli/base.js'
import {cpupoolXl, findDomain, schedCredit2PoolSetXl, schedDomainSetXl, schedPoolGetXl} from '../src/toolstack/domains.js'
import {XlError} from '../src/toolstack/errors.js'
import {formatSchedCredit2, SCHED_HEADER, type Credit2Pool, type SchedRow} from '../src/xl/format/index.js'
import {joinOptionValues, schedRow, schedRows, strtolInt} from '../src/xl/lifecycle-view.js'

const VALUED = {d: 'domain', w: 'weight', c: 'cap', r: 'ratelimit_us', p: 'cpupool'}

export default class SchedCredit2 extends XlCommand {
  static override summary = 'Get/set credit2 scheduler parameters'
  static override enableJsonFlag = true
  static override flags = {
    domain: Flags.string({char: 'd', description: 'Domain to modify'}),
    weight: Flags.string({char: 'w', description: 'Weight (int)'}),
    cap: Flags.string({char: 'c', description: 'Cap (int, as % of one CPU)'}),
    schedparam: Flags.boolean({char: 's', description: 'Query / modify scheduler parameters'}),
    ratelimit_us: Flags.string({char: 'r', description: 'Ratelimit in us'}),
    cpupool: Flags.string({char: 'p', description: 'Restrict output to CPUPOOL'}),
  }

  async run(): Promise<unknown> {
    this.argv = joinOptionValues(this.argv, VALUED)
    const {flags} = await this.parse(SchedCredit2)
    this.setState(flags.state)
    const f = flags
    const has = (v: string | undefined) => v !== undefined
    if (has(f.cpupool) && (has(f.domain) || has(f.weight) || has(f.cap))) {
      throw new XlError('Specifying a cpupool is not allowed with other options.')
    }
    if (!has(f.domain) && (has(f.weight) || has(f.cap))) throw new XlError('Must specify a domain.')
    const json = this.jsonEnabled()
    const r = this.host(host => {
      const pool = (): Credit2Pool => ({name: 'Pool-0', ratelimitUs: host.schedParams.ratelimitUs})
      if (f.schedparam) {
        if (f.cpupool !== undefined) cpupoolXl(f.cpupool)
        if (!has(f.ratelimit_us)) {
          const err = schedPoolGetXl(host, 'credit2')
          const p = err ? {...pool(), unavailable: true} : pool()
          return {err, text: formatSchedCredit2(p, [], {schedparam: true}), data: {pool: err ? null : p} as object}
        }
        schedCredit2PoolSetXl(host, strtolInt(f.ratelimit_us!))
        return {err: null, text: '', data: {pool: pool()}}
      }
      if (f.domain === undefined) {
        if (f.cpupool !== undefined) cpupoolXl(f.cpupool)
        if (host.config.sched !== 'credit2') return {err: null, text: '', data: {pool: null, domains: []}}
        const rows = schedRows(host)
        return {err: null, text: formatSchedCredit2(pool(), rows), data: {pool: pool(), domains: rows}}
      }
      const d = findDomain(host, f.domain)
      if (!has(f.weight) && !has(f.cap)) {
        if (host.config.sched !== 'credit2') {
          return {err: `libxl_domain_sched_params_get returned ${host.config.sched} not credit2.`, text: json ? '' : `${SCHED_HEADER}\n`, data: null, fail: true}
        }
        const rows: SchedRow[] = [schedRow(d)]
        return {err: null, text: formatSchedCredit2(pool(), rows, {domain: true}), data: {domains: rows}}
      }
      schedDomainSetXl(host, d, 'credit2', has(f.weight) ? strtolInt(f.weight!) : -1, has(f.cap) ? strtolInt(f.cap!) : -1)
      return {err: null, text: '', data: {domains: [schedRow(d)]}}
    })
    if ('fail' in r && r.fail) {
      this.out(r.text)
      throw new XlError(r.err!)
    }
    if (r.err) this.warn2([r.err])
    if (json) return r.data
    this.out(r.text)
    return undefined
  }
}
