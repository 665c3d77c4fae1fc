// Faults of the state file's environment and contents, with real files: each
// gives one true line (what is wrong, advice that works) and xl's exit code.
// Read-only cases run xl as another user (the suite runs as root in CI, and
// chmod alone does not stop root); disk full is a small tmpfs.
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {spawn, spawnSync} from 'node:child_process'
import {chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import Database from 'better-sqlite3'
import {BIN, runXl, type Result} from '../helpers/cli.js'

const root = process.getuid?.() === 0
let dir: string
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'xlsim-faults-'))
  // Another user must reach the files.
  chmodSync(dir, 0o755)
})
afterAll(() => rmSync(dir, {recursive: true, force: true}))

let n = 0
function fresh(clock: 'manual' | 'wall' = 'manual'): string {
  const p = join(dir, `h${++n}.db`)
  expect(runXl(['host', 'init', '--force', '--clock', clock, '--state', p]).code).toBe(0)
  const cfg = join(dir, 'g.cfg')
  writeFileSync(cfg, 'name = "g"\nmemory = 64\nvcpus = 1\n')
  expect(runXl(['create', cfg, '--state', p]).code).toBe(0)
  return p
}

/** xl as a user who may read but not write the file (nobody as root, else the file made 0444). */
function asReader(state: string, args: string[]): Result {
  if (!root) {
    chmodSync(state, 0o444)
    try {
      return runXl([...args, '--state', state])
    } finally {
      chmodSync(state, 0o644)
    }
  }
  const r = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, BIN, ...args, '--state', state], {
    encoding: 'utf8', env: {...process.env, XLSIM_STATE: '', XDG_STATE_HOME: join(tmpdir(), 'xlsim-test-never'), HOME: '/nonexistent'},
  })
  return {stdout: r.stdout, stderr: r.stderr, code: r.status ?? -1}
}

function besides(state: string): string[] {
  const base = state.split('/').pop()!
  return readdirSync(dir).filter(f => f.startsWith(`${base}-`))
}

const READS = [['list'], ['info'], ['dmesg'], ['vcpu-list'], ['uptime'], ['domid', 'g'], ['domname', '1'], ['host', 'show'], ['host', 'check'], ['host', 'snapshot', 'list']]

describe('--state values that name no file', () => {
  it("--state '' is refused instead of using the default host", () => {
    const xdg = join(dir, 'xdg')
    const r = runXl(['list', '--state', ''], {XDG_STATE_HOME: xdg})
    expect(r).toMatchObject({code: 1, stdout: ''})
    expect(r.stderr).toBe('xl: --state: empty path; give a state file, or leave --state out for $XLSIM_STATE or the default host\n')
    expect(existsSync(xdg)).toBe(false)
    expect(runXl(['host', 'destroy', '--state='], {XDG_STATE_HOME: xdg}).code).toBe(1)
    expect(existsSync(xdg)).toBe(false)
  })

  it(':memory: is refused (the host would vanish at exit), from --state and $XLSIM_STATE', () => {
    expect(runXl(['list', '--state', ':memory:'])).toMatchObject({code: 1, stdout: ''})
    const r = runXl(['list'], {XLSIM_STATE: ':memory:'})
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/^xl: \$XLSIM_STATE :memory:: SQLite's in-memory database would lose the host/)
  })

  it('an empty $XLSIM_STATE counts as unset (the default host under $XDG_STATE_HOME)', () => {
    const xdg = join(dir, 'xdg-empty')
    expect(runXl(['list'], {XLSIM_STATE: '', XDG_STATE_HOME: xdg}).code).toBe(0)
    expect(existsSync(join(xdg, 'xlsim', 'host.db'))).toBe(true)
  })
})

describe('paths that are not regular files', () => {
  const cases: [string, () => string, RegExp][] = [
    ['a directory', () => dir, /: not a regular file \(a directory\); use a regular file for --state$/],
    ['/dev/null', () => '/dev/null', /^xl: \/dev\/null: not a regular file \(a character device\)/],
    ['/proc/version', () => '/proc/version', /^xl: \/proc\/version: not a regular file \(a file of \/proc\)/],
    ['a FIFO', () => {
      const p = join(dir, 'fifo')
      if (!existsSync(p)) expect(spawnSync('mkfifo', [p]).status).toBe(0)
      return p
    }, /fifo: not a regular file \(a FIFO\)/],
  ]
  for (const [what, path, message] of cases) {
    it(`${what}: one line, exit 1, no hang, nothing about init --force`, () => {
      for (const args of [['list'], ['create', '/dev/null', 'name="x"', 'memory=64'], ['host', 'init', '--force']]) {
        const r = runXl([...args, '--state', path()])
        expect(r.code, r.stderr).toBe(1)
        const lines = r.stderr.split('\n').filter(l => l && !l.startsWith('Parsing config'))
        expect(lines).toHaveLength(1)
        expect(lines[0]).toMatch(message)
      }
    })
  }

  it('an uncreatable directory names the directory and the cause', () => {
    const locked = join(dir, 'locked')
    mkdirSync(locked, {mode: 0o555})
    const p = join(locked, 'sub', 'host.db')
    const r = root ? asUser(['list', '--state', p]) : runXl(['list', '--state', p])
    expect(r.code).toBe(1)
    expect(r.stderr).toBe(`xl: ${p}: cannot create the directory ${join(locked, 'sub')} (permission denied); create it or use another --state file\n`)
  })
})

