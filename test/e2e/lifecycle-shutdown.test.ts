// xl shutdown / reboot end to end: the guest cooperates, on_poweroff /
// on_reboot decide what follows, -w / -w -w print xl's progress lines.
import {afterAll, describe, expect, it} from 'vitest'
import {err, runSteps, x86Host, xlAsync} from './lifecycle-helpers.js'

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
  ['clock4', 'clock'],
  ['paused', 'shutdown', 'g4'],
  ['clock5', 'clock'],
  ['list4', 'list', 'g4'],
  ['unpause4', 'unpause', 'g4'],
  ['list5', 'list', 'g4'],
  ['wait5', 'shutdown', '-w', 'g4'],
])

/** libxl_domain.c:854 pvcontrol_cb after the 60 s xswait, then xl's own line (xl_vmcontrol.c shutdown_domain). */
const TIMED_OUT = "libxl: error: libxl_domain.c:854:pvcontrol_cb: guest didn't acknowledge control request: -9\n"
const nowOf = (out: string) => Number(/now +: (\d+) ns/.exec(out)![1])

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
    // A domain that is already shut down cannot acknowledge control/shutdown: libxl times out.
    expect(r.dead).toEqual(err(`Shutting down domain 4\n${TIMED_OUT}shutdown failed (rc=-9)\n`))
    expect(r.dom0!.code).toBe(1)
    expect(r.bad).toEqual(err('nope is an invalid domain identifier (rc=-6)\n'))
    expect(r.badOpt).toEqual(err("option `c' not supported.\n", 2))
  })
  it('a paused guest cannot acknowledge: libxl waits its 60 s (the manual clock moves) and xl fails', () => {
    expect(r.c4!.code).toBe(0)
    expect(r.paused).toEqual(err(`Shutting down domain 5\n${TIMED_OUT}shutdown failed (rc=-9)\n`))
    expect(nowOf(r.clock5!.stdout) - nowOf(r.clock4!.stdout)).toBe(60e9)
    expect(r.list4!.stdout.split('\n')[1]).toMatch(/^g4 +5 /)
  })
  it('the request stays written: the guest sees it when it first runs and powers off after its shutdown time', () => {
    expect(r.unpause4!.code).toBe(0)
    // Still there: linux-6.1 takes 2.6 s to stop (kernels.ts shutdownMs).
    expect(r.list5!.stdout.split('\n')[1]).toMatch(/^g4 +5 /)
    // Asked again while on its way down: acknowledged at once, -w sees the end of the same path.
    expect(r.wait5).toEqual({stdout: '', stderr: 'Shutting down domain 5\nWaiting for 1 domains\nDomain 5 has been shut down, reason code 0\n', code: 0})
  })
  it('the spawned CLI: reboot -a asks every domU; the preserved, shut-down one cannot acknowledge', () => {
    const s = h.xl('reboot', '-a')
    expect(s).toEqual(err(`Rebooting domain 4\n${TIMED_OUT}reboot failed (rc=-9)\n`))
  })
})

describe('xl shutdown -a -w acts per domain, as xl_vmcontrol.c does', () => {
  it('a paused domain last: the ones before it were asked and still go down; xl stops at its timeout, exit 1', () => {
    const p = x86Host()
    try {
      expect(p.xl('create', p.guest('a')).code).toBe(0)
      expect(p.xl('create', p.guest('b')).code).toBe(0)
      expect(p.xl('create', '-p', p.guest('stuck')).code).toBe(0)
      const r = p.xl('shutdown', '-a', '-w')
      expect(r).toEqual(err(`Shutting down domain 1\nShutting down domain 2\nShutting down domain 3\n${TIMED_OUT}shutdown failed (rc=-9)\n`))
      // The 60 s wait let a and b finish their shutdown (on_poweroff=destroy): only the paused one is left.
      expect(p.xl('list').stdout.split('\n').slice(1, -1).map(l => l.split(/ +/)[0])).toEqual(['Domain-0', 'stuck'])
    } finally {
      p.cleanup()
    }
  })

  it('without -w the domain outlives the command (2 s later xl destroy still finds it, as on the real host); -w waits', () => {
    const p = x86Host()
    try {
      expect(p.xl('create', p.guest('g2')).code).toBe(0)
      expect(p.xl('shutdown', 'g2')).toEqual({stdout: '', stderr: 'Shutting down domain 1\n', code: 0})
      expect(p.xl('clock', 'advance', '2s').code).toBe(0)
      expect(p.xl('list', 'g2').stdout).toMatch(/^g2 +1 /m)
      expect(p.xl('clock', 'advance', '600ms').code).toBe(0)
      expect(p.xl('list', 'g2')).toEqual(err('g2 is an invalid domain identifier (rc=-6)\n'))
      // The guest's console ends as Linux's kernel_power_off does.
      expect(p.xl('create', p.guest('g3', {on_poweroff: 'preserve'})).code).toBe(0)
      const before = nowOf(p.xl('clock').stdout)
      expect(p.xl('shutdown', '-w', 'g3').code).toBe(0)
      expect(nowOf(p.xl('clock').stdout) - before).toBe(2.6e9)
      expect(p.xl('console', 'g3').stdout).toMatch(/\] reboot: Power down\n$/)
      expect(p.xl('list', 'g3').stdout).toMatch(/^g3 +2 .* ---s-- /m)
    } finally {
      p.cleanup()
    }
  })
})

