import {defineCommand, flag} from '../cli/command-def.js'
import {schedCreditPoolSetXl} from '../libxl/sched.js'
import {formatSchedCredit, type CreditPool} from '../xl/format/index.js'
import {strtolInt} from '../xl/lifecycle-view.js'
import {joinSchedValues, runSched, SCHED_CPUPOOL_FLAG, SCHED_DOMAIN_FLAGS} from '../xl/sched-command.js'

export default defineCommand({
  summary: 'Get/set credit scheduler parameters',
  json: true,
  flags: {
    ...SCHED_DOMAIN_FLAGS,
    tslice_ms: flag.string({char: 't', description: 'Timeslice in ms'}),
    ratelimit_us: flag.string({char: 'r', description: 'Ratelimit in us'}),
    migration_delay_us: flag.string({char: 'm', description: 'Migration delay in us'}),
    cpupool: SCHED_CPUPOOL_FLAG,
  },
  preprocess: joinSchedValues({d: 'domain', w: 'weight', c: 'cap', t: 'tslice_ms', r: 'ratelimit_us', m: 'migration_delay_us', p: 'cpupool'}),
  run(inv) {
    const f = inv.flags
    const int = (v: string | undefined) => (v === undefined ? undefined : strtolInt(v))
    const poolParams = f.tslice_ms !== undefined || f.ratelimit_us !== undefined || f.migration_delay_us !== undefined
    return runSched(inv, {
      sched: 'credit',
      conflict: {given: f.cpupool !== undefined || f.schedparam, message: 'Specifying a cpupool or schedparam is not allowed with domain options.'},
      poolParamsNeedSchedparam: true,
      pool: (host): CreditPool => ({name: 'Pool-0', ...host.schedParams}),
      format: formatSchedCredit,
      setPool: poolParams
        ? host => schedCreditPoolSetXl(host, {tsliceMs: int(f.tslice_ms), ratelimitUs: int(f.ratelimit_us), migrationDelayUs: int(f.migration_delay_us)})
        : undefined,
    })
  },
})
