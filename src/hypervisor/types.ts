// Names and enumerations shared by the whole hypervisor core, in Xen's own words.

export type Arch = 'x86_64' | 'arm64'
export const ARCHES: readonly Arch[] = ['x86_64', 'arm64']

/** Xen releases modelled; each stands for a range (the vm_assist masks and runstate writers differ
 * between them: xen/common/domain.c, xen/arch/{x86,arm}/include/asm/domain.h). */
export type XenVersion = '4.7' | '4.8' | '4.12' | '4.13' | '4.14' | '4.17' | '4.18'
export const XEN_VERSIONS: readonly XenVersion[] = ['4.7', '4.8', '4.12', '4.13', '4.14', '4.17', '4.18']

export type SchedulerName = 'credit' | 'credit2' | 'rtds' | 'null'
export const SCHEDULERS: readonly SchedulerName[] = ['credit', 'credit2', 'rtds', 'null']

/** libxl_domain_type: pv, pvh, hvm. ARM guests are all "pvh" in libxl terms. */
export type DomainType = 'pv' | 'pvh' | 'hvm'
export const DOMAIN_TYPES: readonly DomainType[] = ['pv', 'pvh', 'hvm']

/** RUNSTATE_* from xen/include/public/vcpu.h. */
export const RUNSTATE_running = 0
export const RUNSTATE_runnable = 1
export const RUNSTATE_blocked = 2
export const RUNSTATE_offline = 3
export type RunstateState = 0 | 1 | 2 | 3
export const RUNSTATE_NAMES = ['running', 'runnable', 'blocked', 'offline'] as const

/** Why a domain shut down (SHUTDOWN_* in xen/include/public/sched.h). */
export type ShutdownReason = 'poweroff' | 'reboot' | 'suspend' | 'crash' | 'watchdog' | 'soft_reset'
export const SHUTDOWN_CODES: Record<ShutdownReason, number> = {
  poweroff: 0, reboot: 1, suspend: 2, crash: 3, watchdog: 4, soft_reset: 5,
}

export const NS_PER_US = 1_000
export const NS_PER_MS = 1_000_000
export const NS_PER_S = 1_000_000_000

/**
 * Simulated time is an integer count of ns held in a JS number. Integers are
 * exact up to 2^53 ns (about 104 days of uptime); the host refuses to run past
 * that rather than silently lose precision (see clock.ts).
 */
export const MAX_SIM_NS = Number.MAX_SAFE_INTEGER