function asUser(args: string[]): Result {
  const r = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, BIN, ...args], {encoding: 'utf8'})
  return {stdout: r.stdout, stderr: r.stderr, code: r.status ?? -1}
}

describe('files that are not state files', () => {
  for (const [what, bytes] of [
    ['garbage', Buffer.from('hello, not a database\n')],
    ['a truncated state file', Buffer.from('SQLite format 3\0' + 'x'.repeat(84))],
  ] as const) {
    it(`${what}: the advice (host init --force) works and names what it replaces`, () => {
      const p = join(dir, `bad${++n}.db`)
      writeFileSync(p, bytes)
      const r = runXl(['list', '--state', p])
      expect(r.code).toBe(1)
      expect(r.stderr).toMatch(/^xl: .*: not an xlsim state file \(.*\); `xl host init --force` replaces it with a new host, or use another --state file\n$/)
      expect(readFileSync(p)).toEqual(bytes)
      const init = runXl(['host', 'init', '--force', '--clock', 'manual', '--state', p])
      expect(init.code, init.stderr).toBe(0)
      expect(init.stderr).toMatch(/^xl: host init: replacing .*: not an xlsim state file/)
      expect(runXl(['list', '--state', p]).code).toBe(0)
    })
  }

  it('a foreign SQLite file is refused and replaced only by init --force', () => {
    const p = join(dir, 'foreign.db')
    const db = new Database(p)
    db.exec('CREATE TABLE t (x); INSERT INTO t VALUES (1)')
    db.close()
    expect(runXl(['list', '--state', p]).stderr).toMatch(/an SQLite file that is not an xlsim state file; `xl host init --force` replaces it/)
    expect(runXl(['host', 'init', '--state', p]).code).toBe(1)
    expect(runXl(['host', 'init', '--force', '--state', p]).code).toBe(0)
    expect(runXl(['host', 'check', '--state', p])).toMatchObject({code: 0, stdout: 'host check: ok\n'})
  })
})

describe('damaged rows inside a valid file', () => {
  const damage: [string, string, RegExp][] = [
    ['bad JSON in a domain row', "UPDATE domains SET data = '{oops' WHERE domid = 1", /domains row 1( \(g\))?: (Expected property name|.*JSON)/],
    ['a null domain row', "UPDATE domains SET data = 'null' WHERE domid = 1", /domains row 1( \(g\))?: not a JSON object/],
    ['a domain row that is not a domain', "UPDATE domains SET data = '{}' WHERE domid = 1", /domains row 1( \(g\))?: not a domain/],
    ['bad JSON in the host row', "UPDATE host SET config = '[1,'", /host row, config: /],
    ['a missing table', 'DROP TABLE console', /(no such table: console|table console: missing)/],
  ]
  for (const [what, sql, row] of damage) {
    it(`${what}: one line naming the file and the row, exit 1; host check names it; init --force recovers`, () => {
      const p = fresh()
      const db = new Database(p)
      db.exec(sql)
      db.close()
      for (const args of [['list'], ['create', '/dev/null', 'name="y"', 'memory=64'], ['clock', 'advance', '1s']]) {
        const r = runXl([...args, '--state', p])
        expect(r.code, r.stderr).toBe(1)
        const line = r.stderr.split('\n').filter(l => l && !l.startsWith('Parsing config')).join('\n')
        expect(line).toMatch(new RegExp(`^xl: ${p.replace(/[.]/g, '\\.')}: damaged state file \\(`))
        expect(line).toMatch(row)
        expect(line).not.toContain('internal error')
      }
      const check = runXl(['host', 'check', '--state', p])
      expect(check.code).toBe(1)
      expect(check.stderr).toMatch(row)
      expect(runXl(['host', 'init', '--force', '--clock', 'manual', '--state', p]).code).toBe(0)
      expect(runXl(['host', 'check', '--state', p]).code).toBe(0)
    })
  }
})

