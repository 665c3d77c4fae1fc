// Many processes on one state file, and processes killed mid-write.
// XLSIM_STRESS=1 runs the long versions (8 x 1000 commands, 300 kills).
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {fork, spawn} from 'node:child_process'
import {copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import Database from 'better-sqlite3'
import {openState, loadHost} from '../../state/store.js'
import {checkInvariants} from '../../src/hypervisor/invariants.js'
import {runXl, ROOT} from '../helpers/cli.js'

const STRESS = process.env.XLSIM_STRESS === '1'
const WORKER = join(ROOT, 'test', 'e2e', 'fixtures', 'worker.mjs')
let dir: string
let template: string
/** The same host on a wall clock: its readers (list) save their catch-up when the lock is free. */
let wallTemplate: string

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'xlsim-rel-'))
  template = join(dir, 'template.db')
  wallTemplate = join(dir, 'wall-template.db')
  for (const [t, clock] of [[template, 'manual'], [wallTemplate, 'wall']]) {
    const r = runXl(['host', 'init', '--state', t, '--force', '--clock', clock, '--arch', 'x86_64', '--memory', '65536'])
    expect(r.code, r.stderr).toBe(0)
  }
})
afterAll(() => rmSync(dir, {recursive: true, force: true}))

function fresh(name: string, from = template): string {
  const p = join(dir, name)
  copyFileSync(from, p)
  return p
}

function worker(state: string, id: number, count: number, log: string) {
  const child = fork(WORKER, [state, String(id), String(count), log], {stdio: 'ignore'})
  const done = new Promise<number>(resolve => child.on('exit', code => resolve(code ?? -1)))
  return {child, done}
}

function readLog(log: string): {w?: string; argv?: string[]; done?: string; mine?: {name: string; paused: number; flag: boolean}[]}[] {
  return existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n').filter(Boolean).map(l => JSON.parse(l)) : []
}

function load(state: string) {
  const db = openState(state, {create: false})
  try {
    const host = loadHost(db)!.host
    // Domains decode lazily: reach them all before the connection closes.
    host.domains = new Map(host.domains)
    return host
  } finally {
    db.close()
  }
}

describe('concurrent xl processes on one state file', () => {
  const workers = 8
  const each = STRESS ? 1000 : 250
  it(`${workers} processes x ${each} mixed commands: no update lost`, async () => {
    const state = fresh('concurrent.db')
    const logs = Array.from({length: workers}, (_, i) => join(dir, `w${i}.log`))
    const codes = await Promise.all(logs.map((log, i) => worker(state, i + 1, each, log).done))
    expect(codes).toEqual(Array(workers).fill(0))
    const host = load(state)
    const byName = new Map([...host.domains.values()].map(d => [d.name, d]))
    let expected = 1
    for (const log of logs) {
      const entries = readLog(log)
      const final = entries.find(e => e.done)!
      expect(final, log).toBeDefined()
      for (const m of final.mine!) {
        const d = byName.get(m.name)
        expect(d, m.name).toBeDefined()
        expect(d!.pauseCount, m.name).toBe(m.paused)
        expect((d!.vmAssist & 0x20n) !== 0n, m.name).toBe(m.flag)
      }
      expected += final.mine!.length
      // Every command a worker saw succeed is in its log, in order.
      expect(entries.filter(e => e.argv).length).toBeGreaterThan(each / 2)
    }
    expect(host.domains.size).toBe(expected)
    const ids = [...host.domains.keys()]
    expect(new Set(ids).size).toBe(ids.length)
    expect(checkInvariants(host)).toEqual([])
    expect(runXl(['host', 'check', '--state', state])).toMatchObject({code: 0, stdout: 'host check: ok\n'})
  }, 240_000)
})

