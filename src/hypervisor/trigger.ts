// XEN_DOMCTL_sendtrigger (xen/arch/x86/domctl.c): an NMI to one vCPU, or an
// ACPI power / sleep button press for an HVM guest (the virtual ACPI PM1a
// status bits, hvm_acpi_power_button / hvm_acpi_sleep_button). Anything else
// is -ENOSYS; a PV or PVH guest has no ACPI buttons (-EINVAL). The arm
// domctl code has no sendtrigger: -ENOSYS for every trigger
// (xen/arch/arm/arm64/domctl.c subarch_do_domctl).
import type {Host} from './host.js'
import type {Domain} from './domain.js'
import type {Arch} from './types.js'
import {EINVAL, ENOSYS, ESRCH} from './errno.js'

/** XEN_DOMCTL_SENDTRIGGER_* (xen/include/public/domctl.h). */
export const SENDTRIGGER = {nmi: 0, reset: 1, init: 2, power: 3, sleep: 4} as const
export type Trigger = keyof typeof SENDTRIGGER

/** What the guest is handed: an NMI on a vCPU, or an ACPI button event. */
export type TriggerEvent = {kind: 'nmi'; vcpuId: number} | {kind: 'acpi'; button: 'power' | 'sleep'}

export interface TriggerResult {
  rc: number
  event?: TriggerEvent
}

function x86Trigger(d: Domain, trigger: Trigger, vcpuId: number): TriggerResult {
  if (vcpuId >= d.maxVcpus || d.vcpus[vcpuId] === undefined) return {rc: -ESRCH}
  switch (trigger) {
    case 'nmi':
      // nmi_pending is set and the vCPU kicked; the guest sees it when it runs.
      return {rc: 0, event: {kind: 'nmi', vcpuId}}
    case 'power':
    case 'sleep':
      return d.type === 'hvm' ? {rc: 0, event: {kind: 'acpi', button: trigger}} : {rc: -EINVAL}
    default:
      return {rc: -ENOSYS}
  }
}

const BY_ARCH: Record<Arch, (d: Domain, trigger: Trigger, vcpuId: number) => TriggerResult> = {
  x86_64: x86Trigger,
  arm64: () => ({rc: -ENOSYS}),
}

export function sendTrigger(host: Host, d: Domain, trigger: Trigger, vcpuId: number): TriggerResult {
  return BY_ARCH[host.config.arch](d, trigger, vcpuId)
}
