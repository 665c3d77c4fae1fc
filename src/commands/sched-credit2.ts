import {defineCommand, flag} from '../cli/command-def.js'
import {schedCredit2PoolSetXl} from '../libxl/sched.js'
import {formatSchedCredit2, type Credit2Pool} from '../xl/format/index.js'
import {strtolInt} from '../xl/lifecycle-view.js'
import {joinSchedValues, runSched, SCHED_CPUPOOL_FLAG, SCHED_DOMAIN_FLAGS} from '../xl/sched-command.js'

export default defineCommand({
  summary: 'Get/set credit2 scheduler parameters',
  json: true,
  flags: {
    ...SCHED_DOMAIN_FLAGS,
    ratelimit_us: flag.string({char: 'r', description: 'Ratelimit in us'}),
    cpupool: SCHED_CPUPOOL_FLAG,
  },
  preprocess: joinSchedValues({d: 'domain', w: 'weight', c: 'cap', r: 'ratelimit_us', p: 'cpupool'}),
  run(inv) {
    const ratelimitUs = inv.flags.ratelimit_us
    return runSched(inv, {
      sched: 'credit2',
      conflict: {given: inv.flags.cpupool !== undefined, message: 'Specifying a cpupool is not allowed with other options.'},
      poolParamsNeedSchedparam: false,
      pool: (host): Credit2Pool => ({name: 'Pool-0', ratelimitUs: host.schedParams.ratelimitUs}),
      format: formatSchedCredit2,
      setPool: ratelimitUs === undefined ? undefined : host => schedCredit2PoolSetXl(host, strtolInt(ratelimitUs)),
    })
  },
})
