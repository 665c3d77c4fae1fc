import type {DomainDevices} from '../../libxl/device-types.js'

/**
 * Plain row objects consumed by the pure xl formatters. Callers (the CLI
 * layer) build these from the hypervisor state; the formatters never touch
 * the hypervisor themselves.
 */

/** libxl_shutdown_reason, by name. null = domain not shut down. */
export type ShutdownReason =
  | 'poweroff'
  | 'reboot'
  | 'suspend'
  | 'crash'
  | 'watchdog'
  | 'soft_reset'
  | 'unknown'

/** One row of `xl list` (libxl_dominfo). */
export interface ListRow {
  name: string;
  domid: number;
  /** (current_memkb + outstanding_memkb) / 1024, i.e. MiB. */
  memMiB: number;
  /** Number of online vCPUs. */
  vcpus: number;
  running: boolean;
  blocked: boolean;
  paused: boolean;
  shutdown: boolean;
  /** Only meaningful when `shutdown` is true. */
  shutdownReason: ShutdownReason | null;
  dying: boolean;
  /** Total CPU time of all vCPUs, nanoseconds. */
  cpuTimeNs: number | bigint;
  /** 8-4-4-4-12 hex. */
  uuid: string;
  /** XSM security label; `-` is printed when absent. */
  ssidLabel?: string | null;
  /** Cpupool name, for `xl list -c`. */
  cpupool?: string;
  /** NODE affinity text (e.g. `all`, `0`), for `xl list -n`. */
  nodeAffinity?: string;
  /** outstanding_memkb / 1024, for `xl claims`. */
  claimedMiB?: number;
}

export interface ListOptions {
  /** -v: UUID, Reason-Code, Security Label columns. */
  verbose?: boolean;
  /** -Z: Security Label column (ignored with -v, which already has it). */
  context?: boolean;
  /** -c: Cpupool column. */
  cpupool?: boolean;
  /** -n: NODE Affinity column. */
  numa?: boolean;
  /** `xl claims`: Claimed column. */
  claim?: boolean;
}

/** One vCPU row of `xl vcpu-list` (libxl_vcpuinfo). */
export interface VcpuRow {
  name: string;
  domid: number;
  vcpu: number;
  online: boolean;
  /** Physical CPU currently (last) run on. Ignored when offline. */
  cpu: number;
  running: boolean;
  blocked: boolean;
  /** vCPU time, nanoseconds. */
  timeNs: number | bigint;
  /** Already formatted affinity, e.g. `all` or `0-1,3` (see formatCpuRanges). */
  hardAffinity: string;
  softAffinity: string;
}

/** One row of `xl uptime`. */
export interface UptimeRow {
  name: string;
  domid: number;
  /** Seconds (xl uses uint32 arithmetic). */
  uptimeSeconds: number;
}

export interface UptimeOptions {
  /** -s: ` HH:MM:SS up <uptime>, <name> (<id>)` lines, no header. */
  short?: boolean;
  /** Local wall-clock time `HH:MM:SS` printed by -s (see formatClock). */
  clock?: string;
}

/** libxl_cputopology entry (index = cpu number); null = invalid entry. */
export interface CpuTopologyEntry {
  core: number;
  socket: number;
  node: number;
}

/** libxl_numainfo entry (index = node number); null = invalid entry. */
export interface NumaNodeEntry {
  /** Node memory size in MiB (size >> 20). */
  memsizeMiB: number;
  /** Free memory in MiB (free >> 20). */
  memfreeMiB: number;
  /** Distances to every node. */
  distances: number[];
}

/** libxl_pcitopology entry. */
export interface PciTopologyEntry {
  seg: number;
  bus: number;
  /** devfn as in PCI: (dev << 3) | fn */
  devfn: number;
  node: number;
}

/** The values of `xl info`, as raw as xl receives them. */
export interface InfoFields {
  host: string;
  release: string;
  version: string;
  machine: string;
  nr_cpus: number;
  max_cpu_id: number;
  nr_nodes: number;
  cores_per_socket: number;
  threads_per_core: number;
  /** CPU frequency in kHz; printed as `%d.%03d` MHz. */
  cpu_khz: number;
  /** 8 words, printed `%08x:` joined. */
  hw_caps: number[];
  /** Capability words in xl's order, e.g. ['pv','hvm','hap','gnttab-v1','gnttab-v2']. */
  virt_caps: string[];
  /** MiB values. */
  total_memory: number;
  free_memory: number;
  sharing_freed_memory: number;
  sharing_used_memory: number;
  outstanding_claims: number;
  free_cpus: number;
  xen_major: number;
  xen_minor: number;
  /** e.g. `.7` */
  xen_extra: string;
  /** e.g. `xen-3.0-x86_64 hvm-3.0-x86_32 ... ` (real Xen ends it with a space) */
  xen_caps: string;
  xen_scheduler: string;
  xen_pagesize: number;
  /** virt_start; printed `virt_start=0x%lx`. */
  virt_start: number | bigint;
  xen_changeset: string;
  xen_commandline: string;
  cc_compiler: string;
  cc_compile_by: string;
  cc_compile_domain: string;
  cc_compile_date: string;
  build_id: string;
  /** For `xl info -n`. */
  cpu_topology?: (CpuTopologyEntry | null)[];
  /** null: libxl_get_pci_topology() failed (the hypercall is not there). */
  pci_topology?: (PciTopologyEntry | null)[] | null;
  numa_nodes?: (NumaNodeEntry | null)[];
}

