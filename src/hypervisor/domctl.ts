// Toolstack operations (the domctl/sysctl hypercalls xl reaches through
// libxl). Only the control domain may make them: every entry point takes the
// caller's domid and refuses anyone but dom0 with -EPERM (xen/common/domctl.c
// + XSM's dummy policy: IS_PRIV).
import type {Host} from './host.js'
import {freeMemKiB} from './host.js'
import {newVcpu, type CpuSet, type Domain, type GuestState} from './domain.js'
import {EEXIST, EINVAL, ENODEV, ENOMEM, ENOSYS, EPERM, ESRCH, HypervisorError} from './errno.js'
import type {DomainType} from './types.js'
import {archOps} from './arch/index.js'
import {epochNs, nowNs} from './time.js'
import {domainAdded, domainChanged, domainRemoved, initialProcessors, vcpuAffinityChanged} from './sched/index.js'
import {cpupoolById, domainPoolId} from './sched/cpupool.js'
import {xenLog} from './console.js'

export const DOM0 = 0

export interface DomainSpec {
  name: string
  uuid: string
  type: DomainType
  guestBits: 32 | 64
  memKiB: number
  maxmemKiB: number
  vcpus: number
  maxVcpus: number
  hardAffinity: CpuSet[]
  softAffinity: CpuSet[]
  weight: number
  cap: number
  kernel: string
  paravirtTimeAccounting: boolean
  workloads: string[]
  onPoweroff: string
  onReboot: string
  onCrash: string
  config: Record<string, unknown>
  /** config.cpupool_id (0 unless given). */
  cpupool?: number
}

function requirePrivileged(caller: number): void {
  if (caller !== DOM0) throw new HypervisorError(-EPERM, 'operation not permitted')
}

export function getDomain(host: Host, domid: number): Domain {
  const d = host.domains.get(domid)
  if (!d) throw new HypervisorError(-ESRCH, `no domain ${domid}`)
  return d
}

function newGuestState(kernel: string, pvta: boolean, nrCpus: number): GuestState {
  return {
    kernel, paravirtTimeAccounting: pvta, booted: false,
    stealClock: false, stealEnabled: false, runstateRemote: false, stealRqEnabled: false,
    tickStolenAccounting: false, console: '',
    cpus: Array.from({length: nrCpus}, () => ({})),
  }
}

/**
 * sanitise_domain_config (xen/common/domain.c) and the arch's
 * arch_sanitise_domain_config, for what the model keeps: the type and
 * max_vcpus (at least 1, at most the arch's limit). -EINVAL otherwise.
 */
export function sanitiseDomainConfig(host: Host, type: DomainType, maxVcpus: number): void {
  const arch = archOps(host.config.arch)
  if (!arch.domainTypes.includes(type)) {
    throw new HypervisorError(-EINVAL, `domain type ${type} not supported on ${host.config.arch}`)
  }
  if (maxVcpus < 1) throw new HypervisorError(-EINVAL, 'No vCPUS')
  const max = arch.maxVcpus(type)
  if (maxVcpus > max) throw new HypervisorError(-EINVAL, `Requested vCPUs (${maxVcpus}) exceeds max (${max})`)
}

