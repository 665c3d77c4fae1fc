// Hosts with many vCPUs: the cost of creating (and booting) a domain with
// N vCPUs, one of them online, as `xl create` with `maxvcpus=N vcpus=1`
// does in the core, then of saving the host to a state file and of loading
// it and rebuilding the scheduler in a new "process". The boot makes one
// scheduler call per vCPU, so this is linear only if a call costs O(1).
//   npx tsc -p . && node dist/bench/vcpus.js
import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {performance} from 'node:perf_hooks'
import {pathToFileURL} from 'node:url'
import {inTransaction, loadHost, openState, saveHost} from '../state/store.js'
import {bootHost} from '../src/libxl/host-boot.js'
import {DEFAULT_HOST_CONFIG} from '../src/hypervisor/host.js'
import {newVcpu, type Domain} from '../src/hypervisor/domain.js'
import {DOM0, unpauseDomain} from '../src/hypervisor/domctl.js'
import {domainChanged, pcpuView} from '../src/hypervisor/sched/index.js'
import {bootGuest} from '../src/guest/boot.js'
import {median} from './startup.js'

export interface VcpuFigures {
  vcpus: number
  /** Build, boot and unpause the domain (ms). */
  createMs: number
  /** Write the host to the state file (ms). */
  saveMs: number
  /** Read it back and rebuild the scheduler from it (ms). */
  loadMs: number
}

/** The domain libxl would build (domctl createdomain + max_vcpus), made directly so no input limit applies. */
function bigDomain(domid: number, vcpus: number): Domain {
  return {
    domid, name: `big${domid}`, uuid: `00000000-0000-4000-8000-${String(domid).padStart(12, '0')}`,
    type: 'pv', guestBits: 64, memKiB: 262144, maxmemKiB: 262144, pauseCount: 1, shutdown: null,
    dying: false, vmAssist: 0n, vcpus: Array.from({length: vcpus}, (_, i) => newVcpu(i, 0, i === 0, i % 4)),
    maxVcpus: vcpus, createdAt: 0n, weight: 256, cap: 0,
    onPoweroff: 'destroy', onReboot: 'restart', onCrash: 'destroy', config: {},
    guest: {
      kernel: 'linux-6.1', paravirtTimeAccounting: true, booted: false, stealClock: false, stealEnabled: false,
      runstateRemote: false, stealRqEnabled: false, tickStolenAccounting: false, console: '',
      cpus: Array.from({length: vcpus}, () => ({})),
    },
  }
}

function once(vcpus: number): VcpuFigures {
  const dir = mkdtempSync(join(tmpdir(), 'xlsim-bench-vcpus-'))
  try {
    const host = bootHost({...DEFAULT_HOST_CONFIG, arch: 'x86_64', clock: 'manual', cpus: 4})
    let t = performance.now()
    const d = bigDomain(host.nextDomid++, vcpus)
    host.domains.set(d.domid, d)
    domainChanged(host, d)
    bootGuest(host, d)
    unpauseDomain(host, DOM0, d.domid)
    const createMs = performance.now() - t
    const db = openState(join(dir, 'host.db'), {create: true})
    t = performance.now()
    inTransaction(db, () => saveHost(db, {host, wallMs: 0}))
    const saveMs = performance.now() - t
    t = performance.now()
    const stored = inTransaction(db, () => loadHost(db)!)
    pcpuView(stored.host)
    const loadMs = performance.now() - t
    db.close()
    return {vcpus, createMs, saveMs, loadMs}
  } finally {
    rmSync(dir, {recursive: true, force: true})
  }
}

/** Median of 3 runs per size (after one warm-up at the smallest size). */
export function benchVcpus(sizes: number[] = [1000, 4000, 16000]): VcpuFigures[] {
  once(sizes[0])
  return sizes.map(n => {
    const runs = Array.from({length: 3}, () => once(n))
    return {
      vcpus: n,
      createMs: median(runs.map(r => r.createMs)),
      saveMs: median(runs.map(r => r.saveMs)),
      loadMs: median(runs.map(r => r.loadMs)),
    }
  })
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const f of benchVcpus()) {
    console.log(`${String(f.vcpus).padStart(6)} vCPUs: create ${f.createMs.toFixed(1)} ms, save ${f.saveMs.toFixed(1)} ms, load ${f.loadMs.toFixed(1)} ms`)
  }
}