export interface InfoOptions {
  /** -n: cpu_topology / device topology / numa_info tables. */
  numa?: boolean;
  /**
   * `xl info <name>`: print only the value of lines whose text starts with
   * this prefix (xl's maybe_printf); the -n tables are not filtered.
   */
  only?: string;
}

/** One domain row of `xl sched-credit` / `xl sched-credit2`. */
export interface SchedRow {
  name: string;
  domid: number;
  weight: number;
  cap: number;
}

/** Cpupool parameters of the credit scheduler. null fields = unavailable. */
export interface CreditPool {
  name: string;
  tsliceMs: number;
  ratelimitUs: number;
  migrationDelayUs: number;
  /** true prints `Cpupool X: [sched params unavailable]`. */
  unavailable?: boolean;
}

export interface Credit2Pool {
  name: string;
  ratelimitUs: number;
  unavailable?: boolean;
}

export interface SchedOptions {
  /** `-d <dom>` without -w/-c: header + rows only, no pool line. */
  domain?: boolean;
  /** `-s` without values: only the pool line. */
  schedparam?: boolean;
}

/** One domain of one xentop frame (xenstat_domain). */
export interface XentopRow {
  name: string;
  domid: number;
  dying?: boolean;
  shutdown?: boolean;
  blocked?: boolean;
  crashed?: boolean;
  paused?: boolean;
  running?: boolean;
  cpuNs: number | bigint;
  /** CPU(%) as computed by xentop from the previous frame (0 on the first). */
  cpuPct: number;
  /** Current memory, bytes. */
  memBytes: number | bigint;
  /** Max memory, bytes; null = "no limit". */
  maxMemBytes: number | bigint | null;
  vcpus: number;
  nets?: number;
  netTxBytes?: number | bigint;
  netRxBytes?: number | bigint;
  vbds?: number;
  /** Each VBD's device number (its xenstore devid), for -x. */
  vbdDevs?: number[];
  /** null = every VBD errored: printed as `-`. */
  vbdOo?: number | bigint | null;
  vbdRd?: number | bigint | null;
  vbdWr?: number | bigint | null;
  vbdRsect?: number | bigint | null;
  vbdWsect?: number | bigint | null;
  ssid?: number;
}

export interface XentopFrame {
  /** Total host memory in bytes (xenstat_node_tot_mem). */
  totalMemBytes: number | bigint;
  domains: XentopRow[];
}

export interface XentopOptions {
  /** -f: full names (NAME column widens to the longest name). */
  fullName?: boolean;
  /** -r: repeat the header before every domain. */
  repeatHeader?: boolean;
  /** -n: a line per network after each domain (do_network). */
  networks?: boolean;
  /** -x: a line per VBD after each domain (do_vbd). */
  vbds?: boolean;
}

/** libxl_action_on_shutdown names. */
export type ShutdownAction =
  | 'destroy'
  | 'restart'
  | 'restart_rename'
  | 'preserve'
  | 'coredump_destroy'
  | 'coredump_restart'
  | 'soft_reset'

/**
 * The part of a libxl_domain_config (libxl_types.idl) xlsim knows. A field
 * left undefined is at its IDL init value, which the generated
 * libxl_domain_config_gen_json leaves out (gentypes.py get_default_expr).
 */
export interface LibxlDomainConfig {
  c_info: {
    type: 'pv' | 'pvh' | 'hvm';
    name?: string;
    /** libxl_domid: no init value, so any non-zero id appears (xl sets INVALID_DOMID, 4294967295). */
    domid?: number;
    /** Omitted when nil (libxl_uuid_is_nil). */
    uuid?: string;
    poolid?: number;
    pool_name?: string;
    run_hotplug_scripts?: boolean;
  };
  b_info: {
    max_vcpus?: number;
    /** Set bits of the bitmap (omitted when empty). */
    avail_vcpus?: number[];
    vcpu_hard_affinity?: number[][];
    vcpu_soft_affinity?: number[][];
    numa_placement?: boolean;
    max_memkb?: number;
    target_memkb?: number;
    video_memkb?: number;
    device_model_version?: 'qemu_xen' | 'qemu_xen_traditional';
    sched_params: {
      sched?: 'credit' | 'credit2' | 'rtds' | 'null' | 'arinc653';
      weight?: number;
      cap?: number;
    };
    claim_mode?: boolean;
    kernel?: string;
    cmdline?: string;
    ramdisk?: string;
    /** u.pv.e820_host: xl sets it for a PV guest with pci= devices. */
    e820_host?: boolean;
    arch_x86: {msr_relaxed?: boolean};
  };
  /** disks, nics, pcidevs, ... (libxl_domain_config's device arrays). */
  devices?: DomainDevices;
  on_poweroff?: ShutdownAction;
  on_reboot?: ShutdownAction;
  on_watchdog?: ShutdownAction;
  on_crash?: ShutdownAction;
  on_soft_reset?: ShutdownAction;
}

/** One domain of `xl list -l`: printf_info_one_json's {domid, config}. */
export interface DomainConfigView {
  domid: number | null;
  config: LibxlDomainConfig;
}
