import {Args} from '@oclif/core'
import {XlsimCommand} from '../src/cli/xlsim-command.js'
import {findDomain} from '../src/libxl/domain.js'
import {XlError} from '../src/libxl/errors.js'
import {__HYPERVISOR_vm_assist, hypercall} from '../src/hypervisor/hypercall.js'
import {describeResult} from '../src/hypervisor/errno.js'
import {parseVmAssistType, VMASST_TYPES} from '../src/hypervisor/vm-assist.js'
import {formatVmAssist, vmAssistCall, vmAssistRecord} from '../src/xl/vm-assist-view.js'

const CMDS: Record<string, number> = {enable: 0, disable: 1}

export default class VmAssist extends XlsimCommand {
  static override summary = "Show a domain's vm_assist mask, or have its kernel enable/disable a type"
  static override description = 'With enable|disable, the domain\'s own kernel issues vm_assist(cmd, type) (hypercall 21) and the result is printed; exit 1 when the hypercall fails.'
  static override examples = ['<%= config.bin %> vm-assist g1', '<%= config.bin %> vm-assist g1 enable runstate_update_flag', '<%= config.bin %> vm-assist g1 disable 5']
  static override enableJsonFlag = true
  static override args = {
    domain: Args.string({ignoreStdin: true, required: true, description: 'Domain'}),
    cmd: Args.string({ignoreStdin: true, description: 'enable | disable (or a raw command number)'}),
    type: Args.string({ignoreStdin: true, description: `type name (${Object.keys(VMASST_TYPES).join(', ')}) or number`}),
  }

  async run(): Promise<unknown> {
    const {args, flags} = await this.parse(VmAssist)
    const session = this.session(flags.state)
    const json = this.jsonEnabled()
    if (args.cmd === undefined) {
      const r = session.readHost(h => vmAssistRecord(h, findDomain(h, args.domain)))
      if (json) return r
      this.out(formatVmAssist(r))
      return undefined
    }
    const cmd = CMDS[args.cmd] ?? (/^\d+$/.test(args.cmd) ? Number(args.cmd) : undefined)
    if (cmd === undefined) throw new XlError(`xl: unknown vm-assist command '${args.cmd}': use enable or disable`, 2)
    if (args.type === undefined) throw new XlError('xl: vm-assist enable|disable needs a type', 2)
    const type = parseVmAssistType(args.type)
    if (type === undefined) throw new XlError(`xl: unknown vm_assist type '${args.type}': use a number or one of ${Object.keys(VMASST_TYPES).join(', ')}`, 2)
    const rc = session.host(h => {
      const d = findDomain(h, args.domain)
      return hypercall(h, {domid: d.domid, vcpuId: 0}, __HYPERVISOR_vm_assist, [cmd, type]).rc
    })
    if (rc < 0) this.setExitCode(1)
    if (json) return {cmd, type, rc}
    this.out(vmAssistCall(cmd, type, describeResult(rc)))
    return undefined
  }
}
