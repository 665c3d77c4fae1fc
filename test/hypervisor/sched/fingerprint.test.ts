// Golden fingerprints of fixed scheduler runs: every vCPU's runstate and
// processor, every guest runstate copy (native 48-byte and compat 44-byte
// layouts, the update flag enabled and not), the run queues, for all four
// policies, run straight through and with a save/reload as a new process
// mid-run. The values in test/fixtures/sched-fingerprints.json were
// recorded with the scheduler as it was before its hot paths were
// optimised: an optimisation must not change a single one. (A deliberate change of behaviour rewrites
// them: XLSIM_WRITE_FINGERPRINTS=1 npx vitest run test/hypervisor/sched/fingerprint.test.ts)
import {createHash} from 'node:crypto'
import {existsSync, readFileSync, writeFileSync} from 'node:fs'
import {fileURLToPath} from 'node:url'
import {afterAll, describe, expect, it} from 'vitest'
import type {Host} from '../../../src/hypervisor/host.js'
import type {Domain} from '../../../src/hypervisor/domain.js'
import {advanceTo, checkScheduler, domainChanged, moveEpoch, pcpuView, saveScheduler, setFastForward, vcpuAffinityChanged} from '../../../src/hypervisor/sched/index.js'
import {setGuestCopyTap, type GuestCopyStore, type RunstateArea} from '../../../src/hypervisor/runstate.js'
import {VMASST_TYPE_runstate_update_flag} from '../../../src/hypervisor/vm-assist.js'
import type {SchedulerName} from '../../../src/hypervisor/types.js'
import {addGuest, MS, reloadAsNewProcess, testHost} from './helpers.js'

const FIXTURE = fileURLToPath(new URL('../../fixtures/sched-fingerprints.json', import.meta.url))
const WRITE = process.env.XLSIM_WRITE_FINGERPRINTS === '1'
const golden: Record<string, string> = existsSync(FIXTURE) ? JSON.parse(readFileSync(FIXTURE, 'utf8')) : {}
const recorded: Record<string, string> = {}

const FLAG = 1n << BigInt(VMASST_TYPE_runstate_update_flag)

/** Register every vCPU's runstate area as the guest kernel does, in the domain's layout. */
function withAreas(d: Domain, layout: 'native' | 'compat', flag: boolean): Domain {
  if (layout === 'compat') d.guestBits = 32
  if (flag) d.vmAssist |= FLAG
  for (const v of d.vcpus) {
    v.runstateArea = {addr: 0x20000 + 64 * v.vcpuId, layout, bytes: new Uint8Array(layout === 'native' ? 48 : 44)}
  }
  return d
}

function hex(b: Uint8Array): string {
  return Buffer.from(b).toString('hex')
}

/**
 * Everything a run leaves behind, hashed; with `persisted`, the scheduler's
 * state as it saves it too (a reloaded run may differ there in what it
 * never uses again, e.g. a timer's tie-breaking sequence number).
 */
function fingerprint(host: Host, extra = '', persisted = true): string {
  const parts: string[] = [`now=${host.now} rng=${host.rng}`]
  for (const d of host.domains.values()) {
    for (const v of d.vcpus) {
      const copy = v.runstateArea ? hex(v.runstateArea.bytes) : '-'
      parts.push(`d${d.domid}v${v.vcpuId} ${JSON.stringify(v.runstate)} cpu=${v.processor} ${copy}`)
    }
  }
  parts.push(JSON.stringify(pcpuView(host)))
  // The scheduler's whole state as it persists it (queues, credits, budgets,
  // load averages, timers), not the debug-key text, whose wording is not
  // the scheduler's business.
  if (persisted) {
    saveScheduler(host)
    parts.push(JSON.stringify(host.sched))
    for (const d of host.domains.values()) for (const v of d.vcpus) parts.push(JSON.stringify(v.sched))
  }
  parts.push(extra)
  return createHash('sha256').update(parts.join('\n')).digest('hex')
}

/**
 * A 4-pCPU host: four domains, one per layout and flag combination, with
 * weights, a cap, a pin, a pause, an affinity change and an epoch move.
 * `reloadAt`: save and reload as a new process at these times.
 */
