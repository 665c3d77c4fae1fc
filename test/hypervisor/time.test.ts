// 64-bit system time: the epoch the scheduler's doubles are relative to
// moves on, and every total stays exact (compared as bigints).
import {describe, expect, it} from 'vitest'
import {bootHost} from '../../src/libxl/host-boot.js'
import {createDomain} from '../../src/libxl/create.js'
import {vcpuSet} from '../../src/libxl/vcpu.js'
import {DEFAULT_HOST_CONFIG, domainsInOrder, type Host} from '../../src/hypervisor/host.js'
import type {Domain} from '../../src/hypervisor/domain.js'
import {advanceBy, advanceTo, moveEpoch, pcpuView, setFastForward} from '../../src/hypervisor/sched/index.js'
import {decodeRunstate, layoutOf, runstateEntryNs, runstateTimeNs} from '../../src/hypervisor/runstate.js'
import {checkInvariants} from '../../src/hypervisor/invariants.js'
import {epochNs, nowNs, REBASE_AT_NS} from '../../src/hypervisor/time.js'
import {RUNSTATE_offline, type SchedulerName} from '../../src/hypervisor/types.js'
import {uptimeRows} from '../../src/xl/views.js'
import {guestStat} from '../../src/guest/procstat.js'

const S = 1_000_000_000
const DAY = 86_400n * 1_000_000_000n
const TWO_53 = 2n ** 53n

function host(sched: SchedulerName): Host {
  const h = bootHost({...DEFAULT_HOST_CONFIG, arch: 'x86_64', sched, cpus: 2, clock: 'manual'})
  const base = {memMiB: 128, maxmemMiB: 128, cpus: [], cpusSoft: [], paravirtTimeAccounting: true,
    onPoweroff: 'destroy', onReboot: 'restart', onCrash: 'destroy', config: {}}
  createDomain(h, {...base, name: 'busy', kernel: 'linux-4.6-runstate', vcpus: 2, maxVcpus: 2, workloads: ['cpu']}, {paused: false})
  // Two of web's vCPUs stay offline from creation on: a state entered once and never left.
  createDomain(h, {...base, name: 'web', kernel: 'linux-6.1', vcpus: 2, maxVcpus: 4, workloads: ['duty:40:20ms']}, {paused: false})
  createDomain(h, {...base, name: 'io', kernel: 'linux-6.1', vcpus: 1, maxVcpus: 1, workloads: ['io:3'], cap: 30}, {paused: false})
  return h
}

/** Everything observable about time on the host, exact. */
function fingerprint(h: Host): string {
  const out: string[] = [`now=${nowNs(h)}`]
  for (const d of domainsInOrder(h)) {
    for (const v of d.vcpus) {
      // Totals to now (a move accounts a long-held state up to the epoch early; the sum is the same).
      const rs = v.runstate
      const t = [0, 1, 2, 3].map(i => runstateTimeNs(rs, i) + (i === rs.state ? BigInt(h.now - rs.entryTime) : 0n))
      const copy = v.runstateArea ? Buffer.from(v.runstateArea.bytes).toString('hex') : '-'
      out.push(`d${d.domid}v${v.vcpuId} ${rs.state} ${runstateEntryNs(rs)} ${t.join(',')} ${v.processor} ${copy}`)
    }
  }
  out.push(JSON.stringify(pcpuView(h)))
  return out.join('\n')
}

/** time[] plus the current state's time so far is the domain's whole life, to the ns. */
function expectExact(h: Host): void {
  expect(checkInvariants(h)).toEqual([])
  for (const d of h.domains.values()) {
    for (const v of d.vcpus) {
      const rs = v.runstate
      const sum = [0, 1, 2, 3].reduce((a, i) => a + runstateTimeNs(rs, i), BigInt(h.now - rs.entryTime))
      expect(sum).toBe(nowNs(h) - d.createdAt)
    }
  }
}

/** A guest copy written at a context switch holds everything accounted up to its state_entry_time. */
function expectGuestCopies(d: Domain): number {
  let checked = 0
  for (const v of d.vcpus) {
    if (!v.runstateArea) continue
    const r = decodeRunstate(v.runstateArea.bytes, layoutOf(v.runstateArea))
    expect(r.time.reduce((a, b) => a + b, 0n) + d.createdAt).toBe(r.stateEntryTime)
    checked++
  }
  return checked
}

