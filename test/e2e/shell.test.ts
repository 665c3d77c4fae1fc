// xl shell with stdin not a terminal, and xl run, through the real CLI.
import {afterEach, describe, expect, it} from 'vitest'
import {join} from 'node:path'
import {cfg, runXl, tempHost, type TempHost} from '../helpers/cli.js'

let hosts: TempHost[] = []
afterEach(() => {
  for (const h of hosts) h.cleanup()
  hosts = []
})
function host(): TempHost {
  const h = tempHost()
  hosts.push(h)
  return h
}

const INIT = 'host init --force --clock manual --arch x86_64 --xen 4.17\n'
const LIST_DOM0 = 'Name                                        ID   Mem VCPUs\tState\tTime(s)\nDomain-0                                     0  1024     2     r-----       0.0\n'

describe('xl shell < file', () => {
  it("prints only the commands' own output and exits 0", () => {
    const h = host()
    const init = h.xl(...INIT.trim().split(' '))
    const r = h.xlInput(`${INIT}# a comment\n\n   \nlist\nvm-assist Domain-0\n`, 'shell')
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(r.stdout).toBe(`${init.stdout}${LIST_DOM0}${h.xl('vm-assist', 'Domain-0').stdout}`)
  })

  it('keeps the host between lines, as separate xl commands would', () => {
    const h = host()
    const g = h.file('g.cfg', cfg({name: 'g', type: 'pv', kernel: 'linux-4.6', memory: 128}))
    const r = h.xlInput(`${INIT}create '${g}'\nvm-assist g enable runstate_update_flag\n`, 'shell')
    expect(r).toMatchObject({code: 0, stderr: `Parsing config from ${g}\n`})
    expect(h.xl('vm-assist', 'g').stdout).toContain('vm_assist : 0000002d')
  })

  it('stops at the first failing command and exits with its code', () => {
    const h = host()
    const r = h.xlInput(`${INIT}list --bogus\nvm-assist Domain-0\n`, 'shell')
    expect(r.code).toBe(2)
    // The command's own line, then which input line it was (as xl run names its file and line).
    expect(r.stderr).toBe("option `\0' not supported.\nxl: shell: line 2: list --bogus: exit code 2\n")
    expect(r.stdout).not.toContain('vm_assist')
  })

  it('--keep-going runs every line and exits with the first failure', () => {
    const h = host()
    const r = h.xlInput(`${INIT}vm-assist nosuch\nlist --bogus\nlist\n`, 'shell', '--keep-going')
    expect(r.code).toBe(1)
    expect(r.stderr).toBe('nosuch is an invalid domain identifier (rc=-6)\nxl: shell: line 2: vm-assist nosuch: exit code 1\n' +
      "option `\0' not supported.\nxl: shell: line 3: list --bogus: exit code 2\n")
    expect(r.stdout.endsWith(LIST_DOM0)).toBe(true)
  })

  it('an unterminated quote is a one-line error, exit 2', () => {
    const h = host()
    const r = h.xlInput(`${INIT}create "g.cfg\nlist\n`, 'shell')
    expect(r.code).toBe(2)
    expect(r.stderr).toBe('xl: shell: line 2: unterminated double quote\n')
    expect(r.stdout).not.toContain('Domain-0 ')
  })

  it('uses --state given after the command word', () => {
    const h = host()
    const r = runXl(['shell', '--state', h.state], {}, `${INIT}list\n`)
    expect(r).toMatchObject({code: 0, stderr: ''})
    expect(h.xl('host', 'show').stdout).toContain('x86_64')
  })

  it('exit n ends the input with that code; empty input exits 0', () => {
    const h = host()
    expect(h.xlInput('exit 5\nlist\n', 'shell')).toEqual({stdout: '', stderr: '', code: 5})
    expect(h.xlInput('', 'shell')).toEqual({stdout: '', stderr: '', code: 0})
  })

  it('has its own help (oclif), with examples; xl help stays real xl', () => {
    const h = host()
    expect(h.xl('help').stdout).not.toMatch(/^ shell /m)
    expect(h.xl('help', 'run').stdout).toContain('$ xl run FILE [--state <file>] [--keep-going]')
    expect(h.xl('help', 'shell').stdout).toContain('$ xl shell < scenario.xl')
  })
})

