// Wall-clock catch-up of a big host: 1,000 busy domains (one cpu-bound
// vCPU each, every one with a registered runstate area) on 8 pCPUs, left
// alone for 90 s, 1 h, 1 day and 1 week; each span from the same start.
// Measured twice: in the core (catchUpWallClock alone), and as a user waits
// for it: `xl list` run as a process on a state file last used that long
// ago (start-up, load, the catch-up, the save of every domain it moved,
// the commit), its ns total checked against the wall time it stored.
//   npx tsc -p . && node dist/bench/catchup.js
import {spawnSync} from 'node:child_process'
import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {performance} from 'node:perf_hooks'
import {pathToFileURL} from 'node:url'
import {inTransaction, openState, saveHost} from '../state/store.js'
import {BIN} from './startup.js'
import {DEFAULT_HOST_CONFIG, type Host} from '../src/hypervisor/host.js'
import {bootHost} from '../src/libxl/host-boot.js'
import {newVcpu, type Domain} from '../src/hypervisor/domain.js'
import {domainChanged} from '../src/hypervisor/sched/index.js'
import {catchUpWallClock} from '../src/libxl/clock.js'
import {checkInvariants} from '../src/hypervisor/invariants.js'
import {nowNs} from '../src/hypervisor/time.js'

export const CATCH_UP_SPANS: readonly [string, number][] = [
  ['90 s', 90e3], ['1 h', 3600e3], ['1 day', 86400e3], ['1 week', 7 * 86400e3],
]

export function busyHost(domains: number): Host {
  const host = bootHost({...DEFAULT_HOST_CONFIG, arch: 'x86_64', cpus: 8, memoryMiB: 262144, clock: 'wall', seed: 5})
  for (let i = 0; i < domains; i++) {
    const domid = host.nextDomid++
    const v = newVcpu(0, host.now, true, domid % host.config.cpus)
    v.workload = 'cpu'
    v.runstateArea = {addr: 0x10000, layout: 'native', bytes: new Uint8Array(48)}
    const d: Domain = {
      domid, name: `busy${domid}`, uuid: `00000000-0000-4000-8000-${String(domid).padStart(12, '0')}`,
      type: 'pvh', guestBits: 64, memKiB: 65536, maxmemKiB: 65536, pauseCount: 0, shutdown: null,
      dying: false, vmAssist: 0n, vcpus: [v], maxVcpus: 1, createdAt: BigInt(host.now), weight: 256, cap: 0,
      onPoweroff: 'destroy', onReboot: 'restart', onCrash: 'destroy', config: {},
      guest: {
        kernel: 'linux-6.1', paravirtTimeAccounting: true, booted: true, stealClock: true, stealEnabled: true,
        runstateRemote: true, stealRqEnabled: true, tickStolenAccounting: false, console: '', cpus: [],
      },
    }
    host.domains.set(domid, d)
  }
  domainChanged(host, host.domains.get(host.nextDomid - 1)!)
  return host
}

/** Seconds each catch-up took; throws if any total is not exact. */
export function benchCatchUp(domains = 1000): Record<string, number> {
  const out: Record<string, number> = {}
  for (const [name, ms] of CATCH_UP_SPANS) {
    const host = busyHost(domains)
    const start = nowNs(host)
    const t0 = performance.now()
    catchUpWallClock(host, 0, ms)
    out[name] = (performance.now() - t0) / 1000
    if (nowNs(host) !== start + BigInt(ms) * 1_000_000n) throw new Error(`catch-up of ${name} is short`)
    const bad = checkInvariants(host)
    if (bad.length > 0) throw new Error(`catch-up of ${name}: ${bad[0]}`)
  }
  return out
}

/**
 * Seconds `xl list` took on a state file of `domains` busy domains last
 * used each span ago; throws if the simulated time it added is not exactly
 * the wall time it stored minus the one before.
 */
export function benchCatchUpCommand(domains = 1000): Record<string, number> {
  const out: Record<string, number> = {}
  const dir = mkdtempSync(join(tmpdir(), 'xlsim-bench-catchup-'))
  try {
    for (const [name, ms] of CATCH_UP_SPANS) {
      const state = join(dir, `${name.replace(' ', '-')}.db`)
      const host = busyHost(domains)
      const db = openState(state, {create: true})
      const wallMs = Date.now() - ms
      inTransaction(db, () => saveHost(db, {host, wallMs}))
      const before = db.prepare('SELECT now_ns, wall_ms FROM host WHERE id = 1').get() as {now_ns: number; wall_ms: number}
      const t0 = performance.now()
      const r = spawnSync(process.execPath, [BIN, '--state', state, 'list'], {stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8'})
      out[name] = (performance.now() - t0) / 1000
      if (r.status !== 0) throw new Error(`xl list after ${name}: exit ${r.status}: ${r.stderr}`)
      const after = db.prepare('SELECT now_ns, wall_ms FROM host WHERE id = 1').get() as {now_ns: number; wall_ms: number}
      db.close()
      const caughtUp = BigInt(after.now_ns) - BigInt(before.now_ns)
      const wall = BigInt(after.wall_ms - before.wall_ms) * 1_000_000n
      if (after.wall_ms - before.wall_ms < ms || caughtUp !== wall) {
        throw new Error(`xl list after ${name}: caught up ${caughtUp} ns for ${wall} ns of wall time`)
      }
    }
  } finally {
    rmSync(dir, {recursive: true, force: true})
  }
  return out
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  benchCatchUp(50)
  for (const [name, s] of Object.entries(benchCatchUp())) console.log(`catch-up of 1,000 busy domains, ${name}: ${s.toFixed(3)} s`)
  for (const [name, s] of Object.entries(benchCatchUpCommand())) console.log(`xl list after ${name} away, 1,000 busy domains: ${s.toFixed(3)} s`)
}