describe.each(['credit2', 'credit', 'rtds', 'null'] as const)('%s: moving the epoch', sched => {
  it('changes no runstate, guest copy or placement (fingerprint against a host that never moves it)', () => {
    const a = host(sched), b = host(sched)
    setFastForward(a, 0)
    setFastForward(b, 0)
    let moves = 0
    while (a.now < 4 * S) {
      advanceTo(a, a.now + 170_000_000)
      advanceTo(b, b.now + 170_000_000)
      // Keep the new epoch a second behind now (as the automatic move keeps it 50 days behind).
      const shift = Math.floor((b.now - S) / 80_000_000) * 80_000_000
      if (shift > 0) {
        moveEpoch(b, shift)
        moves++
      }
      expect(fingerprint(b)).toBe(fingerprint(a))
    }
    expect(moves).toBeGreaterThan(10)
    expect(epochNs(b)).toBeGreaterThan(0n)
    expect(b.now).toBeLessThan(2 * S)
    expectExact(b)
  })
})

describe.each(['credit2', 'credit', 'rtds'] as const)('%s: years of uptime', sched => {
  it('400 days: the epoch moved, uptime and time[] are exact, guest copies hold u64s past 2^53', () => {
    const h = host(sched)
    advanceBy(h, 400n * DAY)
    expect(nowNs(h)).toBe(400n * DAY + nowNs(host(sched)))
    expect(epochNs(h)).toBeGreaterThan(0n)
    expect(h.now).toBeLessThan(REBASE_AT_NS)
    expectExact(h)
    const busy = [...h.domains.values()].find(d => d.name === 'busy')!
    expect(expectGuestCopies(busy)).toBe(2)
    for (const v of busy.vcpus) {
      const r = decodeRunstate(v.runstateArea!.bytes, layoutOf(v.runstateArea!))
      expect(r.stateEntryTime).toBeGreaterThan(TWO_53)
      // Two cpu-bound vCPUs on two pCPUs, with dom0 and web beside them: about half of 400 days running.
      expect(r.time[0]).toBeGreaterThan(TWO_53 / 10n)
    }
    const rows = uptimeRows(h)
    expect(rows.every(r => r.uptimeSeconds >= 400 * 86400)).toBe(true)
    // The offline vCPUs spent all 400 days offline.
    const web = [...h.domains.values()].find(d => d.name === 'web')!
    const off = web.vcpus[3].runstate
    expect(off.state).toBe(RUNSTATE_offline)
    expect(runstateTimeNs(off, RUNSTATE_offline) + BigInt(h.now - off.entryTime)).toBe(nowNs(h) - web.createdAt)
  })

  it('3 years, in one advance or in 40 pieces, with a domain created on the way', () => {
    const years = 3n * 365n * DAY
    const one = host(sched)
    advanceBy(one, years)
    expectExact(one)
    const pieces = host(sched)
    for (let i = 0; i < 40; i++) advanceBy(pieces, years / 40n)
    expect(nowNs(pieces)).toBe(nowNs(one))
    expectExact(pieces)
    // A domain created after the epoch moved: its record starts at the right absolute time.
    const base = {memMiB: 128, maxmemMiB: 128, cpus: [], cpusSoft: [], paravirtTimeAccounting: true,
      onPoweroff: 'destroy', onReboot: 'restart', onCrash: 'destroy', config: {}}
    const late = createDomain(pieces, {...base, name: 'late', kernel: 'linux-4.6-runstate', vcpus: 2, maxVcpus: 2, workloads: ['cpu']}, {paused: false})
    expect(late.createdAt).toBe(nowNs(pieces))
    advanceBy(pieces, 30n * DAY)
    expectExact(pieces)
    expect(expectGuestCopies(late)).toBe(2)
    expect(uptimeRows(pieces, [late])[0].uptimeSeconds).toBe(30 * 86400)
    // The guest's /proc/stat splits the whole 30 days (ticks of 10 ms), per vCPU.
    for (const cpu of guestStat(pieces, late)) {
      const ticks = Object.values(cpu.ticks).reduce((a, b) => a + b, 0)
      expect(Math.abs(ticks - 30 * 86400 * 100)).toBeLessThanOrEqual(8)
    }
    // Taking a vCPU down after years prints a console stamp with the days in it.
    vcpuSet(pieces, late, 1)
    const stamp = /\[\s*(\d+)\.(\d{6})\] smpboot: CPU 1 is now offline/.exec(late.guest.console)
    expect(stamp).not.toBeNull()
    expect(BigInt(stamp![1])).toBe((nowNs(pieces) - late.createdAt) / 1_000_000_000n)
    expectExact(pieces)
  })
})