function small(sched: SchedulerName, reloadAt: number[]): Host {
  const host = testHost(4, sched)
  setFastForward(host, 0)
  withAreas(addGuest(host, 'native-flag', {vcpus: 4, workload: ['cpu', 'duty:50', 'io:10', 'duty:20:30ms'], weight: 512}), 'native', true)
  withAreas(addGuest(host, 'compat-flag', {vcpus: 2, workload: ['cpu', 'io:2'], cap: 50}), 'compat', true)
  withAreas(addGuest(host, 'native-noflag', {vcpus: 3, workload: ['duty:30', 'idle', 'cpu']}), 'native', false)
  withAreas(addGuest(host, 'compat-noflag', {vcpus: 2, workload: ['io:5', 'cpu'], weight: 128}), 'compat', false)
  const steps: [number, (h: Host) => void][] = [
    [400 * MS, h => { const d = h.domains.get(4)!; d.pauseCount++; domainChanged(h, d) }],
    [700 * MS, h => { const d = h.domains.get(4)!; d.pauseCount--; domainChanged(h, d) }],
    [900 * MS, h => { const d = h.domains.get(3)!; d.vcpus[2].hardAffinity = [1, 2]; vcpuAffinityChanged(h, d, d.vcpus[2], true) }],
    [1200 * MS, h => moveEpoch(h, 800 * MS)],
    [1300 * MS, h => { const d = h.domains.get(1)!; d.vcpus[1].softAffinity = [3]; vcpuAffinityChanged(h, d, d.vcpus[1], false) }],
    [2000 * MS, () => {}],
  ]
  runSteps(host, steps, reloadAt)
  return host
}

function runSteps(host: Host, steps: [number, (h: Host) => void][], reloadAt: number[]): void {
  const marks = [...steps.map(s => s[0]), ...reloadAt].sort((a, b) => a - b)
  let epochShift = 0
  for (const t of marks) {
    advanceTo(host, t - epochShift)
    if (reloadAt.includes(t)) reloadAsNewProcess(host)
    for (const [at, f] of steps) {
      if (at !== t) continue
      const before = host.now
      f(host)
      // An epoch move takes its shift off host.now; later marks follow it.
      epochShift += before - host.now
    }
  }
}

const MIXED = ['cpu', 'duty:50', 'io:10', 'idle', 'idle', 'duty:20:30ms', 'io:2', 'idle']

/**
 * A 256-pCPU host (16 credit2 runqueues) with 1024 vCPUs in 4-vCPU domains:
 * mixed workloads and weights, some caps, pins within and across
 * runqueues, soft affinities, then affinity changes mid-run.
 */
function big(sched: SchedulerName, reloadAt: number[]): Host {
  const host = testHost(256, sched)
  setFastForward(host, 0)
  for (let i = 0; i < 256; i++) {
    const wl = MIXED.slice((i * 4) % MIXED.length, (i * 4) % MIXED.length + 4)
    const hard = i % 11 === 3 ? [8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18] : i % 17 === 5 ? [100 + (i % 7)] : null
    const d = addGuest(host, `big${i}`, {vcpus: 4, workload: wl, weight: 128 + 64 * (i % 5), cap: i % 23 === 7 ? 150 : 0, hard})
    if (i % 13 === 2) for (const v of d.vcpus) v.softAffinity = [32 + (i % 16), 33 + (i % 16)]
    withAreas(d, i % 2 ? 'compat' : 'native', i % 3 !== 0)
  }
  const steps: [number, (h: Host) => void][] = [
    [100 * MS, h => {
      for (let domid = 5; domid < 256; domid += 31) {
        const d = h.domains.get(domid)!
        d.vcpus[0].hardAffinity = [200 + (domid % 40), 201 + (domid % 40)]
        vcpuAffinityChanged(h, d, d.vcpus[0], true)
      }
    }],
    [250 * MS, () => {}],
  ]
  runSteps(host, steps, reloadAt)
  return host
}

