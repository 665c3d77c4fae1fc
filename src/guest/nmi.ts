// An NMI with no source the kernel knows of (xl trigger nmi): Linux's
// arch/x86/kernel/nmi.c unknown_nmi_error(). A PV guest's reason comes from
// the shared info page (xen_get_nmi_reason: no flags set, so 00). Kernels
// before 5.18 also print the "strange power saving mode" hint.
import type {Domain} from '../hypervisor/domain.js'
import {findKernel} from './kernels.js'
import {guestPrintk} from './console.js'

export function unknownNmi(d: Domain, cpu: number, sinceBootNs: bigint): void {
  const [major = 0, minor = 0] = (findKernel(d.guest.kernel)?.version ?? '6.1.0').split('.').map(Number)
  const say = (t: string) => guestPrintk(d.guest, t, sinceBootNs)
  say(`Uhhuh. NMI received for unknown reason 00 on CPU ${cpu}.`)
  if (major < 5 || (major === 5 && minor < 18)) say('Do you have a strange power saving mode enabled?')
  say('Dazed and confused, but trying to continue')
}
