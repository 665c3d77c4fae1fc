import {Flags} from '@oclif/core'
import {XlCommand} from '../src/cli/base.js'
import {cpupoolXl, findDomain, schedCreditPoolSetXl, schedDomainSetXl, schedPoolGetXl} from '../src/toolstack/domains.js'
import {XlError} from '../src/toolstack/errors.js'
import {formatSchedCredit, SCHED_HEADER, type CreditPool, type SchedRow} from '../src/xl/format/index.js'
import {joinOptionValues, schedRow, schedRows, strtolInt} from '../src/xl/lifecycle-view.js'

const VALUED = {d: 'domain', w: 'weight', c: 'cap', t: 'tslice_ms', r: 'ratelimit_us', m: 'migration_delay_us', p: 'cpupool'}

export default class SchedCredit extends XlCommand {
  static override summary = 'Get/set credit scheduler parameters'
  static override enableJsonFlag = true
  static override flags = {
    domain: Flags.string({char: 'd', description: 'Domain to modify'}),
    weight: Flags.string({char: 'w', description: 'Weight (int)'}),
    cap: Flags.string({char: 'c', description: 'Cap (int, as % of one CPU)'}),
    schedparam: Flags.boolean({char: 's', description: 'Query / modify scheduler parameters'}),
    tslice_ms: Flags.string({char: 't', description: 'Timeslice in ms'}),
    ratelimit_us: Flags.string({char: 'r', description: 'Ratelimit in us'}),
    migration_delay_us: Flags.string({char: 'm', description: 'Migration delay in us'}),
    cpupool: Flags.string({char: 'p', description: 'Restrict output to CPUPOOL'}),
  }

  async run(): Promise<unknown> {
    this.argv = joinOptionValues(this.argv, VALUED)
    const {flags} = await this.parse(SchedCredit)
    this.setState(flags.state)
    const f = flags
    const has = (v: string | undefined) => v !== undefined
    if ((has(f.cpupool) || f.schedparam) && (has(f.domain) || has(f.weight) || has(f.cap))) {
      throw new XlError('Specifying a cpupool or schedparam is not allowed with domain options.')
    }
    if (!has(f.domain) && (has(f.weight) || has(f.cap))) throw new XlError('Must specify a domain.')
    if (!f.schedparam && (has(f.tslice_ms) || has(f.ratelimit_us) || has(f.migration_delay_us))) {
      throw new XlError('Must specify schedparam to set schedule parameter values.')
    }
    const json = this.jsonEnabled()
    const r = this.host(host => {
      const pool = (): CreditPool => ({name: 'Pool-0', ...host.schedParams})
      if (f.schedparam) {
        if (f.cpupool !== undefined) cpupoolXl(f.cpupool)
        if (!has(f.tslice_ms) && !has(f.ratelimit_us) && !has(f.migration_delay_us)) {
          const err = schedPoolGetXl(host, 'credit')
          const p = err ? {...pool(), unavailable: true} : pool()
          return {err, text: formatSchedCredit(p, [], {schedparam: true}), data: {pool: err ? null : p} as object}
        }
        const int = (v: string | undefined) => (v === undefined ? undefined : strtolInt(v))
        schedCreditPoolSetXl(host, {tsliceMs: int(f.tslice_ms), ratelimitUs: int(f.ratelimit_us), migrationDelayUs: int(f.migration_delay_us)})
        return {err: null, text: '', data: {pool: pool()}}
      }
      if (f.domain === undefined) {
        if (f.cpupool !== undefined) cpupoolXl(f.cpupool)
        if (host.config.sched !== 'credit') return {err: null, text: '', data: {pool: null, domains: []}}
        const rows = schedRows(host)
        return {err: null, text: formatSchedCredit(pool(), rows), data: {pool: pool(), domains: rows}}
      }
      const d = findDomain(host, f.domain)
      if (!has(f.weight) && !has(f.cap)) {
        if (host.config.sched !== 'credit') {
          // The header is printed before libxl reports the other scheduler.
          return {err: `libxl_domain_sched_params_get returned ${host.config.sched} not credit.`, text: json ? '' : `${SCHED_HEADER}\n`, data: null, fail: true}
        }
        const rows: SchedRow[] = [schedRow(d)]
        return {err: null, text: formatSchedCredit(pool(), rows, {domain: true}), data: {domains: rows}}
      }
      schedDomainSetXl(host, d, 'credit', has(f.weight) ? strtolInt(f.weight!) : -1, has(f.cap) ? strtolInt(f.cap!) : -1)
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
