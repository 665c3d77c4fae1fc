// Views and small C-library emulations for the lifecycle commands (info,
// uptime, vcpu-*, sched-credit*, mem-*): what xl reads off the host and how
// it converts its arguments (strtol/strtoul), kept out of the command files.
import type {Host} from '../hypervisor/host.js'
import {domainsInOrder, freeMemKiB, XEN_RELEASES} from '../hypervisor/host.js'
import type {Domain} from '../hypervisor/domain.js'
import {archOps} from '../hypervisor/arch/index.js'
import {freeCpus} from '../hypervisor/sched/cpupool.js'
import {cpuTopology} from '../hypervisor/sched/index.js'
import {BUILD_ID, COMPILE_DATE} from '../hypervisor/arch/common-boot.js'
import {findKernel} from '../guest/kernels.js'
import {guestArch} from '../guest/arch/index.js'
import type {InfoFields, SchedRow} from './format/types.js'
import {fmtZero} from './format/printf.js'
import {strtolBase, strtoul} from '../libxlu/strto.js'

/** C strtol(s, &end, 10) on LP64: value clamped to long, and whether any digit was read. */
export function strtol(s: string): {value: bigint; digits: boolean; rest: string} {
  const {value, consumed} = strtolBase(s, 10)
  return {value, digits: consumed > 0, rest: s.slice(consumed)}
}

/** `int x = strtol(optarg, NULL, 10)`: the long truncated to a 32-bit int. */
export function strtolInt(s: string): number {
  return Number(BigInt.asIntN(32, strtol(s).value))
}

/** `unsigned int x = strtoul(s, &end, 10)`: null when no digits were read. */
export function strtoulUint(s: string): number | null {
  const {value, end} = strtoul(s)
  if (end === 0) return null
  // the assignment to unsigned int keeps the low 32 bits.
  return Number(BigInt.asUintN(32, value))
}

/** The dom0 kernel's uname release/version as `xl info` shows them. */
function dom0Uname(host: Host): {release: string; version: string} {
  const k = findKernel(host.config.dom0Kernel)
  const {kernelFlavour: suffix, unamePreempt61} = guestArch(host.config.arch)
  switch (k?.name) {
    case 'linux-6.1':
      return {release: `6.1.0-56-${suffix}`, version: `#1 SMP${unamePreempt61} Debian 6.1.192-2 (2026-11-16)`}
    case 'linux-4.6':
      return {release: `4.6.0-1-${suffix}`, version: '#1 SMP Debian 4.6.4-1 (2016-07-18)'}
    default:
      return {release: `4.6.0-runstate-${suffix}`, version: '#1 SMP Debian 4.6.4-1+runstate (2016-07-18)'}
  }
}

/** libxl_physinfo + libxl_version_info + uname, as `xl info` prints them. */
export function infoFields(host: Host): InfoFields {
  const arch = archOps(host.config.arch)
  const [major, minor, ...extra] = XEN_RELEASES[host.config.xen].split('.')
  const cpus = host.config.cpus
  const freeMiB = Math.floor(freeMemKiB(host) / 1024)
  const virtStart = /virt_start=0x([0-9a-f]+)/.exec(arch.platformParams)?.[1] ?? '0'
  const topo = cpuTopology(host)
  return {
    host: '(none)',
    ...dom0Uname(host),
    machine: arch.machine,
    nr_cpus: cpus,
    max_cpu_id: cpus - 1,
    nr_nodes: 1,
    // physinfo: cpumask_weight(cpu_core_mask of CPU 0) / threads_per_core (xen/common/sysctl.c:254).
    cores_per_socket: topo.coreMaskOf(0).length / topo.threadsPerCore,
    threads_per_core: 1,
    cpu_khz: arch.cpuKhz,
    hw_caps: [...arch.hwCaps],
    virt_caps: arch.virtCaps.split(' '),
    total_memory: host.config.memoryMiB,
    free_memory: freeMiB,
    sharing_freed_memory: 0,
    sharing_used_memory: 0,
    outstanding_claims: 0,
    // xc_cpupool_freeinfo: the pCPUs in no cpupool.
    free_cpus: freeCpus(host).length,
    xen_major: Number(major),
    xen_minor: Number(minor),
    xen_extra: extra.length ? `.${extra.join('.')}` : '',
    xen_caps: arch.xenCaps(host),
    xen_scheduler: host.config.sched,
    xen_pagesize: 4096,
    virt_start: BigInt(`0x${virtStart}`),
    xen_changeset: '',
    xen_commandline: arch.commandLine(host),
    cc_compiler: arch.ccCompiler,
    cc_compile_by: 'xlsim',
    cc_compile_domain: 'xlsim.invalid',
    cc_compile_date: COMPILE_DATE,
    build_id: BUILD_ID,
    cpu_topology: Array.from({length: cpus}, (_, i) => ({core: topo.coreOf[i], socket: topo.socketOf[i], node: 0})),
    // null: the hypercall failed (-ENOSYS where Xen has no PCI support).
    pci_topology: arch.pciTopology ? [] : null,
    numa_nodes: [{memsizeMiB: host.config.memoryMiB, memfreeMiB: freeMiB, distances: [arch.nodeDistance]}],
  }
}

export function schedRow(d: Domain): SchedRow {
  return {name: d.name, domid: d.domid, weight: d.weight, cap: d.cap}
}

export function schedRows(host: Host): SchedRow[] {
  return domainsInOrder(host).map(schedRow)
}

/**
 * The wall clock `xl uptime -s` prints: simulated, the host powered on at
 * 00:00:00, so the text depends only on simulated time.
 */
export function simulatedClock(nowNs: bigint): string {
  const s = Number(nowNs / 1_000_000_000n % 86400n)
  return `${fmtZero(Math.floor(s / 3600), 2)}:${fmtZero(Math.floor(s / 60) % 60, 2)}:${fmtZero(s % 60, 2)}`
}
