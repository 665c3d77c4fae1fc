// bin/code-cache.js: the bundle's files compile with V8's code cache, which
// only ever saves time. On a copy of the built package (bin/, dist/bundle,
// the manifests; node_modules linked), so the real build's caches stay as
// they are for the other tests: a missing cache is written when the command
// ends, a damaged one is ignored and replaced, XLSIM_CODE_CACHE=0 turns it
// off, and the output is the same every time.
import {spawnSync} from 'node:child_process'
import {cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {ROOT, tempHosts} from '../helpers/cli.js'

let pkg: string
const host = tempHosts()

beforeAll(() => {
  pkg = mkdtempSync(join(tmpdir(), 'xlsim-code-cache-'))
  for (const p of ['bin', 'dist/bundle', 'package.json', 'oclif.manifest.json']) cpSync(join(ROOT, p), join(pkg, p), {recursive: true})
  symlinkSync(join(ROOT, 'node_modules'), join(pkg, 'node_modules'))
})

afterAll(() => rmSync(pkg, {recursive: true, force: true}))

const caches = () => readdirSync(join(pkg, 'dist', 'bundle')).filter(f => f.endsWith('.cjs.v8')).sort()
const core = () => caches().find(f => f.startsWith('core-'))

function dropCaches(): void {
  for (const f of caches()) rmSync(join(pkg, 'dist', 'bundle', f))
}

function xl(state: string, args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [join(pkg, 'bin', 'run.js'), '--state', state, ...args], {encoding: 'utf8', env: {...process.env, ...env}})
  return {stdout: r.stdout, stderr: r.stderr, code: r.status}
}

describe('code cache', () => {
  it('is written by a command that had none, and then used, with the same output', () => {
    const h = host()
    expect(h.xl('create', h.file('g.cfg', 'name = "g"\nmemory = 64\n')).code).toBe(0)
    const expected = h.xl('list')
    dropCaches()
    expect(xl(h.state, ['list'])).toEqual(expected)
    expect(core()).toBeDefined()
    expect(caches()).toContainEqual(expect.stringMatching(/^list-.*\.cjs\.v8$/))
    const written = readFileSync(join(pkg, 'dist', 'bundle', core()!))
    expect(xl(h.state, ['list'])).toEqual(expected)
    // Used, not rewritten.
    expect(readFileSync(join(pkg, 'dist', 'bundle', core()!))).toEqual(written)
  })

  it('ignores a damaged cache and replaces it', () => {
    const h = host()
    const expected = h.xl('info')
    expect(expected.code).toBe(0)
    xl(h.state, ['info'])
    const path = join(pkg, 'dist', 'bundle', core()!)
    writeFileSync(path, 'not a code cache')
    expect(xl(h.state, ['info'])).toEqual(expected)
    expect(readFileSync(path, 'utf8')).not.toBe('not a code cache')
    expect(xl(h.state, ['info'])).toEqual(expected)
  })

  it('is neither read nor written with XLSIM_CODE_CACHE=0', () => {
    const h = host()
    expect(h.xl('host', 'init', '--clock', 'manual').code).toBe(0)
    const expected = h.xl('host', 'show')
    expect(expected.code).toBe(0)
    dropCaches()
    expect(xl(h.state, ['host', 'show'], {XLSIM_CODE_CACHE: '0'})).toEqual(expected)
    expect(caches()).toEqual([])
  })
})
