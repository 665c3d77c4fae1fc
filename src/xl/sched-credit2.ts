// main_sched_credit2 (tools/xl/xl_sched.c).
import {xlCommand} from './command.js'
import {schedCredit2PoolSetXl} from '../libxl/sched.js'
import {formatSchedCredit2, type Credit2Pool} from './format/index.js'
import {strtolInt} from './lifecycle-view.js'
import {cpupoolById} from '../hypervisor/sched/cpupool.js'
import {runSched, schedFlags} from './sched-command.js'

export default xlCommand({
  name: 'sched-credit2',
  canDryrun: false,
  modifies: true,
  summary: 'Get/set credit2 scheduler parameters',
  usage: '[-d <Domain> [-w[=WEIGHT]]] [-p CPUPOOL]',
  options: '-d DOMAIN, --domain=DOMAIN     Domain to modify\n-w WEIGHT, --weight=WEIGHT     Weight (int)\n-c CAP,    --cap=CAP           Cap (int)\n-s         --schedparam        Query / modify scheduler parameters\n-r RLIMIT, --ratelimit_us=RLIMIT Set the scheduling rate limit, in microseconds\n-p CPUPOOL, --cpupool=CPUPOOL  Restrict output to CPUPOOL',
  getopt: {short: 'hd:w:c:p:r:s', long: [{name: 'help', hasArg: false, val: 'h'}, {name: 'domain', hasArg: true, val: 'd'}, {name: 'weight', hasArg: true, val: 'w'}, {name: 'cap', hasArg: true, val: 'c'}, {name: 'schedparam', hasArg: false, val: 's'}, {name: 'ratelimit_us', hasArg: true, val: 'r'}, {name: 'cpupool', hasArg: true, val: 'p'}], helpName: 'sched-credit2', requiredArgs: 0},
  json: true,
  main(c) {
    const f = schedFlags(c)
    const ratelimitUs = c.opts.arg('r')
    runSched(c, f, {
      sched: 'credit2',
      conflict: {given: f.cpupool !== undefined, message: 'Specifying a cpupool is not allowed with other options.'},
      poolParamsNeedSchedparam: false,
      pool: (host, poolId): Credit2Pool => {
        const p = cpupoolById(host, poolId)!
        return {name: p.name, ratelimitUs: p.params.ratelimitUs}
      },
      format: formatSchedCredit2,
      setPool: ratelimitUs === undefined ? undefined : (host, poolId) => schedCredit2PoolSetXl(host, strtolInt(ratelimitUs), poolId),
    })
  },
})
