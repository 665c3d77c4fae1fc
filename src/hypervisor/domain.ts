// Domains and vCPUs as plain data (so state/ can persist them and snapshots
// can copy them); the functions that change them live beside them.
import type {DomainType, ShutdownReason} from './types.js'
import {RUNSTATE_offline} from './types.js'
import {newRunstate, runstateTime, type RunstateArea, type RunstateInfo} from './runstate.js'

/** A cpumap: sorted pCPU numbers, or null for "all". */
export type CpuSet = number[] | null

export interface Vcpu {
  vcpuId: number
  /** The guest brought this vCPU up (VPF_down clear); `xl vcpu-set` takes it down. */
  online: boolean
  /** pCPU it runs on, or ran on last (v->processor). */
  processor: number
  hardAffinity: CpuSet
  softAffinity: CpuSet
  runstate: RunstateInfo
  runstateArea: RunstateArea | null
  /** What the guest runs on this vCPU (guest model workload spec). */
  workload: string
  /** Scheduler-private data; owned by src/hypervisor/sched, persisted as JSON. */
  sched: Record<string, unknown>
}

export interface GuestState {
  kernel: string
  paravirtTimeAccounting: boolean
  booted: boolean
  /** Steal clock installed (pv_time_ops.steal_clock). */
  stealClock: boolean
  /** paravirt_steal_enabled static key. */
  stealEnabled: boolean
  /** xen_runstate_remote: vm_assist(enable, runstate_update_flag) returned 0. */
  runstateRemote: boolean
  /** Runqueue steal time in effect: paravirt_steal_rq_enabled set, and read (CONFIG_PARAVIRT_TIME_ACCOUNTING). */
  stealRqEnabled: boolean
  /** x86 Linux 4.6: tick-based stolen accounting in the timer interrupt. */
  tickStolenAccounting: boolean
  /** The kernel's command line when the toolstack does not keep it in `config` (dom0's, from the host). */
  cmdline?: string
  /** A `kaslr-seed` in the guest's device tree /chosen (dom0: the firmware's, passed on by Xen). */
  kaslrSeed?: boolean
  /** Guest console (hvc0) text, `xl console` dumps it. */
  console: string
  /** Guest-side per-CPU accounting state (/proc/stat), owned by src/guest. */
  cpus: Record<string, unknown>[]
  /**
   * Restored from a save or a migration (guest memory came from the stream):
   * the first unpause runs the kernel's resume path, not its boot.
   */
  resumePending?: boolean
  /** ns the guest had run before this domain was made (its uptime goes on across a restore). */
  uptimeBaseNs?: number
  /** arm64 kernel unmapped at EL0 (KPTI): its addresses do not translate while a vCPU is in user mode. */
  kernelUnmappedAtEl0?: boolean
  /** Owned by src/guest: what the kernel keeps across suspend (drivers/xen/time.c runstate_delta). */
  suspend?: Record<string, unknown>
  /**
   * /local/domain/<domid>/control/shutdown as the toolstack wrote it and the
   * guest has not yet acknowledged (cleared): "poweroff" or "reboot".
   */
  controlShutdown?: string | null
  /** The guest is running its shutdown path: SCHEDOP_shutdown comes at dueNs (absolute NOW, decimal). */
  shuttingDown?: {reason: 'poweroff' | 'reboot'; dueNs: string} | null
}

export interface Domain {
  domid: number
  name: string
  uuid: string
  type: DomainType
  /** 32 for a 32-bit PV guest (compat runstate layout), else 64. */
  guestBits: 32 | 64
  /** Current memory target and maximum, in KiB as libxl keeps them. */
  memKiB: number
  maxmemKiB: number
  /** Domain-wide pause count (domain_pause_by_systemcontroller etc.). */
  pauseCount: number
  shutdown: ShutdownReason | null
  dying: boolean
  /** d->vm_assist: bits set by the vm_assist hypercall. */
  vmAssist: bigint
  vcpus: Vcpu[]
  maxVcpus: number
  /** NOW() at creation, ns since boot (for xl uptime); exact past 2^53 ns. */
  createdAt: bigint
  weight: number
  cap: number
  /** d->cpupool: the id of its cpupool (absent in a domain saved before pools: pool 0). */
  cpupool?: number
  onPoweroff: string
  onReboot: string
  onCrash: string
  /** ARM: the VMID of its stage-2 tables (p2m_alloc_vmid); absent on x86 and in hosts saved before. */
  vmid?: number
  /** The configuration it was built from, as xl list -l shows it. */
  config: Record<string, unknown>
  guest: GuestState
  /** The toolstack's own records about the domain (libxl_userdata_store), e.g. a migration in flight. */
  userdata?: Record<string, unknown>
}

/** `now` is host.now, relative to the host's epoch (time.ts). */
export function newVcpu(vcpuId: number, now: number, online: boolean, processor: number, epoch = 0n): Vcpu {
  return {
    vcpuId, online, processor,
    hardAffinity: null, softAffinity: null,
    runstate: newRunstate(RUNSTATE_offline, now, epoch),
    runstateArea: null,
    workload: 'idle',
    sched: {},
  }
}

/** vcpu_runnable(): may the scheduler pick it at all? */
export function vcpuCanRun(d: Domain, v: Vcpu): boolean {
  return v.online && d.pauseCount === 0 && d.shutdown === null && !d.dying && d.guest.booted
}

export function cpuSetHas(set: CpuSet, cpu: number): boolean {
  return set === null || set.includes(cpu)
}

export function formatRanges(cpus: readonly number[]): string {
  const parts: string[] = []
  for (let i = 0; i < cpus.length; i++) {
    let j = i
    while (j + 1 < cpus.length && cpus[j + 1] === cpus[j] + 1) j++
    parts.push(i === j ? `${cpus[i]}` : `${cpus[i]}-${cpus[j]}`)
    i = j
  }
  return parts.join(',')
}

/** Total CPU time of the vCPU up to `now` (time in RUNSTATE_running). */
export function vcpuCpuTime(v: Vcpu, now: number): number {
  const rs = v.runstate
  return runstateTime(rs, 0) + (rs.state === 0 ? now - rs.entryTime : 0)
}

export function domainCpuTime(d: Domain, now: number): number {
  let total = 0
  for (const v of d.vcpus) total += vcpuCpuTime(v, now)
  return total
}
