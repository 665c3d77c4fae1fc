// main_button_press (tools/xl/xl_misc.c): deprecated in favour of
// `xl trigger`; power or sleep, sent with libxl_send_trigger on vCPU 0,
// whose result is ignored (exit 0).
import {xlCommand} from './command.js'
import {findDomain} from '../libxl/domain.js'
import {libxlSendTrigger} from '../libxl/trigger.js'

export default xlCommand({
  name: 'button-press',
  canDryrun: false,
  modifies: true,
  summary: 'Indicate an ACPI button press to the domain',
  usage: '<Domain> <Button>',
  options: '<Button> may be \'power\' or \'sleep\'.',
  getopt: {short: 'h', long: [{name: 'help', hasArg: false, val: 'h'}], helpName: 'button-press', requiredArgs: 2},
  main(c) {
    c.warn2(['WARNING: "button-press" is deprecated. Please use "trigger"'])
    const [dom, button] = c.args as [string, string]
    c.warn2(c.host(h => {
      const d = findDomain(h, dom)
      if (button !== 'power' && button !== 'sleep') return null
      return libxlSendTrigger(h, d, button, 0)
    }) ?? [`${button} is an invalid button identifier`])
    if (button !== 'power' && button !== 'sleep') return 1
  },
})
