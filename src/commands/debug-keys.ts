import {arg, defineCommand} from '../cli/command-def.js'
import {debugKeys} from '../hypervisor/debug-keys.js'
import {DOM0} from '../hypervisor/domctl.js'

export default defineCommand({
  summary: 'Send debug keys to Xen',
  description: 'Each key runs its handler, which writes into the console ring: read it with `xl dmesg`.',
  args: {keys: arg({required: true, description: 'Keys'})},
  run({args, host}) {
    host(h => debugKeys(h, DOM0, args.keys))
  },
})