describe('an HVM guest without PV drivers (its kernel has not set HVM_PARAM_CALLBACK_IRQ)', () => {
  it('xl_vmcontrol.c shutdown_domain / reboot_domain: ERROR_NOPARAVIRT, -F sends the ACPI button (x86 knows no reset trigger)', () => {
    const p = x86Host()
    try {
      expect(p.xl('create', '-p', p.guest('h', {type: 'hvm'})).code).toBe(0)
      expect(p.xl('shutdown', 'h')).toEqual(err('Shutting down domain 1\nPV control interface not available: external graceful shutdown not possible.\n' +
        'Use "-F" to fallback to ACPI power event.\nshutdown failed (rc=-10)\n'))
      expect(p.xl('reboot', 'h')).toEqual(err('Rebooting domain 1\nPV control interface not available: external graceful reboot not possible.\n' +
        'Use "-F" to fallback to ACPI reset event.\nreboot failed (rc=-10)\n'))
      // XEN_DOMCTL_SENDTRIGGER_POWER presses the button (no OS yet to act on it); RESET is -ENOSYS (xen/arch/x86/domctl.c).
      expect(p.xl('shutdown', '-F', 'h')).toEqual({stdout: '', code: 0,
        stderr: 'Shutting down domain 1\nPV control interface not available: sending ACPI power button event.\n'})
      expect(p.xl('reboot', '-F', 'h')).toEqual(err('Rebooting domain 1\nPV control interface not available: sending ACPI reset button event.\n' +
        "libxl: error: libxl_domain.c:2207:libxl_send_trigger: Domain 1:Send trigger 'reset' failed: Function not implemented\nreboot failed (rc=-3)\n"))
      // Once Linux has booted it has PV drivers: the request goes through xenstore.
      expect(p.xl('unpause', 'h').code).toBe(0)
      expect(p.xl('shutdown', '-w', 'h')).toEqual({stdout: '', code: 0,
        stderr: 'Shutting down domain 1\nWaiting for 1 domains\nDomain 1 has been shut down, reason code 0\n'})
    } finally {
      p.cleanup()
    }
  })
})

describe('on a wall clock', () => {
  it('shutdown -w takes the guest\'s real shutdown time (linux-4.6: 1.2 s), the lock free meanwhile', async () => {
    const p = x86Host()
    try {
      expect(p.xl('host', 'init', '--force', '--arch', 'x86_64', '--cpus', '2', '--dom0-kernel', 'linux-6.1').code).toBe(0)
      expect(p.xl('create', p.guest('w', {kernel: 'linux-4.6'})).code).toBe(0)
      const started = Date.now()
      const waiting = xlAsync(p.state, 'shutdown', '-w', 'w')
      // Another xl works while it waits (it holds no lock).
      await new Promise(resolve => setTimeout(resolve, 300))
      expect(p.xl('list', 'w').code).toBe(0)
      const r = await waiting
      expect(r).toEqual({stdout: '', code: 0, stderr: 'Shutting down domain 1\nWaiting for 1 domains\nDomain 1 has been shut down, reason code 0\n'})
      expect(Date.now() - started).toBeGreaterThanOrEqual(1200)
      expect(p.xl('list', 'w').code).toBe(1)
    } finally {
      p.cleanup()
    }
  }, 30_000)
})
