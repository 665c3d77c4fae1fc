// State file cost per host size: file size, full save, load, and the save
// after one change (must not grow with the host).
import {mkdtempSync, rmSync, statSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {performance} from 'node:perf_hooks'
import {inTransaction, loadHost, openState, saveHost} from '../state/store.js'
import {bootHost} from '../src/libxl/host-boot.js'
import {createDomain} from '../src/libxl/create.js'
import {DEFAULT_HOST_CONFIG} from '../src/hypervisor/host.js'
import {median} from './startup.js'

export interface StateFigures {
  domains: number
  fileBytes: number
  fullSaveMs: number
  loadMs: number
  oneChangeSaveMs: number
}

export function benchState(domains: number): StateFigures {
  const dir = mkdtempSync(join(tmpdir(), 'xlsim-bench-state-'))
  try {
    const path = join(dir, 'host.db')
    const host = bootHost({...DEFAULT_HOST_CONFIG, arch: 'x86_64', clock: 'manual', cpus: 64, memoryMiB: 64 * 1024 * 1024})
    for (let i = 0; i < domains; i++) {
      createDomain(host, {
        name: `g${i}`, memMiB: 64, maxmemMiB: 64, vcpus: 2, maxVcpus: 2, cpus: [], cpusSoft: [], kernel: 'linux-6.1',
        paravirtTimeAccounting: true, workloads: ['idle'], onPoweroff: 'destroy', onReboot: 'restart', onCrash: 'destroy', config: {name: `g${i}`},
      }, {paused: false})
    }
    const db = openState(path, {create: true})
    let t = performance.now()
    inTransaction(db, () => saveHost(db, {host, wallMs: 0}))
    const fullSaveMs = performance.now() - t
    const loads: number[] = []
    const saves: number[] = []
    for (let i = 0; i < 7; i++) {
      t = performance.now()
      const stored = inTransaction(db, () => loadHost(db)!)
      loads.push(performance.now() - t)
      stored.host.domains.get(1 + (i % domains))!.name = `renamed${i}`
      t = performance.now()
      inTransaction(db, () => saveHost(db, stored))
      saves.push(performance.now() - t)
    }
    db.pragma('wal_checkpoint(TRUNCATE)')
    return {domains, fileBytes: statSync(path).size, fullSaveMs, loadMs: median(loads), oneChangeSaveMs: median(saves)}
  } finally {
    rmSync(dir, {recursive: true, force: true})
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const n of [10, 100, 1000]) console.log(benchState(n))
}
