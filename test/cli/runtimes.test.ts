// The two runtimes of every command: xl's own dispatcher binding the
// definition (the start-up path, from the bundle) and oclif running the same
// definition as a Command class (XLSIM_OCLIF=1). They must be interchangeable:
// same commands, same bytes, same exit codes, same state afterwards.
import {spawnSync} from 'node:child_process'
import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {pathToFileURL} from 'node:url'
import {afterAll, describe, expect, it} from 'vitest'
import {COMMAND_DEFS} from '../../src/cli/registry.js'
import {ROOT, runXl, tempHost, type Result} from '../helpers/cli.js'

const hosts = [tempHost(), tempHost()]
afterAll(() => hosts.forEach(h => h.cleanup()))

function batch(state: string, lines: string[][], env: Record<string, string>): Result[] {
  const r = spawnSync(process.execPath, [join(ROOT, 'test', 'helpers', 'batch-runner.mjs')], {
    input: JSON.stringify(lines), encoding: 'utf8', env: {...process.env, XLSIM_STATE: state, ...env}, maxBuffer: 64 * 1024 * 1024,
  })
  if (r.status !== 0) throw new Error(`batch runner failed: ${r.stderr}`)
  return JSON.parse(r.stdout) as Result[]
}

describe('command registry', () => {
  const manifest = JSON.parse(readFileSync(join(ROOT, 'oclif.manifest.json'), 'utf8')) as {commands: Record<string, {summary?: string}>}

  it('lists exactly the commands oclif finds in commands/', () => {
    expect(Object.keys(COMMAND_DEFS).sort()).toEqual(Object.keys(manifest.commands).sort())
  })

  it('gives oclif the same definition the dispatcher runs', async () => {
    for (const [id, load] of Object.entries(COMMAND_DEFS)) {
      const def = (await load()).default
      expect(manifest.commands[id].summary, id).toBe(def.summary)
      const file = join(ROOT, 'dist', 'commands', ...id.split(':'))
      const mod = await import(pathToFileURL(`${file}.js`).href).catch(() => import(pathToFileURL(join(file, 'index.js')).href))
      expect((mod.default as {summary: string}).summary, id).toBe(def.summary)
    }
  })

  it('does not load oclif on the start-up path', () => {
    const h = hosts[0]
    const script = `
      import {createRequire} from 'node:module'
      const {dispatch} = await import(${JSON.stringify(pathToFileURL(join(ROOT, 'dist', 'bundle', 'xl.mjs')).href)})
      const out = process.stdout.write.bind(process.stdout)
      process.stdout.write = () => true
      for (const line of [['list'], ['debug-keys', 'q'], ['dmesg'], ['vcpu-list'], ['clock']]) await dispatch(line, ${JSON.stringify(pathToFileURL(join(ROOT, 'bin', 'run.js')).href)})
      const loaded = Object.keys(createRequire(import.meta.url).cache).filter(k => k.includes('@oclif') || k.includes('/ink/') || k.includes('/react/'))
      out(JSON.stringify(loaded))`
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], {encoding: 'utf8', env: {...process.env, XLSIM_STATE: h.state}})
    expect(r.stderr).toBe('')
    expect(JSON.parse(r.stdout)).toEqual([])
  })
})

