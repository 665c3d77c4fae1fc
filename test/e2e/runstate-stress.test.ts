// `xl runstate stress` through the built CLI: a window with nothing to race
// fails instead of reporting "0 torn", and a big host's other domains are
// simulated alongside (their time stays consistent) without being watched.
import {describe, expect, it} from 'vitest'
import {readFileSync} from 'node:fs'
import {cfg, shellScenario, tempHosts, type TempHost} from '../helpers/cli.js'

const newHost = tempHosts()

const shell = shellScenario

describe('xl runstate stress', () => {
  it('exits 1 with one line saying nothing was tested when vcpu 0 is never switched, and changes nothing', () => {
    const h = newHost()
    const g = h.file('g.cfg', cfg({name: 'g', kernel: 'linux-6.1', vcpus: 2, memory: 256, workload: 'cpu'}))
    shell(h, ['host init --force --clock manual --arch x86_64 --cpus 4', `create ${g}`, 'clock advance 1s'])
    const before = readFileSync(h.state)
    const r = h.xl('runstate', 'stress', 'g', '--reads', '100')
    expect(r.code).toBe(1)
    expect(r.stdout).toBe('')
    expect(r.stderr).toBe('xl: nothing was tested: vcpu 0 of g was not switched in or out in 600.000 s of simulated time ' +
      '(it kept its pCPU throughout), so its runstate area was never rewritten for vcpu 1 to race with; run it on a ' +
      'contended host (more runnable vCPUs than pCPUs) or give vcpu 0 a duty workload (xl workload g 0 duty:50:5ms)\n')
    expect(readFileSync(h.state).equals(before)).toBe(true)
    // The advice works.
    shell(h, ['workload g 0 duty:50:5ms'])
    const ok = h.xl('runstate', 'stress', 'g', '--reads', '100')
    expect(ok.code, ok.stderr).toBe(0)
    expect(ok.stdout).toMatch(/remote reads \(vcpu 1 reading vcpu 0\): +100 reads/)
  })

  it('runs on a host with 300 idle domains, whose time stays consistent', () => {
    const h = newHost()
    const m = h.file('m.cfg', cfg({name: 'm', kernel: 'linux-6.1', vcpus: 2, memory: 48, workload: 'duty:50:5ms'}))
    const busy = h.file('busy.cfg', cfg({name: 'busy', kernel: 'linux-6.1', vcpus: 4, memory: 48, workload: 'cpu'}))
    const idle = Array.from({length: 300}, (_, i) => `create /dev/null 'name="g${i}"' memory=48 vcpus=1 'kernel="linux-6.1"'`)
    shell(h, ['host init --force --clock manual --arch x86_64 --cpus 4 --memory 16384', ...idle, `create ${m}`, `create ${busy}`])
    const r = h.xl('runstate', 'stress', 'm', '--reads', '1000', '--json')
    expect(r.code, r.stderr).toBe(0)
    const res = JSON.parse(r.stdout)
    expect(res.remote.reads).toBe(1000)
    expect(res.remote.torn).toBe(0)
    // Every domain ran for the stress's simulated time: runstate sums equal elapsed time.
    const check = h.xl('host', 'check')
    expect(check.code, check.stdout + check.stderr).toBe(0)
    const up = h.xl('uptime', 'g0', 'm')
    expect(up.code).toBe(0)
    const secs = up.stdout.trim().split('\n').slice(1).map(l => l.trim().split(/\s+/)[2])
    expect(secs[0]).toBe(secs[1])
  })
})
