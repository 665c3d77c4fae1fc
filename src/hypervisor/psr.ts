// Intel Platform Shared Resource features (xen/arch/x86/psr.c): cache
// monitoring (CMT) and allocation (CAT L3/L2, CDP) and memory bandwidth
// allocation (MBA), found through CPUID at boot by psr_cpu_init(). The
// simulated CPU enumerates none of them (as QEMU's CPU models do), so
// psr_cmt_enabled() is false and there is no socket_info: every PSR domctl
// and sysctl answers -ENODEV (arch/x86/domctl.c XEN_DOMCTL_psr_cmt_op,
// sysctl.c XEN_SYSCTL_psr_cmt_op, psr.c get_socket_info()). PSR is x86
// only: xl on arm64 has no psr-* commands (xl_cmdtable.c).
import {ENODEV} from './errno.js'

export type PsrOp = 'cmt_attach' | 'cmt_detach' | 'cmt_enabled' | 'cmt_event_mask' | 'cat_l3_info' | 'cat_l2_info' | 'mba_info' | 'set_val'

/** The hypercall's result: 0, or -errno. */
export function psrOp(_op: PsrOp): number {
  return -ENODEV
}
