// Powering on a host: Xen boots (log into the console ring), builds dom0 and
// starts its kernel (the guest model), like a real machine coming up.
import {dom0Cmdline, newHost, XEN_RELEASES, type Host, type HostConfig} from '../hypervisor/host.js'
import {xenLog} from '../hypervisor/console.js'
import {archOps} from '../hypervisor/arch/index.js'
import {createDomain, DOM0} from '../hypervisor/domctl.js'
import {bootGuest} from '../guest/boot.js'
import {findKernel} from '../guest/kernels.js'
import {XlError} from './errors.js'

export const DOM0_UUID = '00000000-0000-0000-0000-000000000000'

export function validateHostConfig(c: HostConfig): void {
  if (!Number.isInteger(c.cpus) || c.cpus < 1 || c.cpus > 4096) throw new XlError(`invalid --cpus ${c.cpus}: 1 to 4096`, 2)
  if (!Number.isInteger(c.memoryMiB) || c.memoryMiB < 256 || c.memoryMiB > 64 * 1024 * 1024) {
    throw new XlError(`invalid --memory ${c.memoryMiB}: 256 to 67108864 MiB`, 2)
  }
  if (!findKernel(c.dom0Kernel)) throw new XlError(`unknown dom0 kernel ${c.dom0Kernel}`, 2)
  if (findKernel(c.dom0Kernel)?.guestBits === 32) {
    throw new XlError(`invalid --dom0-kernel ${c.dom0Kernel}: a 32-bit kernel; the simulated dom0 is 64-bit (boot it as a guest with xl create)`, 2)
  }
  if (c.dom0MemMiB >= c.memoryMiB) throw new XlError(`dom0 memory (${c.dom0MemMiB} MiB) must be below host memory`, 2)
  const cmdline = c.dom0Cmdline ?? ''
  // One line of printable text, as a device-tree bootargs string is; Xen's
  // add_boot_cmdline panics past BOOTMOD_MAX_CMDLINE (1024, arm/setup.c:358).
  if (/[\x00-\x1f\x7f]/.test(cmdline)) throw new XlError('invalid --dom0-cmdline: control characters (a newline, a tab, ...) cannot be in a kernel command line', 2)
  if (Buffer.byteLength(cmdline) > 1024) throw new XlError(`invalid --dom0-cmdline: ${Buffer.byteLength(cmdline)} bytes; Xen takes at most 1024 (BOOTMOD_MAX_CMDLINE)`, 2)
}

export function bootHost(config: HostConfig): Host {
  validateHostConfig(config)
  const host = newHost(config)
  const arch = archOps(config.arch)
  xenLog(host.console, ...arch.bootLog(host, XEN_RELEASES[config.xen]))
  const dom0 = createDomain(host, DOM0, {
    name: 'Domain-0', uuid: DOM0_UUID, type: arch.dom0Type, guestBits: 64,
    memKiB: config.dom0MemMiB * 1024, maxmemKiB: config.dom0MemMiB * 1024,
    vcpus: Math.min(config.dom0Vcpus, config.cpus), maxVcpus: Math.min(config.dom0Vcpus, config.cpus),
    hardAffinity: [], softAffinity: [], weight: 256, cap: 0,
    kernel: config.dom0Kernel, paravirtTimeAccounting: true, workloads: ['idle'],
    onPoweroff: 'destroy', onReboot: 'restart', onCrash: 'restart',
    config: {name: 'Domain-0', kernel: config.dom0Kernel},
  }, 0)
  // dom0's kernel gets its command line from its /chosen module node and
  // the firmware's kaslr-seed, both copied into its device tree by Xen.
  dom0.guest.cmdline = dom0Cmdline(host)
  dom0.guest.kaslrSeed = config.kaslrSeed ?? true
  // Xen unpauses dom0 at the end of its own boot; dom0's kernel then starts.
  dom0.pauseCount = 0
  bootGuest(host, dom0)
  return host
}
