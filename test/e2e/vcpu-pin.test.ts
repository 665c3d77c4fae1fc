// xl vcpu-pin through the built CLI: pinned vCPUs move to their new pCPU at
// once and keep running (credit and credit2), and `xl host check` fails on
// a state file whose vCPUs were stranded outside their hard affinity.
import {describe, expect, it} from 'vitest'
import Database from 'better-sqlite3'
import {cfg, tempHosts, type TempHost} from '../helpers/cli.js'

const newHost = tempHosts()

function ok(h: TempHost, ...args: string[]): string {
  const r = h.xl(...args, '--state', h.state)
  expect(r.code, `xl ${args.join(' ')}: ${r.stderr}`).toBe(0)
  return r.stdout
}

interface VcpuRow {vcpu: number; cpu: string; state: string; time: number; affinity: string}

/** The rows of `xl vcpu-list <dom>`. */
function vcpuList(h: TempHost, dom: string): VcpuRow[] {
  return ok(h, 'vcpu-list', dom).trim().split('\n').slice(1).map(line => {
    const f = line.trim().split(/\s+/)
    return {vcpu: Number(f[2]), cpu: f[3], state: f[4], time: Number(f[5]), affinity: f.slice(6).join(' ')}
  })
}

function busyHost(sched: string): TempHost {
  const h = newHost()
  const busy = h.file('busy.cfg', cfg({name: 'busy', kernel: 'linux-4.6-runstate', vcpus: 2, memory: 512, workload: 'cpu'}))
  ok(h, 'host', 'init', '--force', '--arch', 'x86_64', '--clock', 'manual', '--sched', sched)
  ok(h, 'create', busy)
  ok(h, 'clock', 'advance', '1s')
  return h
}

describe.each(['credit', 'credit2'])('%s', sched => {
  it('xl vcpu-pin busy all 0: both vCPUs move to pCPU 0 and share it; pinning back to all spreads them', () => {
    const h = busyHost(sched)
    ok(h, 'vcpu-pin', 'busy', 'all', '0')
    const pinned = vcpuList(h, 'busy')
    expect(pinned.map(r => r.cpu)).toEqual(['0', '0'])
    expect(pinned.map(r => r.affinity)).toEqual(['0 / all', '0 / all'])
    expect(pinned.map(r => r.state).sort()).toEqual(['---', 'r--'])
    ok(h, 'clock', 'advance', '2s')
    const after = vcpuList(h, 'busy')
    expect(after.map(r => r.cpu)).toEqual(['0', '0'])
    // One pCPU for two busy vCPUs: about 1 s more each (Time(s) was 1.0).
    for (const r of after) {
      expect(r.time).toBeGreaterThanOrEqual(1.8)
      expect(r.time).toBeLessThanOrEqual(2.2)
    }
    const stat = JSON.parse(ok(h, 'guest-stat', 'busy', '--json'))
    for (const c of stat.cpus) {
      expect(c.stealClockNs).toBeGreaterThan(0.8e9)
      expect(c.stealClockNs).toBeLessThan(1.2e9)
    }
    ok(h, 'debug-keys', 'r')
    const dmesg = ok(h, 'dmesg')
    expect(dmesg).toMatch(/CPU\[00\] current=d1v[01]/)
    expect(ok(h, 'host', 'check')).toBe('host check: ok\n')

    ok(h, 'vcpu-pin', 'busy', 'all', 'all')
    ok(h, 'clock', 'advance', '1s')
    const spread = vcpuList(h, 'busy')
    expect(spread.map(r => r.affinity)).toEqual(['all / all', 'all / all'])
    expect(new Set(spread.map(r => r.cpu)).size).toBe(2)
    for (const r of spread) expect(r.time).toBeGreaterThan(after[r.vcpu].time + 0.9)
    expect(ok(h, 'host', 'check')).toBe('host check: ok\n')
  })

  it('xl vcpu-pin g1 0 1 moves a blocked vCPU at once; a soft pin moves it to the preferred pCPU', () => {
    const h = newHost()
    const g1 = h.file('g1.cfg', cfg({name: 'g1', vcpus: 2, memory: 256}))
    ok(h, 'host', 'init', '--force', '--arch', 'x86_64', '--clock', 'manual', '--sched', sched)
    ok(h, 'create', g1)
    ok(h, 'clock', 'advance', '1s')
    ok(h, 'vcpu-pin', 'g1', '0', '1')
    expect(vcpuList(h, 'g1')[0]).toMatchObject({cpu: '1', state: '-b-', affinity: '1 / all'})
    ok(h, 'vcpu-pin', 'g1', '1', '-', '3')
    expect(vcpuList(h, 'g1')[1]).toMatchObject({cpu: '3', state: '-b-', affinity: 'all / 3'})
    expect(ok(h, 'host', 'check')).toBe('host check: ok\n')
  })

  it('xl host check fails on a state file whose hard affinity was changed behind the scheduler', () => {
    const h = busyHost(sched)
    // Corrupt the stored domain: pin its vCPUs to pCPU 0 without the scheduler knowing.
    const db = new Database(h.state)
    const row = db.prepare('SELECT data FROM domains WHERE domid = 1').get() as {data: string}
    const d = JSON.parse(row.data)
    for (const v of d.vcpus) v.hardAffinity = [0]
    db.prepare('UPDATE domains SET data = ? WHERE domid = 1').run(JSON.stringify(d))
    db.close()
    const running = h.xl('host', 'check', '--state', h.state)
    expect(running.code).toBe(1)
    expect(running.stderr).toMatch(/^host check: d1v0: running on CPU\d, outside its hard affinity$/m)
    // At the end of their slices they are switched out and queued nowhere.
    ok(h, 'clock', 'advance', '100ms')
    const stranded = h.xl('host', 'check', '--state', h.state)
    expect(stranded.code).toBe(1)
    expect(stranded.stderr).toContain('host check: d1v0: runnable but in no run queue: no pCPU will ever pick it')
    expect(stranded.stderr).toContain('host check: d1v1: runnable but in no run queue: no pCPU will ever pick it')
    // A real pin recovers them.
    ok(h, 'vcpu-pin', 'busy', 'all', 'all')
    expect(ok(h, 'host', 'check')).toBe('host check: ok\n')
    ok(h, 'clock', 'advance', '1s')
    for (const r of vcpuList(h, 'busy')) expect(r.state).toBe('r--')
  })
})
