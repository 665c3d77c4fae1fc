import {Flags} from '@oclif/core'
import {schedCredit2PoolSetXl} from '../src/toolstack/domains.js'
import {formatSchedCredit2, type Credit2Pool} from '../src/xl/format/index.js'
import {joinOptionValues, strtolInt} from '../src/xl/lifecycle-view.js'
import {SCHED_CPUPOOL_FLAG, SCHED_DOMAIN_FLAGS, SchedCommand} from '../src/xl/sched-command.js'

const VALUED = {d: 'domain', w: 'weight', c: 'cap', r: 'ratelimit_us', p: 'cpupool'}

export default class SchedCredit2 extends SchedCommand {
  static override summary = 'Get/set credit2 scheduler parameters'
  static override enableJsonFlag = true
  static override flags = {
    ...SCHED_DOMAIN_FLAGS,
    ratelimit_us: Flags.string({char: 'r', description: 'Ratelimit in us'}),
    cpupool: SCHED_CPUPOOL_FLAG,
  }

  async run(): Promise<unknown> {
    this.argv = joinOptionValues(this.argv, VALUED)
    const {flags: f} = await this.parse(SchedCredit2)
    const ratelimitUs = f.ratelimit_us
    return this.runSched(f, {
      sched: 'credit2',
      conflict: {given: f.cpupool !== undefined, message: 'Specifying a cpupool is not allowed with other options.'},
      poolParamsNeedSchedparam: false,
      pool: (host): Credit2Pool => ({name: 'Pool-0', ratelimitUs: host.schedParams.ratelimitUs}),
      format: formatSchedCredit2,
      setPool: ratelimitUs === undefined ? undefined : host => schedCredit2PoolSetXl(host, strtolInt(ratelimitUs)),
    })
  }
}
