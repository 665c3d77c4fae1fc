// xl migrate -s: the receiver is a real process started through /bin/sh
// (an ssh-like script in test/fixtures, or `-s ''` and the command itself),
// the two ends talk xl's protocol over its stdin and stdout; receivers that
// fail in every way xl knows, and either end killed mid-way, leave the
// domain on exactly one host.
import {describe, expect, it} from 'vitest'
import {spawn, spawnSync} from 'node:child_process'
import {readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {BIN, ROOT, cfg, tempHosts, type TempHost} from '../helpers/cli.js'
import {domainStates, maskSaveInfo, migrationHost, MIGRATION_SUCCESS} from './migrate-helpers.js'

const newHost = tempHosts()
const SSH = join(ROOT, 'test', 'fixtures', 'migrate', 'fake-ssh')

function hosts(): [TempHost, TempHost] {
  const a = migrationHost(newHost)
  const b = migrationHost(newHost)
  expect(a.xl('create', '-q', a.file('g.cfg', cfg({name: 'g', kernel: 'linux-6.1', vcpus: 2, memory: 256, workload: 'cpu'}))).code).toBe(0)
  expect(a.xl('clock', 'advance', '1s').code).toBe(0)
  return [a, b]
}

/** `xl migrate` run on host `h` (its file given with --state, none in the environment). */
function migrate(h: TempHost, args: string[], env: Record<string, string> = {}): {stdout: string; stderr: string; code: number | null; signal: string | null} {
  const r = spawnSync(process.execPath, [BIN, '--state', h.state, ...args], {
    encoding: 'utf8', env: {...process.env, XLSIM_STATE: '', ...env},
  })
  return {stdout: r.stdout, stderr: r.stderr, code: r.status, signal: r.signal}
}

const PID = /\[\d+\]/g

describe('xl migrate -s', () => {
  it('through an ssh-like command: xl\'s protocol, the domain moves, the same stream as a save file', () => {
    const [a, b] = hosts()
    const uuid = /[0-9a-f-]{36}/.exec(a.xl('list', '-v', 'g').stdout)![0]
    const r = migrate(a, ['migrate', '-s', SSH, 'g', b.state])
    expect(r.code, r.stderr).toBe(0)
    expect(maskSaveInfo(r.stderr)).toBe(MIGRATION_SUCCESS)
    expect(domainStates(a)).toEqual([])
    expect(domainStates(b)).toEqual(['g live'])
    expect(b.xl('list', '-v', 'g').stdout).toContain(uuid)
    // back with -s '': the receiver is the command given as <host>; -p leaves it paused;
    // what crossed the pipe is a save file followed by xl's GO message
    const wire = join(a.dir, 'wire')
    const back = migrate(b, ['migrate', '-p', '-s', '', 'g', `tee ${wire} | xl --state ${a.state} migrate-receive -p`])
    expect(back.code, back.stderr).toBe(0)
    expect(domainStates(a)).toEqual(['g paused'])
    expect(domainStates(b)).toEqual([])
    const bytes = readFileSync(wire)
    expect(bytes.subarray(-44).toString('latin1')).toBe('domain is yours, you are cleared to unpause\0')
    const chk = b.file('g.chk', '')
    writeFileSync(chk, bytes.subarray(0, -44))
    const restored = b.xl('restore', chk)
    expect(restored.code, restored.stderr).toBe(0)
    expect(domainStates(b)).toEqual(['g live'])
    expect(b.xl('list', '-v', 'g').stdout).toContain(uuid)
  })

  it('to the same host (localhost): the copy takes the name the sender gives up', () => {
    const [a] = hosts()
    const r = migrate(a, ['migrate', '-s', '', 'g', `xl --state ${a.state} migrate-receive`])
    expect(r.code, r.stderr).toBe(0)
    expect(domainStates(a)).toEqual(['g live'])
    expect(a.xl('domid', 'g').stdout).toBe('2\n')
  })

  it('passes xl\'s flags on to the receiver: -t -T -v..., -e (also for -F), -d for --debug, -p', () => {
    const [a] = hosts()
    // `echo` as the ssh command prints the rune's arguments, then the receiver is gone
    const r = migrate(a, ['-t', '-T', '-vv', 'migrate', '-F', '--debug', '-p', '-s', 'echo >&2', 'g', 'dst'])
    expect(r.code).toBe(1)
    expect(r.stderr.split('\n')[0]).toBe('dst xl -t -T -vv migrate-receive -e -d -p')
    expect(domainStates(a)).toEqual(['g live'])
  })

  it('a transport that does not start: xl\'s lines, the exit status, the domain runs on', () => {
    const [a] = hosts()
    const r = migrate(a, ['migrate', '-s', 'no-such-ssh-command', 'g', 'dst'])
    expect(r.code).toBe(1)
    expect(r.stderr.replace(PID, '[P]')).toBe([
      '/bin/sh: 1: exec: no-such-ssh-command: not found',
      'libxl: error: libxl_utils.c:505:libxl_read_exactly: file/stream truncated reading banner from migration receiver stream',
      'libxl: info: libxl_exec.c:118:libxl_report_child_exitstatus: migration transport process [P] exited with error status 127', ''].join('\n'))
    expect(domainStates(a)).toEqual(['g live'])
    const one = migrate(a, ['migrate', '-s', '', 'g', 'exit 1'])
    expect(one.stderr.replace(PID, '[P]')).toMatch(/truncated reading banner .*\n.*migration transport process \[P\] exited with error status 1\n$/)
  })

  it('a receiver that says something else: xl names the command; the domain resumes at the sender', () => {
    const [a] = hosts()
    const garbage = migrate(a, ['migrate', '-s', '', 'g', 'printf "%060d" 0'])
    expect(garbage.code).toBe(1)
    expect(garbage.stderr).toBe('migration receiver stream contained unexpected data instead of banner\n(command run was: printf "%060d" 0 )\n')
    // the banner, then the stream is read and something else comes back
    const banner = 'xl migration receiver ready, send binary domain data.\\n'
    const r = migrate(a, ['migrate', '-s', '', 'g', `printf "${banner}"; head -c 100 >/dev/null; printf "%040d" 0`])
    expect(r.code).toBe(1)
    expect(maskSaveInfo(r.stderr)).toBe([
      'Saving to migration stream new xl format (info 0x3/0x0/N)',
      'xc: info: Saving domain 1, type x86 PV',
      'migration receiver stream contained unexpected data instead of ready message',
      `(command run was: printf "${banner}"; head -c 100 >/dev/null; printf "%040d" 0 )`,
      'Migration failed, resuming at sender.', ''].join('\n'))
    expect(domainStates(a)).toEqual(['g live'])
    expect(a.xl('console', 'g').stdout).toMatch(/Restarting tasks \.\.\. done\.\n$/)
  })

  it('a target whose copy cannot start (its name is taken there): status code 6, the sender takes it back', () => {
    const [a, b] = hosts()
    expect(b.xl('create', '-q', b.file('g.cfg', cfg({name: 'g', memory: 64}))).code).toBe(0)
    const r = migrate(a, ['migrate', '-s', SSH, 'g', b.state])
    expect(r.code).toBe(1)
    // the two ends print at once from here: each one's lines in its order
    const lines = r.stderr.split('\n')
    const sender = lines.filter(l => l.startsWith('migration sender:') || l.startsWith('Migration'))
    expect(sender).toEqual([
      'migration sender: Target has acknowledged transfer.',
      'migration sender: Giving target permission to start.',
      'migration sender: Target reports startup failure (status code 6).',
      'migration sender: Trying to resume at our end.',
      'migration sender: Resumed OK.',
      'Migration failed due to problems at target.'])
    expect(lines.filter(l => l.startsWith('migration target:')).slice(-3)).toEqual([
      'migration target: Got permission, starting domain.',
      'migration target: Failure, destroying our copy.',
      'migration target: Cleanup OK, granting sender permission to resume.'])
    expect(r.stderr).toMatch(/libxl: error: libxl_domain.c:81:libxl__domain_rename: Domain \d+:Domain with name "g" already exists\.\n/)
    expect(domainStates(a)).toEqual(['g live'])
    expect(domainStates(b)).toEqual(['g live'])
  })
})

/** After recovery: g on exactly one host, running, no record left behind. */
function settled(a: TempHost, b: TempHost): 'a' | 'b' {
  const na = domainStates(a)
  const nb = domainStates(b)
  const all = [...na, ...nb].filter(n => n.startsWith('g'))
  expect(all, `a: ${na} b: ${nb}`).toEqual(['g live'])
  for (const h of [a, b]) expect(h.xl('host', 'check').code).toBe(0)
  return na.length ? 'a' : 'b'
}

describe('xl migrate -s with an end killed', () => {
  // step, which end dies there, where g ends
  const steps: [string, 'sender' | 'receiver', 'a' | 'b'][] = [
    ['suspend', 'sender', 'a'], ['sender-stream', 'sender', 'a'], ['receiver-stream', 'receiver', 'a'],
    ['receive', 'receiver', 'a'], ['go', 'sender', 'b'], ['start', 'receiver', 'b'],
  ]
  for (const [step, end, home] of steps) {
    it(`the ${end} killed at "${step}": g ends on host ${home}`, () => {
      const [a, b] = hosts()
      const r = migrate(a, ['migrate', '-s', SSH, 'g', b.state], {XLSIM_MIGRATE_KILL_AFTER: step})
      if (end === 'sender') expect(r.signal).toBe('SIGKILL')
      else {
        expect(r.code).toBe(1)
        // fake-ssh's shell reports its command killed: 128 + SIGKILL
        expect(r.stderr.replace(PID, '[P]')).toContain('migration transport process [P] exited with error status 137')
        expect(r.stderr).toMatch(step === 'start' ? /\*\* Migration failed during final handshake \*\*/ : /Migration failed, resuming at sender\.\n$/)
      }
      expect(settled(a, b)).toBe(home)
    })
  }

  it('xl migrate-receive run by hand and killed after making its copy: nothing names the sender, the copy stays paused', () => {
    const [a, b] = hosts()
    const chk = join(a.dir, 'g.chk')
    expect(a.xl('save', 'g', chk).code).toBe(0)
    const r = spawnSync(process.execPath, [BIN, '--state', b.state, 'migrate-receive'], {
      input: readFileSync(chk), env: {...process.env, XLSIM_STATE: '', XLSIM_MIGRATE_KILL_AFTER: 'receive'},
    })
    expect(r.signal).toBe('SIGKILL')
    const first = b.xl('list')
    expect(first.stderr).toBe('xl: migration of g from a sender that did not name its host was interrupted before this host started it: g--incoming stays here, paused\n')
    expect(domainStates(b)).toEqual(['g--incoming paused'])
    expect(b.xl('list').stderr).toBe('')
  })

  it('both ends killed together at random moments (a crash of the whole transport)', async () => {
    const [a, b] = hosts()
    let at: 'a' | 'b' = 'a'
    let seed = 4242
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31
    const t0 = Date.now()
    expect(migrate(a, ['migrate', '-s', SSH, 'g', b.state]).code).toBe(0)
    const life = Date.now() - t0
    at = 'b'
    for (let i = 0; i < 5; i++) {
      const [src, dst] = at === 'a' ? [a, b] : [b, a]
      const child = spawn(process.execPath, [BIN, '--state', src.state, 'migrate', '-s', SSH, 'g', dst.state],
        {env: {...process.env, XLSIM_STATE: ''}, stdio: 'ignore', detached: true})
      const timer = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), rand() * life * 0.9)
      await new Promise(resolve => child.on('exit', resolve))
      clearTimeout(timer)
      // the receiver may outlive the sender by a moment: let it finish or die
      try {
        process.kill(-child.pid!, 'SIGKILL')
      } catch {
        // the group is gone
      }
      await new Promise(resolve => setTimeout(resolve, 200))
      expect((rand() < 0.5 ? a : b).xl('list').code).toBe(0)
      at = settled(a, b)
    }
  }, 300_000)
})
