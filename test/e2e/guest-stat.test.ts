// `xl guest-stat` through the built CLI: a guest without
// CONFIG_PARAVIRT_TIME_ACCOUNTING on a contended host still shows steal,
// and its vCPUs' user time is the time they ran, not 97% of uptime.
import {afterEach, describe, expect, it} from 'vitest'
import {cfg, tempHost, type TempHost} from '../helpers/cli.js'

let hosts: TempHost[] = []
afterEach(() => {
  for (const h of hosts) h.cleanup()
  hosts = []
})

describe('xl guest-stat', () => {
  it.each(['x86_64', 'arm64'])('paravirt_time_accounting = 0 on a contended %s host shows steal', arch => {
    const h = tempHost()
    hosts.push(h)
    const g = h.file('g.cfg', cfg({name: 'g', kernel: 'linux-6.1', vcpus: 2, memory: 256, workload: 'cpu', paravirt_time_accounting: 0}))
    const o = h.file('o.cfg', cfg({name: 'o', kernel: 'linux-6.1', vcpus: 2, memory: 256, workload: 'cpu'}))
    const r = h.xlInput([`host init --force --clock manual --arch ${arch} --cpus 2`, `create ${g}`, `create ${o}`,
      'clock advance 10s', 'guest-stat g', 'console g'].join('\n') + '\n', 'shell')
    expect(r.code, r.stderr).toBe(0)
    // cpu0 user nice system idle iowait irq softirq steal ...: about half the 10 s ran, half was stolen.
    const cpu0 = /^cpu0 (.*)$/m.exec(r.stdout)![1].split(' ').map(Number)
    expect(cpu0[0]).toBeGreaterThan(400)
    expect(cpu0[0]).toBeLessThan(550)
    expect(cpu0[7]).toBeGreaterThan(450)
    const row = /^0 +([\d.]+) +([\d.]+) +([\d.]+) +([\d.]+) +([\d.]+) /m.exec(r.stdout)!
    expect(Number(row[5])).toBeGreaterThan(40)
    expect(r.stdout).toContain('steal accounting: steal clock; runqueue steal time: disabled (CONFIG_PARAVIRT_TIME_ACCOUNTING off)')
    expect(r.stdout).toMatch(/\] xen: steal clock installed\n/)
    expect(r.stdout).toContain('xen: runqueue steal time is not enabled (CONFIG_PARAVIRT_TIME_ACCOUNTING is off)')
  })
})
