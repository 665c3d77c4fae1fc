// main_memset (tools/xl/xl_mem.c).
import {xlCommand} from './command.js'
import {memSetXl} from '../libxl/mem.js'
import {memMain} from './mem-command.js'

export default xlCommand({
  name: 'mem-set',
  canDryrun: false,
  modifies: true,
  summary: 'Set the current memory usage for a domain',
  usage: '<Domain> <MemMB[\'b\'[bytes]|\'k\'[KB]|\'m\'[MB]|\'g\'[GB]|\'t\'[TB]]>',
  options: null,
  getopt: {short: 'h', long: [{name: 'help', hasArg: false, val: 'h'}], helpName: 'mem-set', requiredArgs: 2},
  main: memMain(memSetXl),
})