describe('fast path and oclif runtime', () => {
  const setup = [['host', 'init', '--force', '--clock', 'manual', '--seed', '3', '--arch', 'x86_64', '--cpus', '4']]
  const lines: string[][] = [
    ['list'], ['list', '-l', '0'], ['list', '--json'], ['list', '-v'], ['list', 'nope'], ['list', '--bogus'], ['li', '-Z'],
    ['create', '/dev/null', 'name="a"', 'memory=64', 'vcpus=2', 'workload="cpu"'],
    ['create', '-n', '/dev/null', 'name="b"', 'memory=64'], ['create', '-p', '/dev/null', 'name="c"', 'memory=64'],
    ['create'], ['create', '/no/such.cfg'], ['create', '-q', '/dev/null', 'name="a"'],
    ['clock', 'advance', '2s'], ['clock'], ['clock', '--json'], ['clock', 'advance'], ['clock', 'advance', 'x'], ['clock', 'advance', '1s', 'extra'],
    ['vcpu-list'], ['vcpu-list', '--json', 'a'], ['vcpu-pin', 'a', '0', '1'], ['vcpu-pin', 'a', 'x', '1'], ['vcpu-set', 'a', '1'],
    ['pause', 'c'], ['unpause', 'c'], ['pause'], ['destroy', 'nope'],
    ['sched-credit2'], ['sched-credit2', '-d', 'a', '-w', '512'], ['sched-credit2', '-d', 'a', '--json'], ['sched-credit', '-d', 'a'],
    ['workload', 'a'], ['workload', 'a', '0', 'duty:30'], ['workload', 'a', '0', 'bogus'],
    ['vm-assist', 'a'], ['vm-assist', 'a', 'enable', 'runstate_update_flag'], ['runstate', 'a'], ['guest-stat', 'a'], ['uptime'],
    ['debug-keys', 'q'], ['dmesg', '-c'], ['debug-keys'], ['info'], ['domid', 'a'], ['domname', '1'], ['rename', 'c', 'd'],
    ['mem-set', 'a', '32m'], ['mem-max', 'a', '128m'], ['shutdown', '-w', 'd'], ['reboot', 'a'], ['console', 'a'],
    ['host', 'show'], ['host', 'show', '--json'], ['host', 'check'], ['host', 'nope'], ['host', 'init', '--cpus', 'x'],
    ['host', 'init', '--arch', 'sparc'], ['host', 'init', '--bogus'], ['host', 'snapshot', 'save', 's1'], ['host', 'snapshot', 'list'],
    ['host', 'snapshot', 'load', 's1'], ['host', 'snapshot', 'delete', 's1'], ['host', 'snapshot', 'save'],
    ['runstate', 'check', '--updates', '5'], ['runstate', 'check', '--local', '--remote'], ['runstate', 'check', '--writer', 'nope'],
    ['runstate', 'check', '--writer', 'xen-4.7', '--reader', 'linux-4.6'], ['runstate', 'stress', 'a', '--reads', '50', '--seed', '1'],
    ['top', '-b', '-i', '2'], ['top', '-i', '0'], ['-N', 'vcpu-pin', 'a', '0', '0-1'], ['list', '--state'],
    ['destroy', 'a'], ['list'],
  ]

  it('print the same bytes and exit codes, and leave the same host', () => {
    const [fast, oclif] = hosts.map((h, i) => {
      const env = {XLSIM_OCLIF: i === 0 ? '0' : '1'}
      batch(h.state, setup, env)
      return batch(h.state, [...lines, ['host', 'show', '--json']], env)
    })
    // A snapshot records the real time it was saved at and the checker reports its run time; nothing else may differ.
    const masked = (r: Result) => ({...r, stdout: r.stdout.replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, '<time>').replace(/time: [\d.]+ ms/g, 'time: <ms>')})
    lines.forEach((line, i) => expect(masked(fast[i]), line.join(' ')).toEqual(masked(oclif[i])))
    expect(fast.at(-1)).toEqual(oclif.at(-1))
  })

  it('cut a huge argument echoed in a usage error, in both runtimes', () => {
    const line = ['host', 'init', '--arch', 'x'.repeat(3000)]
    const [fast, oclif] = hosts.map((h, i) => batch(h.state, [line], {XLSIM_OCLIF: String(i)})[0])
    expect(fast).toEqual(oclif)
    expect(fast.code).toBe(2)
    expect(fast.stderr.split('\n')).toHaveLength(2)
    expect(fast.stderr.length).toBeLessThan(300)
    expect(fast.stderr).toMatch(/^xl: Expected --arch=x+\.\.\.\(\d+ bytes\)\.\.\.x+ to be one of: x86_64, arm64\n$/)
  })

  it('runs the bundle from bin/run.js the same as the unbundled build', () => {
    const h = tempHost()
    try {
      const env = {XLSIM_STATE: h.state}
      const viaBin = [...setup, ['create', '/dev/null', 'name="z"', 'memory=64'], ['list'], ['vcpu-list', 'z'], ['list', '-x']].map(l => runXl(l, env))
      const h2 = tempHost()
      try {
        const viaDist = batch(h2.state, [...setup, ['create', '/dev/null', 'name="z"', 'memory=64'], ['list'], ['vcpu-list', 'z'], ['list', '-x']], {XLSIM_OCLIF: '0'})
        expect(viaBin).toEqual(viaDist)
      } finally {
        h2.cleanup()
      }
    } finally {
      h.cleanup()
    }
  })
})
