// xl migrate between two simulated hosts (two state files): xl's messages,
// what arrives, failures that leave the domain at the source, and crashes:
// a migrating process killed after each step, and at random moments, always
// leaves the domain on exactly one host once the next command runs there.
import {describe, expect, it} from 'vitest'
import {spawnSync} from 'node:child_process'
import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {BIN, cfg, runXl, tempHosts, type TempHost} from '../helpers/cli.js'
import {domainStates, maskSaveInfo, migrationHost, MIGRATION_SUCCESS} from './migrate-helpers.js'

const newHost = tempHosts()

interface Pair {
  a: TempHost
  b: TempHost
  xa(...args: string[]): ReturnType<TempHost['xl']>
  xb(...args: string[]): ReturnType<TempHost['xl']>
}

function pair(opts: {kernel?: string; type?: string; targetArch?: string} = {}): Pair {
  const a = migrationHost(newHost)
  const b = migrationHost(newHost, opts.targetArch)
  const g = a.file('g.cfg', cfg({name: 'g', type: opts.type ?? 'pv', kernel: opts.kernel ?? 'linux-6.1', vcpus: 2, memory: 256, workload: 'cpu'}))
  expect(a.xl('create', '-q', g).code).toBe(0)
  expect(a.xl('clock', 'advance', '2s').code).toBe(0)
  return {a, b, xa: (...args) => a.xl(...args), xb: (...args) => b.xl(...args)}
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/

describe('xl migrate', () => {
  it('moves the domain: xl\'s messages in order, a new domain on the target with the same uuid', () => {
    const p = pair()
    const uuid = UUID.exec(p.xa('list', '-v', 'g').stdout)![0]
    const r = p.xa('migrate', 'g', p.b.state)
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toBe('')
    expect(maskSaveInfo(r.stderr)).toBe(MIGRATION_SUCCESS)
    expect(domainStates(p.a)).toEqual([])
    expect(domainStates(p.b)).toEqual(['g live'])
    expect(p.xb('list', '-v', 'g').stdout).toContain(uuid)
    expect(p.xb('domid', 'g').stdout).toBe('1\n')
    expect(p.xb('vm-assist', 'g').stdout).toContain('vm_assist : 0000002d')
  })

  it('-p leaves it paused at the target; -D keeps the domain id; a new target file boots the default host (Arm: refused)', () => {
    const p = pair()
    expect(p.xa('migrate', '-p', '-D', 'g', p.b.state).code).toBe(0)
    expect(domainStates(p.b)).toEqual(['g paused'])
    expect(p.xb('domid', 'g').stdout).toBe('1\n')
    expect(p.xb('unpause', 'g').code).toBe(0)
    const fresh = join(p.b.dir, 'new.db')
    const r = p.xb('migrate', 'g', fresh)
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/^command not implemented\n/)
    expect(runXl(['--state', fresh, 'host', 'show']).stdout).toContain('arch        : arm64')
    expect(domainStates(p.b)).toEqual(['g live'])
  })

  it('a target that cannot take it (name in use): the domain resumes at the sender', () => {
    const p = pair()
    expect(p.xb('create', '-q', p.b.file('g.cfg', cfg({name: 'g', memory: 64}))).code).toBe(0)
    const r = p.xa('migrate', 'g', p.b.state)
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/Loading new save file <incoming migration stream> .*\n Savefile contains xl domain config in JSON format\nlibxl: error: libxl_domain.c:81:libxl__domain_rename: Domain with name "g" already exists.\nmigration target: Domain creation failed \(code -3\)\.\n.*truncated reading ready message.*\nMigration failed, resuming at sender\.\n$/)
    expect(domainStates(p.a)).toEqual(['g live'])
    expect(domainStates(p.b)).toEqual(['g live'])
    expect(p.xa('console', 'g').stdout).toMatch(/Restarting tasks \.\.\. done\.\n$/)
  })

  it('to an Arm host: its xl has no migrate-receive', () => {
    const p = pair({targetArch: 'arm64'})
    const r = p.xa('migrate', 'g', p.b.state)
    expect(r.code).toBe(1)
    expect(r.stderr).toBe('command not implemented\nlibxl: error: libxl_utils.c:505:libxl_read_exactly: file/stream truncated reading banner from migration receiver stream\n')
    expect(domainStates(p.a)).toEqual(['g live'])
  })

  it('xl migrate-receive: xl\'s messages on stdout, a stream piped in (a save file is one), then the GO message', () => {
    const p = pair()
    const chk = `${p.a.dir}/g.chk`
    expect(p.xa('save', 'g', chk).code).toBe(0)
    const stream = readFileSync(chk)
    const go = Buffer.from('domain is yours, you are cleared to unpause\0', 'latin1')
    const ok = spawnSync(process.execPath, [BIN, '--state', p.b.state, 'migrate-receive'], {input: Buffer.concat([stream, go]), env: {...process.env, XLSIM_STATE: ''}})
    expect(ok.status, ok.stderr.toString()).toBe(0)
    expect(ok.stdout.toString('latin1')).toBe('xl migration receiver ready, send binary domain data.\ndomain received, ready to unpause\0my copy unpause results are as follows\0\0')
    expect(ok.stderr.toString()).toMatch(/^migration target: Ready to receive domain\.\n[\s\S]*migration target: Got permission, starting domain\.\nmigration target: Domain started successsfully\.\n$/)
    expect(domainStates(p.b)).toEqual(['g live'])
    // No GO: the copy is destroyed and the sender may resume.
    const c = newHost()
    expect(c.xl('host', 'init', '--force', '--arch', 'x86_64', '--clock', 'manual').code).toBe(0)
    const no = spawnSync(process.execPath, [BIN, '--state', c.state, 'migrate-receive'], {input: stream, env: {...process.env, XLSIM_STATE: ''}})
    expect(no.stderr.toString()).toMatch(/truncated reading GO message from migration stream\nmigration target: Failure, destroying our copy\.\nmigration target: Cleanup OK, granting sender permission to resume\.\n$/)
    expect(no.stdout.toString('latin1')).toMatch(/my copy unpause results are as follows\0\xff/)
    expect(p.xb('migrate-receive', 'extra').code).toBe(1)
  })
})
