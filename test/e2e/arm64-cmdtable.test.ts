// An arm64 host runs the arm64 build of xl: the entries compiled out there
// (tools/xl/xl_cmdtable.c #ifdefs) answer as any word outside the table does
// in xl.c main(): "command not implemented" on stderr, exit 1.
import {existsSync} from 'node:fs'
import {describe, expect, it} from 'vitest'
import {tempHosts} from '../helpers/cli.js'
import {fixture} from '../helpers/fixtures.js'

const host = tempHosts()

describe('xl on an arm64 host', () => {
  it('save, migrate, restore, migrate-receive, remus and psr-* are not in its table', {timeout: 60_000}, () => {
    const h = host()
    expect(h.xl('host', 'init', '--arch', 'arm64', '--clock', 'manual').code).toBe(0)
    for (const argv of [['save', 'Domain-0', '/tmp/x'], ['migrate', 'Domain-0', 'h'], ['restore', '/tmp/x'], ['migrate-receive'],
      ['remus', 'Domain-0', 'h'], ['psr-hwinfo'], ['psr-cat-show'], ['sav', 'x', 'y']]) {
      expect(h.xl(...argv), argv.join(' ')).toEqual({stdout: '', stderr: 'command not implemented\n', code: 1})
    }
    const help = h.xl('help')
    expect(help.code).toBe(0)
    const x86 = fixture('x86-pv', '018-help', 'out')
    const dropped = x86.split('\n').filter(l => /^ (save|migrate|restore|migrate-receive|remus|psr-\S+) /.test(l))
    expect(dropped).toHaveLength(13)
    expect(help.stdout).toBe(x86.split('\n').filter(l => !dropped.includes(l)).join('\n'))
    expect(h.xl('help', 'migrate')).toEqual({stdout: 'command "migrate" not implemented\n', stderr: '', code: 0})
    // and a host file given after the command word counts too
    expect(h.xl('list', '--state', h.state).code).toBe(0)
  })

  it('with no host yet, the default host\'s arch (arm64) decides, and nothing is created', {timeout: 60_000}, () => {
    const h = host()
    expect(h.xl('help').stdout).not.toContain(' save ')
    expect(h.xl('save', 'a', 'b')).toEqual({stdout: '', stderr: 'command not implemented\n', code: 1})
    expect(existsSync(h.state)).toBe(false)
  })

  it('in one xl shell, the table follows the host as it is replaced', {timeout: 60_000}, () => {
    const h = host()
    const out = h.xlInput(['host init --arch arm64 --clock manual', 'help', 'host init --force --arch x86_64 --clock manual', 'help'].join('\n') + '\n', 'shell')
    expect(out.code, out.stderr).toBe(0)
    const helps = out.stdout.split('Usage xl [-vfNtT] <subcommand> [args]').slice(1)
    expect(helps).toHaveLength(2)
    expect(helps[0]).not.toMatch(/^ psr-hwinfo /m)
    expect(helps[1]).toMatch(/^ psr-hwinfo /m)
  })
})
