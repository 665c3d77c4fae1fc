// Scheduling through the real CLI: a live host whose runstate and
// steal the guest sees, deterministic in manual mode.
import {describe, expect, it} from 'vitest'
import Database from 'better-sqlite3'
import {cfg, shellScenario, tempHosts, type TempHost} from '../helpers/cli.js'

const newHost = tempHosts()

const shell = shellScenario

function scenario(h: TempHost): string[] {
  const a = h.file('a.cfg', cfg({name: 'a', kernel: 'linux-4.6-runstate', vcpus: 2, memory: 128, workload: 'cpu'}))
  const b = h.file('b.cfg', cfg({name: 'b', kernel: 'linux-4.6', vcpus: 2, memory: 128, workload: 'duty:60:20ms'}))
  return [
    'host init --force --clock manual --arch x86_64 --cpus 2 --seed 9',
    `create ${a}`, `create ${b}`,
    'clock advance 3s', 'list', 'vcpu-list', 'guest-stat a', 'guest-stat b',
    'pause b', 'clock advance 1500ms', 'list', 'guest-stat b', 'unpause b',
    'clock advance 2s', 'vcpu-list', 'debug-keys r', 'dmesg -c',
  ]
}

describe('the live host', () => {
  it('gives byte-identical output for the same scenario in manual mode', () => {
    const one = newHost()
    const two = newHost()
    const first = shell(one, scenario(one))
    const second = shell(two, scenario(two).map(l => l.replace(two.dir, one.dir)))
    expect(first).toContain('--p---')
    expect(second).toBe(first)
  })

  it('pausing moves vCPUs offline and the steal clock grows by the paused time', () => {
    const h = newHost()
    const g = h.file('g.cfg', cfg({name: 'g', kernel: 'linux-6.1', vcpus: 2, memory: 128, workload: 'cpu'}))
    shell(h, ['host init --force --clock manual --arch x86_64 --cpus 4', `create ${g}`, 'clock advance 1s'])
    const before = JSON.parse(h.xl('guest-stat', 'g', '--json').stdout)
    shell(h, ['pause g', 'clock advance 2s'])
    const rs = JSON.parse(h.xl('runstate', 'g', '--json').stdout)
    const after = JSON.parse(h.xl('guest-stat', 'g', '--json').stdout)
    for (let cpu = 0; cpu < 2; cpu++) {
      const grew = after.cpus[cpu].stealClockNs - before.cpus[cpu].stealClockNs
      expect(grew).toBeGreaterThanOrEqual(2e9)
      expect(grew).toBeLessThan(2e9 + 10e6)
    }
    expect(rs.vcpus.map((v: {state: string}) => v.state)).toEqual(['offline', 'offline'])
    expect(h.xl('list', 'g').stdout).toMatch(/--p---/)
  })

  it.each([
    ['linux-4.6-runstate', 1, 'x86_64', '4.17', true, true],
    // Without CONFIG_PARAVIRT_TIME_ACCOUNTING /proc/stat still counts steal (cputime.c, CONFIG_PARAVIRT).
    ['linux-4.6-runstate', 0, 'x86_64', '4.17', true, false],
    ['linux-4.6', 1, 'arm64', '4.17', true, false],
    ['linux-4.6-runstate', 1, 'arm64', '4.7', true, false],
  ])('%s pvta=%i on %s %s: steal accounted %s, runqueue steal %s', (kernel, pvta, arch, xen, steal, rq) => {
    const h = newHost()
    const g = h.file('g.cfg', cfg({name: 'g', kernel, vcpus: 4, memory: 128, workload: 'cpu', paravirt_time_accounting: pvta}))
    const o = h.file('o.cfg', cfg({name: 'o', kernel: 'linux-6.1', vcpus: 4, memory: 128, workload: 'cpu'}))
    shell(h, [`host init --force --clock manual --arch ${arch} --xen ${xen} --cpus 2`, `create ${g}`, `create ${o}`, 'clock advance 4s'])
    const s = JSON.parse(h.xl('guest-stat', 'g', '--json').stdout)
    expect(s.runqueueStealEnabled).toBe(rq)
    for (const c of s.cpus) {
      expect(c.stealClockNs).toBeGreaterThan(1e9) // contended: 8 vCPUs on 2 pCPUs
      if (steal) {
        // Within one tick (USER_HZ) of runnable + offline, plus the jiffy
        // (4 ms at HZ=250) a kernel that charges steal in whole jiffies may
        // still owe (steal_account_process_tick, Linux 4.6).
        expect(Math.abs(c.ticks.steal * 10e6 - c.stealClockNs)).toBeLessThanOrEqual(14e6)
      } else {
        expect(c.ticks.steal).toBe(0)
      }
      // Linux 4.6 charges /proc/stat steal in whole ticks (4 ms); the run-queue clock in ns.
      if (rq) expect(Math.abs(c.rqClockNs - c.rqClockTaskNs - c.stealAccountedNs)).toBeLessThan(4e6)
      else expect(c.rqClockTaskNs).toBe(c.rqClockNs)
    }
  })

  it('a host left alone for a week catches up the whole week', () => {
    const h = newHost()
    expect(h.xl('host', 'init', '--force', '--arch', 'x86_64').code).toBe(0)
    const db = new Database(h.state)
    db.prepare('UPDATE host SET wall_ms = wall_ms - ?').run(7 * 86400 * 1000)
    db.close()
    const before = JSON.parse(h.xl('clock', '--json').stdout).nowNs
    expect(before).toBeGreaterThanOrEqual(7 * 86400e9)
    expect(before).toBeLessThan(7 * 86400e9 + 60e9)
    expect(h.xl('uptime').stdout).toMatch(/^Domain-0\s+0\s+7 days,/m)
    expect(h.xl('host', 'check').code).toBe(0)
  })
})
