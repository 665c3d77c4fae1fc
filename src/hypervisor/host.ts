// The simulated host: Xen's global state (time, domains, console ring,
// scheduler) as plain data.
import type {Arch, SchedulerName, XenVersion} from './types.js'
import type {Domain} from './domain.js'
import type {DomainMap} from './domain-map.js'
import {newConsoleRing, type ConsoleRing} from './console.js'
import {XEN_FACTS} from './xen-versions.js'

export interface HostConfig {
  arch: Arch
  xen: XenVersion
  sched: SchedulerName
  cpus: number
  memoryMiB: number
  dom0Kernel: string
  dom0MemMiB: number
  dom0Vcpus: number
  /**
   * dom0's kernel command line: the bootargs of the kernel module node in
   * /chosen (Xen's boot log prints it as CMDLINE[...]:chosen). Absent in
   * hosts saved before it existed: DEFAULT_DOM0_CMDLINE.
   */
  dom0Cmdline?: string
  /**
   * Whether the firmware puts a `kaslr-seed` in the device tree's /chosen;
   * Xen copies /chosen's properties into dom0's tree (domain_build.c
   * write_properties drops only its own and the initrd/UEFI ones), so dom0's
   * kernel gets it. Absent: yes, as on the captured host.
   */
  kaslrSeed?: boolean
  clock: 'wall' | 'manual'
  seed: number
  /** Ids of migrations with a record on this host not yet resolved (the toolstack's; src/libxl/migrate.ts). */
  migrations?: string[]
  /** PCI functions present on the host (DDDD:BB:DD.F), for passthrough; absent = none. */
  pci?: string[]
  /** The ones bound to pciback (`xl pci-assignable-add`), with their names. */
  pciAssignable?: {bdf: string; name?: string}[]
  /** Runtime parameters changed since boot (hypfs /params, `xl set-parameters`): name -> value as written. */
  params?: Record<string, string>
  /**
   * x86, Xen 4.14+: built and booted with 32-bit PV guests (CONFIG_PV32,
   * opt_pv32 not turned off). Absent: none, as on the captured 4.17 host,
   * whose xen_caps has no xen-3.0-x86_32p. Earlier releases always have them.
   */
  pv32?: boolean
}

export interface SchedParams {
  /** Both schedulers: sched_ratelimit_us (default 1000). */
  ratelimitUs: number
  /** credit: sched_credit_tslice_ms (default 30). */
  tsliceMs: number
  /** credit: vcpu_migration_delay_us (default 0). */
  migrationDelayUs: number
}

export interface Host {
  config: HostConfig
  /** Simulated system time in ns since the epoch (NOW() is the epoch plus this: time.ts nowNs). */
  now: number
  /** Next domain id to hand out; ids are never reused while the host runs. */
  nextDomid: number
  domains: DomainMap
  console: ConsoleRing
  /** State of the seeded random generator (see rng.ts). */
  rng: number
  schedParams: SchedParams
  /** Scheduler-global state owned by src/hypervisor/sched, persisted as JSON. */
  sched: Record<string, unknown>
}

export const DEFAULT_DOM0_CMDLINE = 'console=hvc0 earlycon=xen root=/dev/vda1 rootwait'

export const DEFAULT_HOST_CONFIG: HostConfig = {
  arch: 'arm64',
  xen: '4.17',
  sched: 'credit2',
  cpus: 4,
  memoryMiB: 8192,
  dom0Kernel: 'linux-4.6-runstate',
  dom0MemMiB: 1024,
  dom0Vcpus: 2,
  dom0Cmdline: DEFAULT_DOM0_CMDLINE,
  kaslrSeed: true,
  clock: 'wall',
  seed: 1,
}

/** dom0's kernel command line, for hosts saved with or without one. */
export function dom0Cmdline(host: Host): string {
  return host.config.dom0Cmdline ?? DEFAULT_DOM0_CMDLINE
}

/** Full release string per modelled version (the last release of each line). */
export const XEN_RELEASES = Object.fromEntries(Object.entries(XEN_FACTS).map(([v, f]) => [v, f.release])) as Record<XenVersion, string>

export function newHost(config: HostConfig): Host {
  return {
    config,
    now: 0,
    nextDomid: 1,
    domains: new Map(),
    console: newConsoleRing(),
    rng: config.seed >>> 0 || 1,
    schedParams: {ratelimitUs: 1000, tsliceMs: 30, migrationDelayUs: 0},
    sched: {},
  }
}

export function domainsInOrder(host: Host): Domain[] {
  return [...host.domains.values()].sort((a, b) => a.domid - b.domid)
}

/** Memory handed out to domains, in KiB. */
export function usedMemKiB(host: Host): number {
  let total = 0
  for (const d of host.domains.values()) total += d.memKiB
  return total
}

export function freeMemKiB(host: Host): number {
  return host.config.memoryMiB * 1024 - usedMemKiB(host)
}
