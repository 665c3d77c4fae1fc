// main_cpupooldestroy (tools/xl/xl_cpupool.c): a pool without domains loses
// its pCPUs (they become free) and goes; one with domains cannot.
import {xlCommand} from './command.js'
import {XlError} from '../libxl/errors.js'
import {cpupoolByQualifier, cpupoolDestroyXl} from '../libxl/cpupool.js'

export default xlCommand({
  name: 'cpupool-destroy',
  canDryrun: false,
  modifies: true,
  summary: 'Deactivates a CPU pool',
  usage: '<CPU Pool>',
  options: null,
  getopt: {short: 'h', long: [{name: 'help', hasArg: false, val: 'h'}], helpName: 'cpupool-destroy', requiredArgs: 1},
  main(c) {
    const pool = c.args[0]
    const r = c.host(host => {
      const p = cpupoolByQualifier(host, pool)
      if (!p) throw new XlError(`unknown cpupool '${pool}'`)
      return cpupoolDestroyXl(host, p.id)
    })
    if (!r.ok) throw new XlError([...r.lines, `Can't destroy cpupool '${pool}'`])
  },
})