describe('xl run', () => {
  it('runs a passing scenario, printing output as it goes', () => {
    const h = host()
    h.file('g.cfg', cfg({name: 'g', type: 'pv', kernel: 'linux-4.6', memory: 128}))
    const s = h.file('t.xl', `${INIT}create g.cfg\nvm-assist g\nexpect vm_assist : 0000000d\nvm-assist g enable 6\nexpect = -22 (EINVAL)\nexpect-rc 1\nlist\nexpect g \n`)
    const r = runXl(['run', s], {XLSIM_STATE: h.state})
    expect(r.stderr).toBe(`Parsing config from ${h.dir}/g.cfg\n`)
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('vm_assist(enable, 6) = -22 (EINVAL)\n')
  })

  it('a failed expectation: one line with file, line, expectation and what was seen; exit 1', () => {
    const h = host()
    const s = h.file('t.xl', `${INIT}vm-assist Domain-0\nexpect 0000000d\nlist\n`)
    const r = runXl(['run', s], {XLSIM_STATE: h.state})
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(new RegExp(`^${s}:3: expect "0000000d" failed: not in the stdout of line 2 \\(vm-assist Domain-0\\), which was ".*0000002d.*\\n$`))
    expect(r.stdout).not.toContain('Name ')
  })

  it('expect-rc mismatch fails; a failing command without expect-rc stops with its code', () => {
    const h = host()
    const a = runXl(['run', h.file('a.xl', `${INIT}list\nexpect-rc 1\n`)], {XLSIM_STATE: h.state})
    expect(a.code).toBe(1)
    expect(a.stderr).toBe(`${h.dir}/a.xl:3: expect-rc 1 failed: line 2 (list) exited with 0\n`)
    const b = runXl(['run', h.file('b.xl', `${INIT}vm-assist nosuch\nlist\n`)], {XLSIM_STATE: h.state})
    expect(b.code).toBe(1)
    expect(b.stderr).toBe(`nosuch is an invalid domain identifier (rc=-6)\n${h.dir}/b.xl:2: vm-assist nosuch: exit code 1\n`)
  })

  it('--keep-going runs every step', () => {
    const h = host()
    const r = runXl(['run', '--keep-going', h.file('k.xl', `${INIT}list\nexpect nothing-like-this\nlist --bogus\nvm-assist Domain-0\n`)], {XLSIM_STATE: h.state})
    expect(r.code).toBe(1)
    expect(r.stdout).toContain('vm_assist : 0000002d')
  })

  it('a missing file: one line, exit 3 (as xl create for a missing config)', () => {
    const h = host()
    expect(runXl(['run', `${h.dir}/none.xl`], {XLSIM_STATE: h.state})).toEqual({
      stdout: '', code: 3, stderr: `Failed to read scenario file: ${h.dir}/none.xl: No such file or directory\n`,
    })
  })

  it('a scenario that runs itself is refused with the chain of files, and ends', () => {
    const h = host()
    const self = join(h.dir, 'self.xl')
    h.file('self.xl', `list\nrun ${self}\n`)
    const r = runXl(['run', self], {XLSIM_STATE: h.state})
    expect(r.code).toBe(1)
    expect(r.stderr).toBe(`xl run: recursion: ${self} -> ${self} (a scenario cannot run a file that is already running)\n${self}:2: run ${self}: exit code 1\n`)
    expect(r.stdout.split('Domain-0').length - 1).toBe(1)
  })

  it('A runs B runs A: refused at the second A, naming A -> B -> A', () => {
    const h = host()
    const a = join(h.dir, 'a.xl')
    const b = join(h.dir, 'b.xl')
    h.file('a.xl', `run ${b}\n`)
    h.file('b.xl', `run ${a}\n`)
    const r = runXl(['run', a], {XLSIM_STATE: h.state})
    expect(r.code).toBe(1)
    expect(r.stderr).toBe(`xl run: recursion: ${a} -> ${b} -> ${a} (a scenario cannot run a file that is already running)\n` +
      `${b}:1: run ${a}: exit code 1\n${a}:1: run ${b}: exit code 1\n`)
    expect(r.stdout).toBe('')
  })

  it('a huge failing line is named by its start and size, not echoed whole', () => {
    const h = host()
    const huge = `vm-assist ${'x'.repeat(2_000_000)}`
    const r = runXl(['run', h.file('h.xl', `${INIT}${huge}\n`)], {XLSIM_STATE: h.state})
    expect(r.code).toBe(1)
    const lines = r.stderr.split('\n').filter(Boolean)
    expect(lines).toHaveLength(2)
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(1024)
    expect(lines[1]).toBe(`${h.dir}/h.xl:2: ${huge.slice(0, 160)}... (${huge.length} bytes): exit code 1`)
    const piped = h.xlInput(`${huge}\n`, 'shell')
    expect(piped.code).toBe(1)
    expect(piped.stderr.split('\n').filter(Boolean).every(l => l.length <= 1024)).toBe(true)
    expect(piped.stderr).toContain(`xl: shell: line 1: ${huge.slice(0, 160)}... (${huge.length} bytes): exit code 1\n`)
  })

  it('a malformed file runs nothing: exit 2', () => {
    const h = host()
    const r = runXl(['run', h.file('m.xl', `${INIT}expect-rc\n`)], {XLSIM_STATE: h.state})
    expect(r).toEqual({stdout: '', code: 2, stderr: `${h.dir}/m.xl:2: usage: expect-rc <exit code 0-255>\n`})
  })
})

describe('bench/shell.ts', () => {
  it('times commands through one shell and through separate processes', async () => {
    const {benchShell} = await import('../../bench/shell.js')
    const h = host()
    expect(h.xl('host', 'init', '--force', '--clock', 'manual').code).toBe(0)
    const r = await benchShell(h.state, ['list', 'vm-assist Domain-0'])
    expect(r.shellMs).toBeGreaterThan(0)
    expect(r.processesMs).toBeGreaterThan(0)
  })
})