/** XEN_DOMCTL_createdomain + max_vcpus + memory: the domain starts paused, as libxl builds it. */
export function createDomain(host: Host, caller: number, spec: DomainSpec, domid = host.nextDomid): Domain {
  requirePrivileged(caller)
  sanitiseDomainConfig(host, spec.type, spec.maxVcpus)
  if (host.domains.has(domid)) throw new HypervisorError(-EEXIST, `domain ${domid} exists`)
  if (spec.memKiB > freeMemKiB(host)) throw new HypervisorError(-ENOMEM, 'not enough free memory')
  // sched_init_domain -> cpupool_add_domain(): the pool must exist and have pCPUs.
  const poolId = spec.cpupool ?? 0
  const pool = cpupoolById(host, poolId)
  if (!pool) throw new HypervisorError(-ESRCH, `no cpupool ${poolId}`)
  if (pool.cpus.length === 0) throw new HypervisorError(-ENODEV, `cpupool ${poolId} has no CPUs`)
  const now = host.now
  const procs = initialProcessors(pool, spec.hardAffinity, spec.maxVcpus)
  const vcpus = Array.from({length: spec.maxVcpus}, (_, i) => {
    const v = newVcpu(i, now, i < spec.vcpus, procs[i], epochNs(host))
    v.hardAffinity = spec.hardAffinity[i] ?? null
    v.softAffinity = spec.softAffinity[i] ?? null
    v.workload = spec.workloads[i] ?? spec.workloads[spec.workloads.length - 1] ?? 'idle'
    return v
  })
  const d: Domain = {
    domid, name: spec.name, uuid: spec.uuid, type: spec.type, guestBits: spec.guestBits,
    memKiB: spec.memKiB, maxmemKiB: spec.maxmemKiB,
    pauseCount: 1, shutdown: null, dying: false, vmAssist: 0n,
    vcpus, maxVcpus: spec.maxVcpus, createdAt: nowNs(host),
    weight: spec.weight, cap: spec.cap,
    ...(poolId !== 0 ? {cpupool: poolId} : {}),
    onPoweroff: spec.onPoweroff, onReboot: spec.onReboot, onCrash: spec.onCrash,
    config: spec.config,
    guest: newGuestState(spec.kernel, spec.paravirtTimeAccounting, spec.maxVcpus),
  }
  archOps(host.config.arch).archDomainCreate(host, d)
  host.domains.set(domid, d)
  if (domid >= host.nextDomid) host.nextDomid = domid + 1
  domainAdded(host, d)
  domainChanged(host, d)
  return d
}

export function destroyDomain(host: Host, caller: number, domid: number): void {
  requirePrivileged(caller)
  const d = getDomain(host, domid)
  if (domid === DOM0) throw new HypervisorError(-EINVAL, 'cannot destroy the control domain')
  d.dying = true
  domainChanged(host, d)
  domainRemoved(host, d)
  host.domains.delete(domid)
}

/** domain_pause_by_systemcontroller: a domain cannot pause itself (-EINVAL). */
export function pauseDomain(host: Host, caller: number, domid: number): void {
  requirePrivileged(caller)
  const d = getDomain(host, domid)
  if (domid === caller) throw new HypervisorError(-EINVAL, 'a domain cannot pause itself')
  d.pauseCount++
  domainChanged(host, d)
}

export function unpauseDomain(host: Host, caller: number, domid: number): void {
  requirePrivileged(caller)
  const d = getDomain(host, domid)
  if (d.pauseCount === 0) throw new HypervisorError(-EINVAL, 'domain not paused')
  d.pauseCount--
  domainChanged(host, d)
}

/**
 * XEN_DOMCTL_resumedomain (domain_resume in xen/common/domain.c): a domain
 * that shut down for a suspend runs on (libxl_domain_resume with
 * suspend_cancel, after a checkpoint or a failed migration).
 */
export function resumeDomain(host: Host, caller: number, domid: number): void {
  requirePrivileged(caller)
  const d = getDomain(host, domid)
  if (d.shutdown !== 'suspend') throw new HypervisorError(-EINVAL, 'domain not suspended')
  d.shutdown = null
  domainChanged(host, d)
}

export function setVcpuAffinity(
  host: Host, caller: number, domid: number, vcpuId: number, hard: CpuSet | undefined, soft: CpuSet | undefined,
): void {
  requirePrivileged(caller)
  const d = getDomain(host, domid)
  const v = d.vcpus[vcpuId]
  if (!v) throw new HypervisorError(-EINVAL, `no vcpu ${vcpuId}`)
  const inRange = (s: CpuSet | undefined) => !s || s.every(c => c >= 0 && c < host.config.cpus)
  if (!inRange(hard) || !inRange(soft) || (hard && hard.length === 0)) throw new HypervisorError(-EINVAL, 'invalid cpumap')
  // vcpu_set_hard_affinity(): the map must meet the domain's cpupool (VCPU2ONLINE).
  const poolCpus = cpupoolById(host, domainPoolId(d))?.cpus ?? []
  if (hard && !hard.some(c => poolCpus.includes(c))) throw new HypervisorError(-EINVAL, 'no CPU of the cpupool in the cpumap')
  // XEN_DOMCTL_setvcpuaffinity (xen/common/sched/core.c): hard first, then
  // soft, each a vcpu_set_affinity() that migrates the vCPU.
  if (hard !== undefined) {
    v.hardAffinity = hard
    vcpuAffinityChanged(host, d, v, true)
  }
  if (soft !== undefined) {
    v.softAffinity = soft
    vcpuAffinityChanged(host, d, v, false)
  }
}

