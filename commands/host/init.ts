import {Flags} from '@oclif/core'
import {XlCommand} from '../../src/cli/base.js'
import {initHost} from '../../src/cli/session.js'
import {DEFAULT_HOST_CONFIG, type HostConfig} from '../../src/hypervisor/host.js'
import {ARCHES, SCHEDULERS, XEN_VERSIONS} from '../../src/hypervisor/types.js'
import {describeHost} from '../../src/xl/host-view.js'

export default class HostInit extends XlCommand {
  static override summary = 'Power on a new simulated host'
  static override description = 'Boots Xen (boot log into `xl dmesg`), builds dom0 and starts its kernel.'
  static override examples = ['xl host init --arch x86_64 --xen 4.17 --sched credit --cpus 2', 'xl host init --force --clock manual --seed 7']
  static override flags = {
    arch: Flags.string({options: [...ARCHES], default: DEFAULT_HOST_CONFIG.arch}),
    xen: Flags.string({options: [...XEN_VERSIONS], default: DEFAULT_HOST_CONFIG.xen}),
    sched: Flags.string({options: [...SCHEDULERS], default: DEFAULT_HOST_CONFIG.sched}),
    cpus: Flags.integer({default: DEFAULT_HOST_CONFIG.cpus, min: 1, max: 4096}),
    memory: Flags.integer({description: 'MiB', default: DEFAULT_HOST_CONFIG.memoryMiB, min: 256}),
    'dom0-kernel': Flags.string({default: DEFAULT_HOST_CONFIG.dom0Kernel}),
    'dom0-memory': Flags.integer({description: 'MiB', default: DEFAULT_HOST_CONFIG.dom0MemMiB, min: 64}),
    'dom0-vcpus': Flags.integer({default: DEFAULT_HOST_CONFIG.dom0Vcpus, min: 1, max: 512}),
    clock: Flags.string({options: ['wall', 'manual'], default: DEFAULT_HOST_CONFIG.clock}),
    seed: Flags.integer({default: DEFAULT_HOST_CONFIG.seed, min: 0, max: 2 ** 32 - 1}),
    force: Flags.boolean({description: 'replace an existing host'}),
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(HostInit)
    this.setState(flags.state)
    const config: HostConfig = {
      ...DEFAULT_HOST_CONFIG,
      arch: flags.arch as HostConfig['arch'], xen: flags.xen as HostConfig['xen'], sched: flags.sched as HostConfig['sched'],
      cpus: flags.cpus, memoryMiB: flags.memory, dom0Kernel: flags['dom0-kernel'], dom0MemMiB: flags['dom0-memory'],
      dom0Vcpus: flags['dom0-vcpus'], clock: flags.clock as HostConfig['clock'], seed: flags.seed,
    }
    const host = initHost(this.session, config, flags.force)
    this.out(describeHost(host))
  }
}
