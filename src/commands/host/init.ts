import {defineCommand, flag} from '../../cli/command-def.js'
import {initHost} from '../../cli/session.js'
import {DEFAULT_HOST_CONFIG, type HostConfig} from '../../hypervisor/host.js'
import {ARCHES, SCHEDULERS, XEN_VERSIONS} from '../../hypervisor/types.js'
import {describeHost} from '../../xl/host-view.js'

export default defineCommand({
  summary: 'Power on a new simulated host',
  description: 'Boots Xen (boot log into `xl dmesg`), builds dom0 and starts its kernel.',
  examples: ['xl host init --arch x86_64 --xen 4.17 --sched credit --cpus 2', 'xl host init --force --clock manual --seed 7'],
  flags: {
    arch: flag.string({options: ARCHES, default: DEFAULT_HOST_CONFIG.arch}),
    xen: flag.string({options: XEN_VERSIONS, default: DEFAULT_HOST_CONFIG.xen}),
    sched: flag.string({options: SCHEDULERS, default: DEFAULT_HOST_CONFIG.sched}),
    cpus: flag.integer({default: DEFAULT_HOST_CONFIG.cpus, min: 1, max: 4096}),
    memory: flag.integer({description: 'MiB', default: DEFAULT_HOST_CONFIG.memoryMiB, min: 256}),
    'dom0-kernel': flag.string({default: DEFAULT_HOST_CONFIG.dom0Kernel}),
    'dom0-memory': flag.integer({description: 'MiB', default: DEFAULT_HOST_CONFIG.dom0MemMiB, min: 64}),
    'dom0-vcpus': flag.integer({default: DEFAULT_HOST_CONFIG.dom0Vcpus, min: 1, max: 512}),
    clock: flag.string({options: ['wall', 'manual'], default: DEFAULT_HOST_CONFIG.clock}),
    seed: flag.integer({default: DEFAULT_HOST_CONFIG.seed, min: 0, max: 2 ** 32 - 1}),
    force: flag.boolean({description: 'replace an existing host'}),
  },
  run({flags, out}) {
    const config: HostConfig = {
      ...DEFAULT_HOST_CONFIG,
      arch: flags.arch as HostConfig['arch'], xen: flags.xen as HostConfig['xen'], sched: flags.sched as HostConfig['sched'],
      cpus: flags.cpus, memoryMiB: flags.memory, dom0Kernel: flags['dom0-kernel'], dom0MemMiB: flags['dom0-memory'],
      dom0Vcpus: flags['dom0-vcpus'], clock: flags.clock as HostConfig['clock'], seed: flags.seed,
    }
    out(describeHost(initHost({state: flags.state}, config, flags.force)))
  },
})
