// Simulated time through the real CLI: Xen's system time is 64-bit ns, so a
// host runs for years and every figure stays exact to the ns.
import {afterEach, describe, expect, it} from 'vitest'
import {cfg, tempHost, type TempHost} from '../helpers/cli.js'

let hosts: TempHost[] = []
afterEach(() => {
  for (const h of hosts) h.cleanup()
  hosts = []
})

const DAY = 86_400n * 1_000_000_000n

function hostWithGuest(): TempHost {
  const h = tempHost()
  hosts.push(h)
  expect(h.xl('host', 'init', '--force', '--clock', 'manual', '--arch', 'x86_64', '--cpus', '2').code).toBe(0)
  const g = h.file('g.cfg', cfg({name: 'g', kernel: 'linux-4.6-runstate', vcpus: 2, memory: 128, workload: 'cpu'}))
  expect(h.xl('create', g).code).toBe(0)
  return h
}

describe('xl clock advance past 104 days', () => {
  it('400d: uptime, clock, guest copies and console stamps are exact', () => {
    const h = hostWithGuest()
    const start = BigInt(JSON.parse(h.xl('clock', '--json').stdout).nowNs)
    const r = h.xl('clock', 'advance', '400d')
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    const now = BigInt(JSON.parse(h.xl('clock', '--json').stdout).nowNs)
    expect(now).toBe(start + 400n * DAY)
    expect(h.xl('clock').stdout).toContain(`now     : ${now} ns\n`)
    expect(h.xl('uptime').stdout).toMatch(/^Domain-0\s+0\s+400 days,/m)
    expect(h.xl('uptime').stdout).toMatch(/^g\s+1\s+400 days,/m)
    // The guest copy's u64s are past 2^53 and add up: a copy written at a
    // context switch holds everything accounted up to its state_entry_time.
    const rs = JSON.parse(h.xl('runstate', 'g', '--json').stdout)
    for (const v of rs.vcpus) {
      const entry = BigInt(v.stateEntryTime)
      expect(entry).toBeGreaterThan(2n ** 53n)
      const sum = ['running', 'runnable', 'blocked', 'offline'].reduce((a, k) => a + BigInt(v.time[k]), 0n)
      expect(sum).toBeGreaterThan(399n * DAY)
      // entry - sum is the domain's creation time, before the advance.
      expect(entry - sum).toBeGreaterThanOrEqual(0n)
      expect(entry - sum).toBeLessThanOrEqual(start)
    }
    // A vCPU taken down now stamps its console line with 400 days of seconds.
    expect(h.xl('vcpu-set', 'g', '1').code).toBe(0)
    const line = h.xl('console', 'g').stdout.split('\n').find(l => l.includes('CPU 1 is now offline'))
    expect(line).toMatch(/^\[3456\d{4}\.\d{6}\] smpboot: CPU 1 is now offline$/)
    expect(h.xl('host', 'check').stdout).toBe('host check: ok\n')
  })

  it('3 years, then a year more in pieces: the host check (every sum to the ns) passes', () => {
    const h = hostWithGuest()
    expect(h.xl('clock', 'advance', '1095d').code).toBe(0)
    for (let i = 0; i < 4; i++) expect(h.xl('clock', 'advance', '91.25d').code).toBe(0)
    expect(h.xl('uptime').stdout).toMatch(/^g\s+1\s+1460 days,/m)
    expect(h.xl('host', 'check').stdout).toBe('host check: ok\n')
    expect(h.xl('list').code).toBe(0)
  })

  it('refuses to pass the end of 64-bit system time, with one line', () => {
    const h = hostWithGuest()
    const r = h.xl('clock', 'advance', '200000d')
    expect(r.code).not.toBe(0)
    expect(r.stderr).toMatch(/^[^\n]*106751 days[^\n]*xl host init --force[^\n]*\n$/)
  })
})
