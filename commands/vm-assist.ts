import {Args} from '@oclif/core'
import {XlsimCommand} from '../src/cli/xlsim-command.js'
import {findDomain} from '../src/libxl/domain.js'
import {describeResult} from '../src/hypervisor/errno.js'
import {VMASST_TYPES} from '../src/hypervisor/vm-assist.js'
import {guestVmAssist} from '../src/guest/vm-assist-call.js'
import {formatVmAssist, vmAssistCall, vmAssistRecord} from '../src/xl/vm-assist-view.js'
import {parseVmAssistArgs} from '../src/xl/vm-assist-args.js'

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
    const session = await this.session(flags.state)
    const json = this.jsonEnabled()
    if (args.cmd === undefined) {
      const r = session.readHost(h => vmAssistRecord(h, findDomain(h, args.domain)))
      if (json) return r
      this.out(formatVmAssist(r))
      return undefined
    }
    const call = parseVmAssistArgs(args.cmd, args.type)
    const rc = session.host(h => guestVmAssist(h, findDomain(h, args.domain), call.cmd, call.type))
    if (rc < 0) this.setExitCode(1)
    if (json) return {cmd: call.cmd, type: call.type, rc}
    this.out(vmAssistCall(call, describeResult(rc)))
    return undefined
  }
}
