// A migrating xl process killed (SIGKILL) at any moment: the next command on
// either host finishes or undoes the migration, so the domain is on exactly
// one host, under its own name, never running on both and never lost.
// Real processes, real SQLite files.
import {describe, expect, it} from 'vitest'
import {spawn, spawnSync} from 'node:child_process'
import {BIN, cfg, tempHosts, type TempHost} from '../helpers/cli.js'
import {migrationHost} from './migrate-helpers.js'

const newHost = tempHosts()
const STRESS = process.env.XLSIM_STRESS === '1'

function hosts(): [TempHost, TempHost] {
  const a = migrationHost(newHost)
  const b = migrationHost(newHost)
  expect(a.xl('create', '-q', a.file('g.cfg', cfg({name: 'g', kernel: 'linux-4.15', vcpus: 2, memory: 256, workload: 'cpu'}))).code).toBe(0)
  return [a, b]
}

/** Every domain but Domain-0 on a host: "name state-letters". */
function names(h: TempHost): string[] {
  const r = h.xl('list')
  expect(r.code, r.stderr).toBe(0)
  return r.stdout.split('\n').slice(2).filter(Boolean).map(l => l.slice(0, 40).trim())
}

/** After recovery: g on exactly one host, nothing half-migrated left, both hosts consistent. Returns where g is. */
function settled(a: TempHost, b: TempHost): 'a' | 'b' {
  const na = names(a)
  const nb = names(b)
  expect([...na, ...nb].filter(n => n.startsWith('g')), `a: ${na} b: ${nb}`).toEqual(['g'])
  for (const h of [a, b]) expect(h.xl('host', 'check').code).toBe(0)
  const where = na.includes('g') ? 'a' : 'b'
  const live = (where === 'a' ? a : b).xl('list', 'g').stdout.split('\n')[1].split(/\s+/).at(-2)!
  expect(live[3], 'not left suspended').toBe('-')
  return where
}

describe('xl migrate killed after each step', () => {
  // Where g ends, and whether the target holds a record of it then (before
  // "receive" and after "start" only the source does: a command on the
  // target finds nothing to do, and g waits at the source, suspended as real
  // xl leaves it, until a command runs there).
  const steps: [string, 'a' | 'b', boolean][] = [['suspend', 'a', false], ['receive', 'a', true], ['go', 'b', true], ['start', 'b', false]]
  for (const [step, home, targetKnows] of steps) {
    for (const next of ['source', 'target'] as const) {
      it(`after "${step}", the next commands leave g on host ${home} (first on the ${next})`, () => {
        const [a, b] = hosts()
        const r = spawnSync(process.execPath, [BIN, '--state', a.state, 'migrate', 'g', b.state], {
          encoding: 'utf8', env: {...process.env, XLSIM_STATE: '', XLSIM_MIGRATE_KILL_AFTER: step},
        })
        expect(r.signal).toBe('SIGKILL')
        const first = (next === 'source' ? a : b).xl('list')
        expect(first.code).toBe(0)
        if (next === 'source' || targetKnows) expect(first.stderr).toMatch(/^xl: migration of g (to|from) .* was interrupted /)
        else expect(first.stderr).toBe('')
        expect(settled(a, b)).toBe(home)
      })
    }
  }
})

describe('xl migrate killed at random moments', () => {
  it(`${STRESS ? 60 : 8} migrations back and forth, each killed at a random time`, async () => {
    const [a, b] = hosts()
    let at: 'a' | 'b' = 'a'
    const rounds = STRESS ? 60 : 8
    let seed = 12345
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31
    const outcomes = new Set<string>()
    // How long one migration lives on this machine now: the kills fall inside it.
    const t0 = Date.now()
    const probe = spawnSync(process.execPath, [BIN, '--state', a.state, 'migrate', 'g', b.state], {env: {...process.env, XLSIM_STATE: ''}, stdio: 'ignore'})
    expect(probe.status).toBe(0)
    const life = Date.now() - t0
    at = 'b'
    for (let i = 0; i < rounds; i++) {
      const [src, dst] = at === 'a' ? [a, b] : [b, a]
      const child = spawn(process.execPath, [BIN, '--state', src.state, 'migrate', 'g', dst.state],
        {env: {...process.env, XLSIM_STATE: ''}, stdio: 'ignore'})
      const delay = rand() * life * 0.9
      const timer = setTimeout(() => child.kill('SIGKILL'), delay)
      const signal = await new Promise<string | null>(resolve => child.on('exit', (_code, sig) => resolve(sig)))
      clearTimeout(timer)
      // The next command on a random host recovers.
      const first = rand() < 0.5 ? a : b
      expect(first.xl('list').code).toBe(0)
      const where = settled(a, b)
      outcomes.add(`${signal ? 'killed' : 'done'}:${where === at ? 'stayed' : 'moved'}`)
      at = where
    }
    // Most runs are killed on the way: every delay is shorter than a whole migration.
    expect([...outcomes].some(o => o.startsWith('killed')), [...outcomes].join(', ')).toBe(true)
  }, 300_000)
})