describe('wall-clock catch-up with racing processes', () => {
  it('happens once, not once per process', async () => {
    const state = join(dir, 'wall.db')
    expect(runXl(['host', 'init', '--state', state, '--force', '--clock', 'wall']).code).toBe(0)
    const db = new Database(state)
    db.prepare('UPDATE host SET wall_ms = wall_ms - 30000, now_ns = 0').run()
    db.close()
    const runs = Array.from({length: 4}, () => new Promise<number>(resolve => {
      const c = fork(join(ROOT, 'bin', 'run.js'), ['list', '--state', state], {stdio: 'ignore'})
      c.on('exit', code => resolve(code ?? -1))
    }))
    expect(await Promise.all(runs)).toEqual([0, 0, 0, 0])
    const now = load(state).now
    // 30 s behind, caught up once (plus the seconds the processes took), not 4 x 30 s.
    expect(now).toBeGreaterThanOrEqual(30e9)
    expect(now).toBeLessThan(60e9)
  }, 120_000)
})

describe('processes killed at any moment', () => {
  const runs = STRESS ? 300 : 100
  it(`${runs} SIGKILLs of a writing process (half on a wall clock, where readers save too): the file always opens, consistent`, async () => {
    let seed = 12345
    const rand = (n: number) => (seed = (seed * 1103515245 + 12345) % 2147483648) % n
    const one = async (i: number) => {
      const state = fresh(`kill${i}.db`, i % 4 < 2 ? template : wallTemplate)
      const log = join(dir, `kill${i}.log`)
      const {child, done} = worker(state, i, 100_000, log)
      await new Promise(r => setTimeout(r, 150 + rand(500)))
      child.kill('SIGKILL')
      await done
      const host = load(state)
      expect(checkInvariants(host), `run ${i}`).toEqual([])
      // Old or new state, never a mix: every domain is one a create committed
      // (the log is written after commit, so at most one is not logged yet).
      const created = new Set(readLog(log).filter(e => e.argv?.[0] === 'create').map(e => /name="([^"]+)"/.exec(e.argv![2])![1]))
      const unlogged = [...host.domains.values()].filter(d => d.domid !== 0 && !created.has(d.name))
      expect(unlogged.length, `run ${i}`).toBeLessThanOrEqual(1)
      rmSync(state, {force: true})
    }
    for (let i = 0; i < runs; i += 2) await Promise.all([one(i), one(i + 1)])
  }, 600_000)
})

/** A real `xl` process; resolves with its exit code and output. */
function xlProcess(args: string[], input?: string): Promise<{code: number; stdout: string; stderr: string}> {
  return new Promise(resolve => {
    const c = spawn(process.execPath, [join(ROOT, 'bin', 'run.js'), ...args], {
      stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'], env: {...process.env, XLSIM_STATE: ''},
    })
    let stdout = ''
    let stderr = ''
    c.stdout!.on('data', d => (stdout += d))
    c.stderr!.on('data', d => (stderr += d))
    if (input !== undefined) c.stdin!.end(input)
    c.on('exit', code => resolve({code: code ?? -1, stdout, stderr}))
  })
}

describe('concurrent first use of a path', () => {
  const rounds = STRESS ? 40 : 8
  it(`8 processes running xl list on a path that does not exist yet, ${rounds} rounds: all succeed`, async () => {
    const failures: string[] = []
    for (let r = 0; r < rounds; r++) {
      const state = join(dir, `first${r}`, 'host.db')
      const results = await Promise.all(Array.from({length: 8}, () => xlProcess(['list', '--state', state])))
      for (const x of results) if (x.code !== 0 || x.stderr !== '') failures.push(`round ${r}: ${x.code} ${x.stderr}`)
      expect(runXl(['host', 'check', '--state', state]).code).toBe(0)
    }
    expect(failures).toEqual([])
  }, 300_000)
})

