// main_cpupoolrename (tools/xl/xl_cpupool.c): libxl writes the new name
// (it does not look whether another pool has it).
import {xlCommand} from './command.js'
import {XlError} from '../libxl/errors.js'
import {cpupoolByQualifier, cpupoolRenameXl} from '../libxl/cpupool.js'

export default xlCommand({
  name: 'cpupool-rename',
  canDryrun: false,
  modifies: true,
  summary: 'Renames a CPU pool',
  usage: '<CPU Pool> <new name>',
  options: null,
  getopt: {short: 'h', long: [{name: 'help', hasArg: false, val: 'h'}], helpName: 'cpupool-rename', requiredArgs: 2},
  main(c) {
    const [pool, name] = c.args
    c.host(host => {
      const p = cpupoolByQualifier(host, pool)
      if (!p) throw new XlError(`unknown cpupool '${pool}'`)
      cpupoolRenameXl(host, p.id, name)
    })
  },
})
