// main_cpupoolcpuadd (tools/xl/xl_cpupool.c).
import {xlCommand} from './command.js'
import {runCpupoolCpus} from './cpupool-cpus.js'

export default xlCommand({
  name: 'cpupool-cpu-add',
  canDryrun: false,
  modifies: true,
  summary: 'Adds a CPU to a CPU pool',
  usage: '<CPU Pool> <CPU nr>|node:<node nr>',
  options: null,
  getopt: {short: 'h', long: [{name: 'help', hasArg: false, val: 'h'}], helpName: 'cpupool-cpu-add', requiredArgs: 2},
  main(c) {
    runCpupoolCpus(c, true)
  },
})
