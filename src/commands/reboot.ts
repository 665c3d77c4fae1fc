import {arg, defineCommand, flag} from '../cli/command-def.js'
import {countWaits, shutdownOrReboot} from '../xl/shutdown-command.js'

export default defineCommand({
  summary: 'Issue a reboot signal to a domain',
  args: {domain: arg({description: 'Domain'})},
  flags: {
    all: flag.boolean({char: 'a', description: 'Reboot all guest domains'}),
    wait: flag.boolean({char: 'w', description: 'Wait for guest(s) to reboot'}),
    fallback: flag.boolean({char: 'F', description: 'Fallback to ACPI reset event for HVM guests with no PV drivers'}),
  },
  preprocess: countWaits,
  run(inv) {
    shutdownOrReboot(true, inv)
  },
})
