// xl shutdown / reboot end to end: the guest cooperates, on_poweroff /
// on_reboot decide what follows, -w / -w -w print xl's progress lines.
import {afterAll, describe, expect, it} from 'vitest'
import {err, runSteps, x86Host} from './lifecycle-helpers.js'

const h = x86Host()
afterAll(() => h.cleanup())
const r = runSteps(h.state, [
  ['none', 'shutdown'],
  ['c1', 'create', h.guest('g1')],
  ['down', 'shutdown', '-w', 'g1'],
  ['list1', 'list'],
  ['c2', 'create', h.guest('g1')],
  ['reboot', 'reboot', '-w', '-w', 'g1'],
  ['list2', 'list'],
  ['c3', 'create', h.guest('g3', {on_poweroff: 'preserve', vcpus: 1})],
  ['all', 'shutdown', '-a', '-w'],
  ['list3', 'list'],
  ['dead', 'shutdown', '-w', '-w', 'g3'],
  ['dom0', 'shutdown', '0'],
  ['bad', 'reboot', 'nope'],
  ['badOpt', 'shutdown', '-c', 'g3'],
  ['c4', 'create', '-p', h.guest('g4')],
  ['paused', 'shutdown', 'g4'],
  ['list4', 'list', 'g4'],
])

describe('xl shutdown / reboot', () => {
  it('needs -a or a domain', () => {
    expect(r.none).toEqual(err('You must specify -a or a domain id.\n\n'))
  })
  it('shutdown -w: the guest powers off and is destroyed (on_poweroff=destroy)', () => {
    expect(r.down).toEqual({stdout: '', stderr: 'Shutting down domain 1\nWaiting for 1 domains\nDomain 1 has been shut down, reason code 0\n', code: 0})
    expect(r.list1!.stdout.split('\n').slice(1, -1).map(l => l.split(/ +/)[0])).toEqual(['Domain-0'])
  })
  it('reboot -w -w: waits for death; on_reboot=restart brings it back under a new id', () => {
    expect(r.reboot).toEqual({stdout: '', stderr: 'Rebooting domain 2\nWaiting for 1 domains\nDomain 2 has been shut down, reason code 1\nDomain 2 continue waiting for death\nDomain 2 has been destroyed\n', code: 0})
    expect(r.list2!.stdout.split('\n')[2]).toMatch(/^g1 +3 +128 +2 /)
  })
  it('-a: every domain but dom0; on_poweroff=preserve keeps it shut down', () => {
    expect(r.all).toEqual({stdout: '', stderr: 'Shutting down domain 3\nShutting down domain 4\nWaiting for 2 domains\nDomain 3 has been shut down, reason code 0\nDomain 4 has been shut down, reason code 0\n', code: 0})
    const rows = r.list3!.stdout.split('\n').slice(1, -1)
    expect(rows.map(l => l.split(/ +/)[0])).toEqual(['Domain-0', 'g3'])
    expect(rows[1]).toMatch(/ {5}---s-- /)
  })
  it('errors', () => {
    expect(r.dead!.code).toBe(1)
    expect(r.dead!.stderr.startsWith('Shutting down domain 4\nWaiting for 1 domains\n')).toBe(true)
    expect(r.dom0!.code).toBe(1)
    expect(r.bad).toEqual(err('nope is an invalid domain identifier (rc=-6)\n'))
    expect(r.badOpt).toEqual(err("option `c' not supported.\n", 2))
  })
  it('a paused guest cannot act on the request; xl still returns 0', () => {
    expect(r.c4!.code).toBe(0)
    expect(r.paused).toEqual({stdout: '', stderr: 'Shutting down domain 5\n', code: 0})
    expect(r.list4!.stdout.split('\n')[1]).toMatch(/^g4 +5 /)
  })
  it('the spawned CLI: reboot -a asks every domU, even one that cannot act', () => {
    const s = h.xl('reboot', '-a')
    expect(s).toEqual({stdout: '', stderr: 'Rebooting domain 4\nRebooting domain 5\n', code: 0})
  })
})

describe('xl shutdown -a -w acts per domain, as xl_vmcontrol.c does', () => {
  it('a paused domain first: the others still shut down and are reported, then one line for it; exit 1', () => {
    const p = x86Host()
    try {
      expect(p.xl('create', '-p', p.guest('stuck')).code).toBe(0)
      expect(p.xl('create', p.guest('a')).code).toBe(0)
      expect(p.xl('create', p.guest('b')).code).toBe(0)
      const r = p.xl('shutdown', '-a', '-w')
      expect(r).toEqual({
        stdout: '', code: 1,
        stderr: 'Shutting down domain 1\nShutting down domain 2\nShutting down domain 3\nWaiting for 3 domains\n' +
          'Domain 2 has been shut down, reason code 0\nDomain 3 has been shut down, reason code 0\n' +
          'xl: domain 1 cannot act on the request now (paused, not booted or already shut down); not waiting forever\n',
      })
      // The requests that were made stay made (on_poweroff=destroy): only the paused one is left.
      expect(p.xl('list').stdout.split('\n').slice(1, -1).map(l => l.split(/ +/)[0])).toEqual(['Domain-0', 'stuck'])
    } finally {
      p.cleanup()
    }
  })
})
