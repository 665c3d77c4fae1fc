import {arg, defineCommand} from '../cli/command-def.js'
import {findDomain} from '../libxl/domain.js'
import {XlError} from '../libxl/errors.js'
import {__HYPERVISOR_vm_assist, hypercall} from '../hypervisor/hypercall.js'
import {describeResult} from '../hypervisor/errno.js'
import {parseVmAssistType, VMASST_TYPES} from '../hypervisor/vm-assist.js'
import {formatVmAssist, vmAssistCall, vmAssistRecord} from '../xl/vm-assist-view.js'

const CMDS: Record<string, number> = {enable: 0, disable: 1}

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
    const cmd = CMDS[args.cmd] ?? (/^\d+$/.test(args.cmd) ? Number(args.cmd) : undefined)
    if (cmd === undefined) throw new XlError(`xl: unknown vm-assist command '${args.cmd}': use enable or disable`, 2)
    if (args.type === undefined) throw new XlError('xl: vm-assist enable|disable needs a type', 2)
    const type = parseVmAssistType(args.type)
    if (type === undefined) throw new XlError(`xl: unknown vm_assist type '${args.type}': use a number or one of ${Object.keys(VMASST_TYPES).join(', ')}`, 2)
    const rc = host(h => {
      const d = findDomain(h, args.domain)
      return hypercall(h, {domid: d.domid, vcpuId: 0}, __HYPERVISOR_vm_assist, [cmd, type]).rc
    })
    if (rc < 0) setExitCode(1)
    if (json) return {cmd, type, rc}
    out(vmAssistCall(cmd, type, describeResult(rc)))
    return undefined
  },
})
