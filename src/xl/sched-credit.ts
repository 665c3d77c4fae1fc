// main_sched_credit (tools/xl/xl_sched.c).
import {xlCommand} from './command.js'
import {schedCreditPoolSetXl} from '../libxl/sched.js'
import {formatSchedCredit, type CreditPool} from './format/index.js'
import {strtolInt} from './lifecycle-view.js'
import {cpupoolById} from '../hypervisor/sched/cpupool.js'
import {runSched, schedFlags} from './sched-command.js'

export default xlCommand({
  name: 'sched-credit',
  canDryrun: false,
  modifies: true,
  summary: 'Get/set credit scheduler parameters',
  usage: '[-d <Domain> [-w[=WEIGHT]|-c[=CAP]]] [-s [-t TSLICE] [-r RATELIMIT]] [-p CPUPOOL]',
  options: '-d DOMAIN, --domain=DOMAIN        Domain to modify\n-w WEIGHT, --weight=WEIGHT        Weight (int)\n-c CAP, --cap=CAP                 Cap (int)\n-s         --schedparam           Query / modify scheduler parameters\n-t TSLICE, --tslice_ms=TSLICE     Set the timeslice, in milliseconds\n-r RLIMIT, --ratelimit_us=RLIMIT  Set the scheduling rate limit, in microseconds\n-m DLY, --migration_delay_us=DLY  Set the migration delay, in microseconds\n-p CPUPOOL, --cpupool=CPUPOOL     Restrict output to CPUPOOL',
  getopt: {short: 'hd:w:c:p:t:r:m:s', long: [{name: 'help', hasArg: false, val: 'h'}, {name: 'domain', hasArg: true, val: 'd'}, {name: 'weight', hasArg: true, val: 'w'}, {name: 'cap', hasArg: true, val: 'c'}, {name: 'schedparam', hasArg: false, val: 's'}, {name: 'tslice_ms', hasArg: true, val: 't'}, {name: 'ratelimit_us', hasArg: true, val: 'r'}, {name: 'migration_delay_us', hasArg: true, val: 'm'}, {name: 'cpupool', hasArg: true, val: 'p'}], helpName: 'sched-credit', requiredArgs: 0},
  json: true,
  main(c) {
    const f = schedFlags(c)
    const t = c.opts.arg('t')
    const r = c.opts.arg('r')
    const m = c.opts.arg('m')
    const int = (v: string | undefined) => (v === undefined ? undefined : strtolInt(v))
    const poolParams = t !== undefined || r !== undefined || m !== undefined
    runSched(c, f, {
      sched: 'credit',
      conflict: {given: f.cpupool !== undefined || f.schedparam, message: 'Specifying a cpupool or schedparam is not allowed with domain options.'},
      poolParamsNeedSchedparam: true,
      pool: (host, poolId): CreditPool => {
        const p = cpupoolById(host, poolId)!
        return {name: p.name, ratelimitUs: p.params.ratelimitUs, tsliceMs: p.params.tsliceMs, migrationDelayUs: p.params.migrationDelayUs}
      },
      format: formatSchedCredit,
      setPool: poolParams
        ? (host, poolId) => schedCreditPoolSetXl(host, {tsliceMs: int(t), ratelimitUs: int(r), migrationDelayUs: int(m)}, poolId)
        : undefined,
    })
  },
})
