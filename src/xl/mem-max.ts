// main_memmax (tools/xl/xl_mem.c).
import {xlCommand} from './command.js'
import {memMaxXl} from '../libxl/mem.js'
import {memMain} from './mem-command.js'

export default xlCommand({
  name: 'mem-max',
  canDryrun: false,
  modifies: true,
  summary: 'Set the maximum amount reservation for a domain',
  usage: '<Domain> <MemMB[\'b\'[bytes]|\'k\'[KB]|\'m\'[MB]|\'g\'[GB]|\'t\'[TB]]>',
  options: null,
  getopt: {short: 'h', long: [{name: 'help', hasArg: false, val: 'h'}], helpName: 'mem-max', requiredArgs: 2},
  main: memMain(memMaxXl),
})
