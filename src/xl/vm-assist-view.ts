// `xl vm-assist`: a domain's vm_assist mask and the mask its hypercall accepts.
import type {Host} from '../hypervisor/host.js'
import type {Domain} from '../hypervisor/domain.js'
import {archOps} from '../hypervisor/arch/index.js'
import {describeMask, formatMask} from '../hypervisor/vm-assist.js'

export function vmAssistRecord(host: Host, d: Domain) {
  const valid = archOps(host.config.arch).vmAssistValidMask(host.config.xen, d.type, d.guestBits)
  return {
    domid: d.domid, name: d.name,
    mask: formatMask(d.vmAssist), types: describeMask(d.vmAssist),
    valid: valid === null ? null : formatMask(valid), validTypes: valid === null ? [] : describeMask(valid),
  }
}

export function formatVmAssist(r: ReturnType<typeof vmAssistRecord>): string {
  const names = (t: string[]) => (t.length ? `  ${t.join(' ')}` : '')
  return `Domain ${r.name} (id ${r.domid})\n` +
    `vm_assist : ${r.mask}${names(r.types)}\n` +
    (r.valid === null
      ? 'valid     : none (no vm_assist hypercall for this guest: -38 ENOSYS)\n'
      : `valid     : ${r.valid}${names(r.validTypes)}\n`)
}

/** The result line of an enable/disable: names where they exist, else the numbers as typed. */
export function vmAssistCall(args: {cmdShown: string; typeShown: string}, rcText: string): string {
  return `vm_assist(${args.cmdShown}, ${args.typeShown}) = ${rcText}\n`
}
