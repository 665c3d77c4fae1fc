// xl runs in dom0 (src/libxl/toolstack.ts): whatever a command reads, one
// of dom0's vCPUs is running it, as on the real hosts of the captures.
import {describe, expect, it} from 'vitest'
import {cfg, tempHosts} from '../helpers/cli.js'
import {fixture} from '../helpers/fixtures.js'

const newHost = tempHosts()

/** The six state letters of a `xl list` row, by name. */
function states(out: string): Record<string, string> {
  return Object.fromEntries(out.split('\n').slice(1).filter(Boolean).map(l => {
    const f = l.split(/\s+/)
    return [f[0], f[4]]
  }))
}

describe('dom0 runs the toolstack', () => {
  it('xl list: Domain-0 is r----- after the clock moved, as in every capture (002, 037, 047, arm64 002)', () => {
    for (const [set, name] of [['x86-pv', '002-list'], ['x86-pv', '037-list-with-g1'], ['x86-pv', '047-list-paused'], ['arm64', '002-list']] as const) {
      expect(states(fixture(set, name, 'out'))['Domain-0']).toBe('r-----')
    }
    for (const arch of ['x86_64', 'arm64']) {
      const h = newHost()
      expect(h.xl('host', 'init', '--force', '--clock', 'manual', '--arch', arch, '--cpus', '2', '--dom0-kernel', 'linux-6.1').code).toBe(0)
      expect(h.xl('create', h.file('g1.cfg', cfg({name: 'g1', kernel: 'linux-6.1', memory: 128, vcpus: 2}))).code).toBe(0)
      expect(h.xl('clock', 'advance', '10s').code).toBe(0)
      expect(states(h.xl('list').stdout)).toEqual({'Domain-0': 'r-----', g1: '-b----'})
      expect(h.xl('pause', 'g1').code).toBe(0)
      // 047-list-paused: a paused, idle guest is -bp---.
      expect(states(h.xl('list').stdout)).toEqual(states(fixture('x86-pv', '047-list-paused', 'out')))
    }
  })

  it('vcpu-list: exactly one dom0 vCPU is running (005-vcpu-list); xentop shows dom0 -----r (015-top)', () => {
    const h = newHost()
    expect(h.xl('host', 'init', '--force', '--clock', 'manual', '--arch', 'x86_64', '--cpus', '2', '--sched', 'credit', '--dom0-kernel', 'linux-6.1').code).toBe(0)
    expect(h.xl('clock', 'advance', '5s').code).toBe(0)
    const dom0 = (out: string) => out.split('\n').filter(l => l.startsWith('Domain-0')).map(l => l.split(/\s+/)[4])
    expect(dom0(h.xl('vcpu-list').stdout).sort()).toEqual(dom0(fixture('x86-pv', '005-vcpu-list', 'out')).sort())
    const top = h.xl('top', '-b', '-i', '1').stdout.split('\n').find(l => /^ +Domain-0 /.test(l))!
    const real = fixture('x86-credit', '015-top', 'out').split('\n').find(l => /^ +Domain-0 /.test(l))!
    expect(top.trim().split(/\s+/)[1]).toBe(real.trim().split(/\s+/)[1])
  })
})
