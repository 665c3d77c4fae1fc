// main_cpupoollist (tools/xl/xl_cpupool.c): one line per pool, `%-19s`
// name then `%3d %9s       y       %4d` (CPUs, scheduler, Active, domain
// count), or with -c the pool's pCPUs as a comma list.
import {xlCommand} from './command.js'
import {XlError} from '../libxl/errors.js'
import {cpupoolByName, listCpupools, type CpupoolInfo} from '../libxl/cpupool.js'
import {fmtInt, padLeft, padRight} from './format/printf.js'

export function formatCpupoolList(pools: readonly CpupoolInfo[], cpusOnly: boolean): string {
  let out = padRight('Name', 19) + (cpusOnly ? 'CPU list\n' : 'CPUs   Sched     Active   Domain count\n')
  for (const p of pools) {
    out += padRight(p.name, 19)
    if (cpusOnly) out += p.cpus.join(',')
    else out += `${fmtInt(p.cpus.length, 3)} ${padLeft(p.sched, 9)}       y       ${fmtInt(p.nDom, 4)}`
    out += '\n'
  }
  return out
}

export default xlCommand({
  name: 'cpupool-list',
  canDryrun: false,
  modifies: false,
  summary: 'List CPU pools on host',
  usage: '[-c|--cpus] [<CPU Pool>]',
  options: '-c, --cpus                     Output list of CPUs used by a pool',
  getopt: {short: 'hc', long: [{name: 'help', hasArg: false, val: 'h'}, {name: 'cpus', hasArg: false, val: 'c'}], helpName: 'cpupool-list', requiredArgs: 0},
  json: true,
  main(c) {
    const pool = c.args[0]
    const pools = c.readHost(host => {
      // libxl_name_to_cpupoolid: a name only (a pool id is not looked up here).
      const only = pool === undefined ? null : cpupoolByName(host, pool)
      if (pool !== undefined && !only) throw new XlError(`Pool '${pool}' does not exist`)
      return listCpupools(host).filter(p => only === null || p.poolid === only.id)
    })
    if (c.json) return c.printJson(pools)
    c.out(formatCpupoolList(pools, c.opts.has('c')))
  },
})
