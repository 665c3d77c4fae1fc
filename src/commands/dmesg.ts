import {defineCommand, flag} from '../cli/command-def.js'
import {ringRead} from '../hypervisor/console.js'

export default defineCommand({
  summary: 'Read and/or clear dmesg buffer',
  flags: {clear: flag.boolean({char: 'c', description: 'Clear dmesg buffer as well as printing it'})},
  run({flags, host, readHost, out}) {
    out((flags.clear ? host : readHost)(h => ringRead(h.console, flags.clear)))
  },
})