describe('a state file this user cannot write', () => {
  it('every command that only looks works (manual clock), writers say read-only, nothing is left behind', () => {
    const p = fresh()
    const before = readFileSync(p)
    for (const args of READS) {
      const r = asReader(p, args)
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0)
      expect(r.stderr).toBe('')
      expect(runXl([...args, '--state', p]).stdout).toBe(r.stdout)
    }
    const w = asReader(p, ['create', '/dev/null', 'name="z"', 'memory=64'])
    expect(w.code).toBe(1)
    expect(w.stderr).toMatch(/xl: .*: read-only state file \(permission denied\); this command changes the host: make it writable or use another --state file\n$/)
    expect(w.stderr).not.toContain('init --force')
    expect(besides(p)).toEqual([])
    expect(readFileSync(p)).toEqual(before)
    // Writable again: nothing left behind stops a writer.
    expect(runXl(['create', '/dev/null', 'name="z"', 'memory=64', '--state', p]).code).toBe(0)
  })

  it('a wall-clock host is shown as saved, with a notice that it is read-only', () => {
    const p = fresh('wall')
    const r = asReader(p, ['list'])
    expect(r.code).toBe(0)
    expect(r.stderr).toMatch(/^xl: .*: read-only state file \(permission denied\): showing the host as saved \d+ s ago; its wall clock cannot advance\n$/)
    expect(r.stdout).toContain('Domain-0')
    expect(besides(p)).toEqual([])
  })

  it.runIf(root)('a read-only bind mount: reads work, writes say read-only file system', () => {
    const p = fresh()
    const mnt = join(dir, 'ro')
    mkdirSync(mnt, {recursive: true})
    const src = join(dir, 'rosrc')
    mkdirSync(src, {recursive: true})
    writeFileSync(join(src, 'h.db'), readFileSync(p))
    expect(spawnSync('mount', ['--bind', '-o', 'ro', src, mnt]).status).toBe(0)
    try {
      spawnSync('mount', ['-o', 'remount,ro,bind', mnt])
      const state = join(mnt, 'h.db')
      for (const args of READS) expect(runXl([...args, '--state', state]).code, args.join(' ')).toBe(0)
      const w = runXl(['clock', 'advance', '1s', '--state', state])
      expect(w.code).toBe(1)
      expect(w.stderr).toMatch(/read-only state file \(read-only file system\); this command changes the host/)
    } finally {
      spawnSync('umount', [mnt])
    }
  })
})

describe.runIf(root)('a full disk (tmpfs)', () => {
  it('says disk full, changes nothing, still shows the host, and works once space is free', () => {
    const mnt = join(dir, 'full')
    mkdirSync(mnt, {recursive: true})
    expect(spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=256k', 'tmpfs', mnt]).status).toBe(0)
    try {
      const p = join(mnt, 'h.db')
      expect(runXl(['host', 'init', '--force', '--clock', 'manual', '--state', p]).code).toBe(0)
      spawnSync('dd', ['if=/dev/zero', `of=${join(mnt, 'fill')}`, 'bs=4k'])
      expect(statSync(p).size).toBeGreaterThan(0)
      for (const args of [['create', '/dev/null', 'name="g"', 'memory=64'], ['host', 'snapshot', 'save', 's'], ['clock', 'advance', '10s'], ['host', 'destroy']]) {
        const r = runXl([...args, '--state', p])
        expect(r.code, args.join(' ')).toBe(1)
        expect(r.stderr).toMatch(/^(Parsing config from \/dev\/null\n)?xl: .*h\.db: disk full \(.*\); the command changed nothing: free space on the file system of .* and try again\n$/)
      }
      const list = runXl(['list', '--state', p])
      expect(list.code, list.stderr).toBe(0)
      expect(list.stdout).toContain('Domain-0')
      rmSync(join(mnt, 'fill'))
      expect(runXl(['host', 'check', '--state', p]).code).toBe(0)
      expect(runXl(['create', '/dev/null', 'name="g"', 'memory=64', '--state', p]).code).toBe(0)
    } finally {
      spawnSync('umount', [mnt])
    }
  })
})

describe('the state file deleted or replaced under a running xl shell', () => {
  async function shellAround(p: string, between: () => void): Promise<{code: number; err: string}> {
    const child = spawn(process.execPath, [BIN, 'shell', '--state', p], {stdio: ['pipe', 'pipe', 'pipe']})
    let out = ''
    let err = ''
    child.stdout.on('data', d => (out += d))
    child.stderr.on('data', d => (err += d))
    const exited = new Promise<number>(resolve => child.on('exit', code => resolve(code ?? -1)))
    child.stdin.write('list\n')
    const until = Date.now() + 20_000
    while (!out.includes('Domain-0') && Date.now() < until) await new Promise(r => setTimeout(r, 50))
    expect(out).toContain('Domain-0')
    between()
    child.stdin.write('create /dev/null \'name="lost"\' memory=64\nlist\n')
    child.stdin.end()
    return {code: await exited, err}
  }

  it('deleted: the next command stops with a clear line instead of writing into the unlinked file', async () => {
    const p = fresh()
    const {code, err} = await shellAround(p, () => rmSync(p))
    expect(code).toBe(1)
    expect(err).toMatch(/xl: .*: the state file was deleted while this xl process had it open; nothing more is saved to the old file, so this command was not run/)
    // Nothing of the old file is left to be applied to a new one.
    expect(besides(p)).toEqual([])
    expect(runXl(['list', '--state', p]).stdout).not.toContain('lost')
  }, 60_000)

  it('replaced by another file: the same, and the new file is left alone', async () => {
    const p = fresh()
    const other = fresh()
    const {code, err} = await shellAround(p, () => renameSync(other, p))
    expect(code).toBe(1)
    expect(err).toMatch(/xl: .*: the state file was replaced while this xl process had it open/)
    expect(runXl(['host', 'check', '--state', p]).code).toBe(0)
    expect(runXl(['list', '--state', p]).stdout).not.toContain('lost')
  }, 60_000)
})
