// main_cpupoolcpuremove (tools/xl/xl_cpupool.c).
import {xlCommand} from './command.js'
import {runCpupoolCpus} from './cpupool-cpus.js'

export default xlCommand({
  name: 'cpupool-cpu-remove',
  canDryrun: false,
  modifies: true,
  summary: 'Removes a CPU from a CPU pool',
  usage: '<CPU Pool> <CPU nr>|node:<node nr>',
  options: null,
  getopt: {short: 'h', long: [{name: 'help', hasArg: false, val: 'h'}], helpName: 'cpupool-cpu-remove', requiredArgs: 2},
  main(c) {
    runCpupoolCpus(c, false)
  },
})
