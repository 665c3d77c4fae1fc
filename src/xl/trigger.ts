// main_trigger (tools/xl/xl_misc.c): a libxl_trigger by name, on a vCPU
// (strtol; 0 by default), through libxl_send_trigger, whose result xl
// ignores (exit 0 even when Xen refuses).
import {xlCommand} from './command.js'
import {findDomain} from '../libxl/domain.js'
import {libxlSendTrigger, triggerFromString} from '../libxl/trigger.js'
import {strtolBase} from '../libxlu/strto.js'

export default xlCommand({
  name: 'trigger',
  canDryrun: false,
  modifies: true,
  summary: 'Send a trigger to a domain',
  usage: '<Domain> <nmi|reset|init|power|sleep|s3resume> [<VCPU>]',
  options: null,
  getopt: {short: 'h', long: [{name: 'help', hasArg: false, val: 'h'}], helpName: 'trigger', requiredArgs: 2},
  main(c) {
    const [dom, name, vcpuArg] = c.args as [string, string, string | undefined]
    let vcpu = 0
    const warnings: string[] = []
    if (vcpuArg !== undefined) {
      const r = strtolBase(vcpuArg, 10)
      vcpu = Number(BigInt.asIntN(32, r.value))
      if (vcpu === 0 && r.consumed === 0) warnings.push('Invalid vcpuid, using default vcpuid=0.', '')
    }
    const lines = c.host(h => {
      const d = findDomain(h, dom)
      const trigger = triggerFromString(name)
      if (trigger === null) return null
      // vcpuid is a uint32_t on its way to Xen.
      return libxlSendTrigger(h, d, trigger, vcpu >>> 0)
    })
    if (lines === null) {
      c.warn2([`Invalid trigger "${name}"`])
      return 1
    }
    c.warn2([...warnings, ...lines])
  },
})
