// `xl runstate stress` on a big host: the stress watches one domain, so its
// cost per step must not grow with the domains it does not watch (they are
// still simulated, as they share the pCPUs, but only their own events cost).
//   npx tsc -p . && node dist/bench/stress.js
import {performance} from 'node:perf_hooks'
import {pathToFileURL} from 'node:url'
import {bootHost} from '../src/libxl/host-boot.js'
import {createDomain} from '../src/libxl/create.js'
import {DEFAULT_HOST_CONFIG} from '../src/hypervisor/host.js'
import {runstateStress} from '../src/guest/runstate-stress.js'

export interface StressFigures {
  idleDomains: number
  /** Wall time of `--reads 1000`, ms. */
  ms: number
}

/** Build the host (not timed), then time a 1000-read stress of its one duty domain. */
export function benchStress(idleDomains: number): StressFigures {
  const host = bootHost({...DEFAULT_HOST_CONFIG, arch: 'x86_64', clock: 'manual', cpus: 8, memoryMiB: 1024 * 1024})
  const mk = (name: string, vcpus: number, workloads: string[]) => createDomain(host, {
    name, memMiB: 64, maxmemMiB: 64, vcpus, maxVcpus: vcpus, cpus: [], cpusSoft: [], kernel: 'linux-6.1',
    paravirtTimeAccounting: true, workloads, onPoweroff: 'destroy', onReboot: 'restart', onCrash: 'destroy', config: {name},
  }, {paused: false})
  for (let i = 0; i < idleDomains; i++) mk(`g${i}`, 1, ['idle'])
  const m = mk('m', 2, ['duty:50:5ms'])
  mk('busy', 8, ['cpu'])
  const t = performance.now()
  runstateStress(host, m, {reads: 1000, seed: 1, stepNs: 1e6, maxNs: 600e9})
  return {idleDomains, ms: performance.now() - t}
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const n of [0, 300, 3000]) console.log(benchStress(n))
}
