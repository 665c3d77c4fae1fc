import {describe, expect, it} from 'vitest'
import {parseLine, parseScenario} from '../../src/shell/script.js'
import {runScenario, runStream, type Output} from '../../src/shell/runner.js'
import {resolveCreatePaths} from '../../src/shell/exec.js'

describe('script lines', () => {
  it('skips blanks and comments, splits commands', () => {
    expect(parseLine('  ', 1, false)).toBeNull()
    expect(parseLine('# hi', 1, false)).toBeNull()
    expect(parseLine(`create 'a b.cfg' # x`, 3, false)).toEqual({kind: 'command', line: 3, argv: ['create', 'a b.cfg'], text: `create 'a b.cfg' # x`})
  })

  it('knows exit and quit', () => {
    expect(parseLine('exit', 1, false)).toEqual({kind: 'exit', line: 1, code: null})
    expect(parseLine('exit 3', 1, false)).toEqual({kind: 'exit', line: 1, code: 3})
    expect(parseLine('quit', 1, false)).toEqual({kind: 'exit', line: 1, code: null})
    expect(parseLine('exit x', 1, false)).toMatchObject({kind: 'error'})
  })

  it('reads expect text as written, or one quoted word', () => {
    expect(parseLine('expect Name    ID  ', 2, true)).toEqual({kind: 'expect', line: 2, stream: 'stdout', text: 'Name    ID'})
    expect(parseLine(`expect '  = 0'`, 2, true)).toEqual({kind: 'expect', line: 2, stream: 'stdout', text: '  = 0'})
    expect(parseLine('expect-stderr rc=-6', 2, true)).toEqual({kind: 'expect', line: 2, stream: 'stderr', text: 'rc=-6'})
    expect(parseLine('expect-rc 1', 2, true)).toEqual({kind: 'expect-rc', line: 2, rc: 1})
    expect(parseLine('expect', 2, true)).toMatchObject({kind: 'error'})
    expect(parseLine('expect-rc one', 2, true)).toMatchObject({kind: 'error', message: 'usage: expect-rc <exit code 0-255>'})
    // The shell has no expectations: "expect" would be an xl command.
    expect(parseLine('expect x', 2, false)).toMatchObject({kind: 'command'})
  })

  it('groups a scenario into commands with their expectations', () => {
    const s = parseScenario('# t\nlist\nexpect Domain-0\nexpect-rc 0\n\ninfo\nexit\nlist\n')
    expect(s).toMatchObject({ok: true, steps: [
      {command: {line: 2, argv: ['list']}, expects: [{kind: 'expect', line: 3}, {kind: 'expect-rc', line: 4}]},
      {command: {line: 6, argv: ['info']}, expects: []},
    ], exitAt: {line: 7}})
  })

  it('rejects a malformed scenario with its line', () => {
    expect(parseScenario('expect x\n')).toEqual({ok: false, line: 1, message: 'expect before any command'})
    expect(parseScenario('list\ncreate "x\n')).toEqual({ok: false, line: 2, message: 'unterminated double quote'})
  })
})

/** A fake xl: each command's rc and output from a table. */
function fakeXl(table: Record<string, {rc?: number; stdout?: string; stderr?: string}>) {
  const ran: string[] = []
  const exec = async (argv: string[]) => {
    const key = argv.join(' ')
    ran.push(key)
    const r = table[key] ?? {}
    return {rc: r.rc ?? 0, out: {stdout: r.stdout ?? '', stderr: r.stderr ?? ''} as Output}
  }
  return {ran, exec}
}

describe('running a stream of shell lines', () => {
  async function run(text: string, keepGoing = false) {
    const xl = fakeXl({bad: {rc: 1}, worse: {rc: 3}})
    const errors: string[] = []
    const code = await runStream(text.split('\n'), {keepGoing, exec: async a => (await xl.exec(a)).rc, stderr: t => void errors.push(t)})
    return {code, ran: xl.ran, errors}
  }

  it('runs every line and exits 0', async () => {
    expect(await run('list\n\n# c\ninfo')).toEqual({code: 0, ran: ['list', 'info'], errors: []})
  })

  it('stops at the first failing command with its code', async () => {
    expect(await run('list\nworse\ninfo')).toEqual({code: 3, ran: ['list', 'worse'], errors: ['xl: shell: line 2: worse: exit code 3\n']})
  })

  it('with keepGoing runs on and exits with the first failure', async () => {
    expect(await run('worse\nbad\ninfo', true)).toEqual({code: 3, ran: ['worse', 'bad', 'info'], errors: ['xl: shell: line 1: worse: exit code 3\n', 'xl: shell: line 2: bad: exit code 1\n']})
  })

  it('a bad line is one error and exit 2', async () => {
    expect(await run("list\ncreate 'x\ninfo")).toEqual({code: 2, ran: ['list'], errors: ['xl: shell: line 2: unterminated single quote\n']})
  })

  it('exit stops', async () => {
    expect(await run('list\nexit 4\ninfo')).toMatchObject({code: 4, ran: ['list']})
  })
})