/**
 * A lightly loaded 64-pCPU host (4 credit2 runqueues, most pCPUs idle most
 * of the time): wake-ups find idle pCPUs in other runqueues, idle pCPUs
 * pull from them; some vCPUs pinned to two runqueues, some to one pCPU.
 */
function light(sched: SchedulerName, reloadAt: number[]): Host {
  const host = testHost(64, sched)
  setFastForward(host, 0)
  const LIGHT = ['io:3', 'duty:30:5ms', 'idle', 'io:1', 'duty:60', 'cpu']
  for (let i = 0; i < 24; i++) {
    const hard = i % 5 === 1 ? [10, 11, 12, 40, 41, 42] : i % 7 === 3 ? [i] : null
    const d = addGuest(host, `light${i}`, {vcpus: 2, workload: [LIGHT[i % 6], LIGHT[(i + 2) % 6]], weight: 256 + 128 * (i % 3), hard})
    withAreas(d, i % 2 ? 'native' : 'compat', i % 4 < 2)
  }
  const steps: [number, (h: Host) => void][] = [
    [150 * MS, h => { const d = h.domains.get(3)!; d.pauseCount++; domainChanged(h, d) }],
    [260 * MS, h => { const d = h.domains.get(3)!; d.pauseCount--; domainChanged(h, d) }],
    [500 * MS, () => {}],
  ]
  runSteps(host, steps, reloadAt)
  return host
}

/**
 * The small run with a guest-copy observer on every area: the hash of the
 * stores update_runstate_area() makes, and the host they leave.
 */
function tapped(sched: SchedulerName): {host: Host; stores: string} {
  const h = createHash('sha256')
  setGuestCopyTap((area: RunstateArea, stores: readonly GuestCopyStore[]) => {
    for (const s of stores) {
      area.bytes.set(s.bytes, s.offset)
      h.update(`${area.layout}:${s.offset}:${hex(s.bytes)}:${s.wmbAfter}|`)
    }
  })
  try {
    const host = small(sched, [])
    return {host, stores: h.digest('hex')}
  } finally {
    setGuestCopyTap(null)
  }
}

function check(name: string, value: string): void {
  recorded[name] = value
  if (WRITE) return
  expect(golden[name], `no golden fingerprint for ${name} (record with XLSIM_WRITE_FINGERPRINTS=1)`).toBeDefined()
  expect(value, name).toBe(golden[name])
}

describe.each(['credit', 'credit2', 'rtds', 'null'] as const)('%s: fingerprints', sched => {
  it('small host, both layouts, flag on and off: straight and reloaded runs match the golden values', () => {
    const plain = small(sched, [])
    expect(checkScheduler(plain)).toEqual([])
    check(`${sched} small`, fingerprint(plain))
    expect(fingerprint(small(sched, [300 * MS, 1000 * MS, 1500 * MS]), '', false)).toBe(fingerprint(plain, '', false))
  })

  it('small host with a guest-copy observer: the update-flag protocol stores match, and end as the in-place write does', () => {
    const {host, stores} = tapped(sched)
    check(`${sched} small stores`, stores)
    expect(fingerprint(host)).toBe(fingerprint(small(sched, [])))
  })

  it('64 pCPUs, lightly loaded, pins: straight and reloaded runs match', () => {
    const plain = light(sched, [])
    expect(checkScheduler(plain)).toEqual([])
    check(`${sched} light`, fingerprint(plain))
    expect(fingerprint(light(sched, [220 * MS]), '', false)).toBe(fingerprint(plain, '', false))
  })

  it('256 pCPUs / 1024 vCPUs with pins and soft affinity: straight and reloaded runs match', () => {
    const plain = big(sched, [])
    expect(checkScheduler(plain)).toEqual([])
    check(`${sched} big`, fingerprint(plain))
    expect(fingerprint(big(sched, [170 * MS]), '', false)).toBe(fingerprint(plain, '', false))
  }, 120_000)
})

afterAll(() => {
  if (WRITE) writeFileSync(FIXTURE, JSON.stringify(recorded, null, 2) + '\n')
})
