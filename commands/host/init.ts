import {Flags} from '@oclif/core'
import {XlsimCommand} from '../../src/cli/xlsim-command.js'
import {initHost} from '../../src/cli/session.js'
import {DEFAULT_HOST_CONFIG, type HostConfig} from '../../src/hypervisor/host.js'
import {ARCHES, SCHEDULERS, XEN_VERSIONS} from '../../src/hypervisor/types.js'
import {describeHost} from '../../src/xl/host-view.js'
import {hostPciInventory} from '../../src/libxl/host-pci.js'
import {archOps} from '../../src/hypervisor/arch/index.js'
import {XlError} from '../../src/libxl/errors.js'

const D = DEFAULT_HOST_CONFIG

export default class HostInit extends XlsimCommand {
  static override summary = 'Power on a new simulated host'
  static override description = 'Boots Xen (boot log into `xl dmesg`), builds dom0 and starts its kernel.'
  static override examples = ['<%= config.bin %> host init --arch x86_64 --xen 4.17 --sched credit --cpus 2', '<%= config.bin %> host init --force --clock manual --seed 7']
  static override flags = {
    arch: Flags.string({options: [...ARCHES], default: D.arch}),
    xen: Flags.string({options: [...XEN_VERSIONS], default: D.xen}),
    sched: Flags.string({options: [...SCHEDULERS], default: D.sched}),
    cpus: Flags.integer({default: D.cpus, min: 1, max: 4096}),
    memory: Flags.integer({description: 'MiB', default: D.memoryMiB, min: 256}),
    'dom0-kernel': Flags.string({default: D.dom0Kernel}),
    'dom0-memory': Flags.integer({description: 'MiB', default: D.dom0MemMiB, min: 64}),
    'dom0-vcpus': Flags.integer({default: D.dom0Vcpus, min: 1, max: 512}),
    'dom0-cmdline': Flags.string({description: "dom0 kernel's command line (the bootargs of its /chosen module node)", default: D.dom0Cmdline}),
    'kaslr-seed': Flags.string({description: 'whether the firmware puts a kaslr-seed in /chosen (passed on to dom0)', options: ['yes', 'no'], default: 'yes'}),
    clock: Flags.string({options: ['wall', 'manual'], default: D.clock}),
    seed: Flags.integer({default: D.seed, min: 0, max: 2 ** 32 - 1}),
    pci: Flags.string({description: 'PCI functions for passthrough, BDF[,BDF...] (default: none)', helpValue: '<bdfs>'}),
    pv32: Flags.boolean({description: 'x86, Xen 4.14+: a Xen with 32-bit PV guests (CONFIG_PV32, opt_pv32 on; xen_caps lists xen-3.0-x86_32p). Default: none, as on the captured 4.17 host; 4.7-4.13 always have them'}),
    force: Flags.boolean({description: 'replace an existing host'}),
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(HostInit)
    if (flags.pv32 && !archOps(flags.arch as HostConfig['arch']).hasPv32) {
      throw new XlError(`--pv32: ${flags.arch} has no 32-bit PV guests (they are an x86 thing); leave it out`, 2)
    }
    const config: HostConfig = {
      ...D,
      arch: flags.arch as HostConfig['arch'], xen: flags.xen as HostConfig['xen'], sched: flags.sched as HostConfig['sched'],
      cpus: flags.cpus, memoryMiB: flags.memory, dom0Kernel: flags['dom0-kernel'], dom0MemMiB: flags['dom0-memory'],
      dom0Vcpus: flags['dom0-vcpus'], dom0Cmdline: flags['dom0-cmdline'], kaslrSeed: flags['kaslr-seed'] === 'yes', clock: flags.clock as HostConfig['clock'], seed: flags.seed,
      ...(flags.pci === undefined ? {} : {pci: hostPciInventory(flags.pci)}),
      ...(flags.pv32 ? {pv32: true} : {}),
    }
    this.out(describeHost(initHost({state: flags.state}, config, flags.force)))
  }
}