describe('load: 16 writers on a wall-clock host', () => {
  const each = STRESS ? 300 : 100
  it(`16 x ${each} mixed commands fail 0 times on contention; xl top -b and xl shell ride through it`, async () => {
    const state = join(dir, 'load.db')
    expect(runXl(['host', 'init', '--state', state, '--force', '--clock', 'wall', '--arch', 'x86_64', '--memory', '65536']).code).toBe(0)
    const logs = Array.from({length: 16}, (_, i) => join(dir, `load${i}.log`))
    const top = xlProcess(['top', '-b', '-d', '0.5', '-i', '20', '--state', state])
    const shellLines = Array.from({length: 60}, (_, i) => (i % 3 === 0 ? `create /dev/null 'name="sh${i}"' memory=64` : i % 3 === 1 ? 'list' : `pause sh${i - 2}`)).join('\n')
    const shell = xlProcess(['shell', '--state', state], `${shellLines}\n`)
    const codes = await Promise.all(logs.map((log, i) => worker(state, 100 + i, each, log).done))
    expect(codes).toEqual(Array(16).fill(0))
    const failures = logs.flatMap(log => readLog(log).filter(e => (e as {fail?: unknown}).fail))
    expect(failures).toEqual([])
    const t = await top
    expect(t.stderr).toBe('')
    expect(t.code).toBe(0)
    expect(t.stdout.split('NAME').length - 1).toBe(20)
    const s = await shell
    expect(s.stderr.split('\n').filter(l => l && !l.startsWith('Parsing config'))).toEqual([])
    expect(s.code).toBe(0)
    expect(runXl(['host', 'check', '--state', state])).toMatchObject({code: 0, stdout: 'host check: ok\n'})
  }, 600_000)
})

describe('racing processes on a wall-clock host', () => {
  const seconds = STRESS ? 20 : 8
  it(`8 loops of xl list for ${seconds} s: simulated time equals the real time elapsed`, async () => {
    const state = join(dir, 'wallrace.db')
    expect(runXl(['host', 'init', '--state', state, '--force', '--clock', 'wall']).code).toBe(0)
    const row = () => {
      const db = new Database(state, {readonly: true})
      try {
        return db.prepare('SELECT now_ns, wall_ms FROM host').get() as {now_ns: number; wall_ms: number}
      } finally {
        db.close()
      }
    }
    const start = row()
    const t0 = Date.now()
    const loop = async () => {
      const failures: string[] = []
      while (Date.now() - t0 < seconds * 1000) {
        const x = await xlProcess(['list', '--state', state])
        if (x.code !== 0) failures.push(x.stderr)
      }
      return failures
    }
    const failures = (await Promise.all(Array.from({length: 8}, loop))).flat()
    // One writer at the end brings the stored host up to now.
    expect(runXl(['host', 'snapshot', 'list', '--state', state]).code).toBe(0)
    const real = Date.now() - t0
    const end = row()
    expect(failures).toEqual([])
    // Each real millisecond simulated exactly once, however the processes raced.
    expect(end.now_ns - start.now_ns).toBe((end.wall_ms - start.wall_ms) * 1e6)
    expect(end.wall_ms - start.wall_ms).toBeLessThanOrEqual(real + (t0 - start.wall_ms))
    expect(end.wall_ms - start.wall_ms).toBeGreaterThanOrEqual(seconds * 1000)
  }, 120_000)
})

describe('a process that holds the write lock and stalls', () => {
  it('readers go on at once; a writer gives up with one line once nothing has been committed for 10 s', async () => {
    const state = fresh('stalled.db')
    const holder = new Database(state)
    holder.exec('BEGIN IMMEDIATE')
    try {
      const list = await xlProcess(['list', '--state', state])
      expect(list).toMatchObject({code: 0, stderr: ''})
      const t0 = Date.now()
      const w = await xlProcess(['pause', '0', '--state', state])
      expect(w.code).toBe(1)
      expect(w.stderr).toBe(`xl: ${state}: the host is locked by another xl process, which has committed nothing for 10 s; try again when it has finished\n`)
      expect(Date.now() - t0).toBeGreaterThanOrEqual(10_000)
    } finally {
      holder.exec('ROLLBACK')
      holder.close()
    }
  }, 60_000)
})