describe('running a scenario', () => {
  async function run(text: string, keepGoing = false) {
    const xl = fakeXl({
      'vm-assist g': {stdout: 'vm_assist : 00000020\n'},
      'vm-assist g enable 6': {rc: 1, stdout: 'vm_assist(enable, 6) = -22 (EINVAL)\n'},
      'vm-assist nope': {rc: 1, stderr: 'nope is an invalid domain identifier (rc=-6)\n'},
    })
    const errors: string[] = []
    const code = await runScenario('t.xl', text, {keepGoing, exec: xl.exec, stderr: t => void errors.push(t)})
    return {code, ran: xl.ran, errors}
  }

  it('passes when every expectation holds', async () => {
    expect(await run('vm-assist g\nexpect 00000020\nvm-assist g enable 6\nexpect EINVAL\nexpect-rc 1\nvm-assist nope\nexpect-stderr rc=-6\nexpect-rc 1\nlist'))
      .toEqual({code: 0, ran: ['vm-assist g', 'vm-assist g enable 6', 'vm-assist nope', 'list'], errors: []})
  })

  it('a failed expect is one line naming file, line, expectation and what was seen; exit 1', async () => {
    expect(await run('vm-assist g\nexpect 0000002d\nlist')).toEqual({code: 1, ran: ['vm-assist g'], errors: [
      't.xl:2: expect "0000002d" failed: not in the stdout of line 1 (vm-assist g), which was "vm_assist : 00000020\\n"\n',
    ]})
    expect((await run('list\nexpect-stderr x')).errors).toEqual(['t.xl:2: expect-stderr "x" failed: not in the stderr of line 1 (list), which was empty\n'])
  })

  it('a wrong exit code fails expect-rc', async () => {
    expect(await run('vm-assist g\nexpect-rc 1')).toMatchObject({code: 1, errors: ['t.xl:2: expect-rc 1 failed: line 1 (vm-assist g) exited with 0\n']})
  })

  it('a failing command without expect-rc stops the run with its code', async () => {
    expect(await run('vm-assist nope\nexpect-stderr rc=-6\nlist')).toEqual({code: 1, ran: ['vm-assist nope'], errors: ['t.xl:1: vm-assist nope: exit code 1\n']})
  })

  it('keepGoing runs every step and exits with the first failure', async () => {
    expect(await run('vm-assist g\nexpect nothing\nvm-assist nope\nlist', true)).toMatchObject({code: 1, ran: ['vm-assist g', 'vm-assist nope', 'list']})
  })

  it('nothing runs when the file is malformed: exit 2', async () => {
    expect(await run('list\nexpect-rc x')).toEqual({code: 2, ran: [], errors: ['t.xl:2: usage: expect-rc <exit code 0-255>\n']})
  })
})

describe('config paths of create in a scenario', () => {
  const exists = (p: string) => p === '/s/g.cfg' || p === '/s/base.cfg'
  it.each([
    [['create', 'g.cfg'], ['create', '/s/g.cfg']],
    [['create', '-p', 'g.cfg', 'memory=512'], ['create', '-p', '/s/g.cfg', 'memory=512']],
    [['-N', 'cr', 'g.cfg'], ['-N', 'cr', '/s/g.cfg']],
    [['create', '-f', 'base.cfg'], ['create', '-f', '/s/base.cfg']],
    [['create', '--defconfig=base.cfg', 'g.cfg'], ['create', '--defconfig=/s/base.cfg', '/s/g.cfg']],
    [['create', 'other.cfg'], ['create', 'other.cfg']],
    [['create', '/abs/g.cfg'], ['create', '/abs/g.cfg']],
    [['list', 'g.cfg'], ['list', 'g.cfg']],
  ])('%j', (argv, want) => {
    expect(resolveCreatePaths(argv, '/s', exists)).toEqual(want)
  })
})
