import {Flags} from '@oclif/core'
import {schedCreditPoolSetXl} from '../src/toolstack/domains.js'
import {formatSchedCredit, type CreditPool} from '../src/xl/format/index.js'
import {joinOptionValues, strtolInt} from '../src/xl/lifecycle-view.js'
import {SCHED_CPUPOOL_FLAG, SCHED_DOMAIN_FLAGS, SchedCommand} from '../src/xl/sched-command.js'

const VALUED = {d: 'domain', w: 'weight', c: 'cap', t: 'tslice_ms', r: 'ratelimit_us', m: 'migration_delay_us', p: 'cpupool'}

export default class SchedCredit extends SchedCommand {
  static override summary = 'Get/set credit scheduler parameters'
  static override enableJsonFlag = true
  static override flags = {
    ...SCHED_DOMAIN_FLAGS,
    tslice_ms: Flags.string({char: 't', description: 'Timeslice in ms'}),
    ratelimit_us: Flags.string({char: 'r', description: 'Ratelimit in us'}),
    migration_delay_us: Flags.string({char: 'm', description: 'Migration delay in us'}),
    cpupool: SCHED_CPUPOOL_FLAG,
  }

  async run(): Promise<unknown> {
    this.argv = joinOptionValues(this.argv, VALUED)
    const {flags: f} = await this.parse(SchedCredit)
    const int = (v: string | undefined) => (v === undefined ? undefined : strtolInt(v))
    const poolParams = f.tslice_ms !== undefined || f.ratelimit_us !== undefined || f.migration_delay_us !== undefined
    return this.runSched(f, {
      sched: 'credit',
      conflict: {given: f.cpupool !== undefined || f.schedparam, message: 'Specifying a cpupool or schedparam is not allowed with domain options.'},
      poolParamsNeedSchedparam: true,
      pool: (host): CreditPool => ({name: 'Pool-0', ...host.schedParams}),
      format: formatSchedCredit,
      setPool: poolParams
        ? host => schedCreditPoolSetXl(host, {tsliceMs: int(f.tslice_ms), ratelimitUs: int(f.ratelimit_us), migrationDelayUs: int(f.migration_delay_us)})
        : undefined,
    })
  }
}
