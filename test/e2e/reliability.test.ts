// Many processes on one state file, and processes killed mid-write.
// XLSIM_STRESS=1 runs the long versions (8 x 1000 commands, 300 kills).
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {fork} from 'node:child_process'
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

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'xlsim-rel-'))
  template = join(dir, 'template.db')
  const r = runXl(['host', 'init', '--state', template, '--force', '--clock', 'manual', '--arch', 'x86_64', '--memory', '65536'])
  expect(r.code, r.stderr).toBe(0)
})
afterAll(() => rmSync(dir, {recursive: true, force: true}))

function fresh(name: string): string {
  const p = join(dir, name)
  copyFileSync(template, p)
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
  it(`${runs} SIGKILLs of a writing process: the file always opens, consistent`, async () => {
    let seed = 12345
    const rand = (n: number) => (seed = (seed * 1103515245 + 12345) % 2147483648) % n
    const one = async (i: number) => {
      const state = fresh(`kill${i}.db`)
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
