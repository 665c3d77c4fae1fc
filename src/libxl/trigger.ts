// libxl_send_trigger (tools/libs/light/libxl_domain.c) and libxl_send_sysrq
// (libxl.c): what `xl trigger`, `xl button-press` and `xl sysrq` ask for,
// and the lines libxl logs when Xen refuses. xl ignores the result of both.
import type {Host} from '../hypervisor/host.js'
import type {Domain} from '../hypervisor/domain.js'
import {sendTrigger, type Trigger} from '../hypervisor/trigger.js'
import {EINVAL, ENOSYS, ESRCH} from '../hypervisor/errno.js'
import {nowNs} from '../hypervisor/time.js'
import {unknownNmi} from '../guest/nmi.js'
import {handleSysrq, sysrqReaches} from '../guest/sysrq.js'
import {actOnShutdown} from './domain.js'
import {acpiButton} from '../guest/shutdown.js'
import {libxlLine} from './log.js'

/** libxl_trigger (libxl_types.idl), in enum order; from_string ignores case. */
export const LIBXL_TRIGGERS = ['unknown', 'power', 'sleep', 'nmi', 'init', 'reset', 's3resume'] as const
export type LibxlTrigger = (typeof LIBXL_TRIGGERS)[number]

export function triggerFromString(s: string): LibxlTrigger | null {
  return LIBXL_TRIGGERS.find(t => t === s.toLowerCase()) ?? null
}

const STRERROR: Record<number, string> = {[EINVAL]: 'Invalid argument', [ENOSYS]: 'Function not implemented', [ESRCH]: 'No such process'}

/** ERROR_INVAL (libxl_types.idl). */
const ERROR_INVAL = -6

/** Returns the lines libxl logged. */
export function libxlSendTrigger(host: Host, d: Domain, trigger: LibxlTrigger, vcpuId: number): string[] {
  if (trigger === 's3resume') {
    // domain_s3_resume: only an HVM guest's device model can wake it.
    if (d.type === 'hvm') return []
    return [libxlLine('error', 'libxl_domain.c:2162:domain_s3_resume_done', d.domid, `Send trigger 's3resume' failed, rc=${ERROR_INVAL}`)]
  }
  const r = trigger === 'unknown' ? {rc: -EINVAL} : sendTrigger(host, d, trigger as Trigger, vcpuId)
  if (r.rc < 0) {
    return [libxlLine('error', 'libxl_domain.c:2207:libxl_send_trigger', d.domid,
      `Send trigger '${trigger}' failed: ${STRERROR[-r.rc] ?? `Unknown error ${-r.rc}`}`)]
  }
  const since = nowNs(host) - d.createdAt
  if (r.event?.kind === 'nmi' && sysrqReaches(d) && d.vcpus[r.event.vcpuId]?.online) unknownNmi(d, r.event.vcpuId, since)
  // The ACPI power button: the guest's ACPI driver hands it to userspace,
  // which powers off after its kernel's shutdown time (src/guest/shutdown.ts).
  if (r.event?.kind === 'acpi' && r.event.button === 'power' && sysrqReaches(d)) acpiButton(host, d, 'poweroff')
  return []
}

/** libxl_send_sysrq: writes control/sysrq; a running guest's watch handles it. */
export function libxlSendSysrq(host: Host, d: Domain, key: string): void {
  if (!sysrqReaches(d)) return
  handleSysrq(host, d, key, nowNs(host) - d.createdAt)
  actOnShutdown(host, d)
}