export function setSchedParams(host: Host, caller: number, domid: number, weight?: number, cap?: number): void {
  requirePrivileged(caller)
  const d = getDomain(host, domid)
  if (weight !== undefined) {
    if (!Number.isInteger(weight) || weight < 1 || weight > 65535) throw new HypervisorError(-EINVAL, 'weight out of range')
    d.weight = weight
  }
  if (cap !== undefined) {
    if (!Number.isInteger(cap) || cap < 0 || cap > 100 * d.vcpus.length) throw new HypervisorError(-EINVAL, 'cap out of range')
    d.cap = cap
  }
  domainChanged(host, d)
}

export function setMaxMem(host: Host, caller: number, domid: number, kib: number): void {
  requirePrivileged(caller)
  getDomain(host, domid).maxmemKiB = kib
}

/** The balloon target: the guest's balloon driver follows it (modelled as immediate). */
export function setMemTarget(host: Host, caller: number, domid: number, kib: number): void {
  requirePrivileged(caller)
  const d = getDomain(host, domid)
  if (kib > d.maxmemKiB) throw new HypervisorError(-EINVAL, 'target above maxmem')
  if (kib - d.memKiB > freeMemKiB(host)) throw new HypervisorError(-ENOMEM, 'not enough free memory')
  d.memKiB = kib
}

/** The toolstack has the control domain's view of every domain; a domU sees nothing. */
export function requireControlDomain(caller: number): void {
  requirePrivileged(caller)
}

/**
 * XEN_DOMCTL_gethvmcontext with a buffer: hvm_save (xen/arch/x86/hvm/save.c)
 * logs each handler it runs (XENLOG_G_INFO): "HVM d<N> save: <name>" for a
 * domain-wide one, "HVM d<N>v<M> save: <name>" (%pv) per vCPU, for every
 * vCPU the domain has. Returns the typecodes saved (-ENOSYS without HVM
 * support on this arch, -EINVAL for a PV domain).
 */
export function getHvmContext(host: Host, caller: number, domid: number): string[] {
  requirePrivileged(caller)
  const d = getDomain(host, domid)
  const handlers = archOps(host.config.arch).hvmSaveHandlers
  if (!handlers) throw new HypervisorError(-ENOSYS, 'no HVM context on this arch')
  if (d.type === 'pv' || d.dying) throw new HypervisorError(-EINVAL, 'not an HVM domain')
  const lines: string[] = []
  const saved: string[] = []
  for (const [name, perVcpu] of handlers) {
    if (perVcpu) for (const v of d.vcpus) lines.push(`HVM d${domid}v${v.vcpuId} save: ${name}`)
    else lines.push(`HVM d${domid} save: ${name}`)
    saved.push(name)
  }
  xenLog(host.console, ...lines)
  return saved
}

/**
 * XEN_DOMCTL_sethvmcontext: hvm_load logs each record it loads (XENLOG_G_INFO
 * "HVM<N> restore: <name> <instance>"), the header and end marker silently.
 */
export function setHvmContext(host: Host, caller: number, domid: number, records: readonly (readonly [string, number])[]): void {
  requirePrivileged(caller)
  const d = getDomain(host, domid)
  if (!archOps(host.config.arch).hvmSaveHandlers) throw new HypervisorError(-ENOSYS, 'no HVM context on this arch')
  if (d.type === 'pv' || d.dying) throw new HypervisorError(-EINVAL, 'not an HVM domain')
  xenLog(host.console, ...records.map(([name, instance]) => `HVM${domid} restore: ${name} ${instance}`))
}
