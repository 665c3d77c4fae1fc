import {arg, defineCommand} from '../cli/command-def.js'
import {findDomain} from '../libxl/domain.js'
import {describeResult} from '../hypervisor/errno.js'
import {VMASST_TYPES} from '../hypervisor/vm-assist.js'
import {guestVmAssist} from '../guest/vm-assist-call.js'
import {formatVmAssist, vmAssistCall, vmAssistRecord} from '../xl/vm-assist-view.js'
import {parseVmAssistArgs} from '../xl/vm-assist-args.js'

export default defineCommand({
  summary: "Show a domain's vm_assist mask, or have its kernel enable/disable a type",
  description: 'With enable|disable, the domain\'s own kernel issues vm_assist(cmd, type) (hypercall 21) and the result is printed; exit 1 when the hypercall fails.',
  examples: ['xl vm-assist g1', 'xl vm-assist g1 enable runstate_update_flag', 'xl vm-assist g1 disable 5'],
  json: true,
  args: {
    domain: arg({required: true, description: 'Domain'}),
    cmd: arg({description: 'enable | disable (or a raw command number)'}),
    type: arg({description: `type name (${Object.keys(VMASST_TYPES).join(', ')}) or number`}),
  },
  run({args, json, host, out, setExitCode}) {
    if (args.cmd === undefined) {
      const r = host(h => vmAssistRecord(h, findDomain(h, args.domain)))
      if (json) return r
      out(formatVmAssist(r))
      return undefined
    }
    const call = parseVmAssistArgs(args.cmd, args.type)
    const rc = host(h => guestVmAssist(h, findDomain(h, args.domain), call.cmd, call.type))
    if (rc < 0) setExitCode(1)
    if (json) return {cmd: call.cmd, type: call.type, rc}
    out(vmAssistCall(call, describeResult(rc)))
    return undefined
  },
})
