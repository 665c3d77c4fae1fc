// xl's command line as a user meets it: the dispatcher, getopt, help, the
// two kinds of commands (real xl's and xlsim's own oclif ones), pipes.
import {spawnSync} from 'node:child_process'
import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {pathToFileURL} from 'node:url'
import {afterAll, describe, expect, it} from 'vitest'
import {BIN, cfg, ROOT, runXl, tempHost} from '../helpers/cli.js'
import {fixture} from '../helpers/fixtures.js'

const h = tempHost()
afterAll(() => h.cleanup())
const INIT = ['host', 'init', '--force', '--clock', 'manual', '--arch', 'x86_64', '--cpus', '4']
h.xl(...INIT)
const g = h.file('g.cfg', cfg({name: 'g', kernel: 'linux-6.1', memory: 128, vcpus: 1}))
const names = () => h.xl('list').stdout.split('\n').slice(1).filter(Boolean).map(l => l.split(/\s+/)[0])

describe('xl create takes every option of main_create ("AFVcdef:inpq")', () => {
  it.each([['-d'], ['-e'], ['-F'], ['-V'], ['-A'], ['-i'], ['--ignore-global-affinity-masks'], ['--vncviewer'], ['--vncviewer-autopass']])('%s', opt => {
    h.xl('destroy', 'g')
    const r = h.xl('create', g, opt)
    expect(r.stderr.startsWith(`Parsing config from ${g}\n`), r.stderr).toBe(true)
    expect(r.code).toBe(0)
    expect(names()).toContain('g')
  })

  it('-d prints the configuration as JSON on stderr, and creates', () => {
    h.xl('destroy', 'g')
    const r = h.xl('create', '-d', g)
    expect(r.stdout).toBe('')
    expect(r.stderr).toContain('"name": "g"')
    expect(names()).toContain('g')
  })

  it('--defconfig=FILE, -f FILE and -fFILE with key=value overrides', () => {
    for (const [i, args] of [['--defconfig=' + g], ['-f', g], ['-f' + g]].entries()) {
      const name = `o${i}`
      const r = h.xl('create', ...args, `name="${name}"`, 'memory=64')
      expect(r, args.join(' ')).toMatchObject({code: 0, stderr: `Parsing config from ${g}\n`})
      expect(h.xl('list', name).stdout).toMatch(new RegExp(`^${name} +\\d+ +64 `, 'm'))
      h.xl('destroy', name)
    }
  })

  it('no config file: create_domain\'s line, ERROR_INVAL as the exit status', () => {
    expect(h.xl('create')).toEqual({stdout: '', stderr: 'Config file not specified and none in save file\n', code: 6})
    expect(h.xl('create', '-q', 'memory=64')).toEqual({stdout: '', stderr: 'Config file not specified and none in save file\n', code: 6})
  })

  it('a second config file is a usage error: help on stdout, exit 2', () => {
    const r = h.xl('create', g, g)
    expect(r.code).toBe(2)
    expect(r.stdout.startsWith('Usage: xl [-vtTfN] create <ConfigFile> [options] [vars]\n')).toBe(true)
  })

  it('-q: no "Parsing config from"', () => {
    h.xl('destroy', 'g')
    expect(h.xl('create', '-q', g)).toEqual({stdout: '', stderr: '', code: 0})
    h.xl('destroy', 'g')
    expect(h.xl('create', g, '--quiet')).toEqual({stdout: '', stderr: '', code: 0})
  })

  it('the global -N prints the configuration as create -n does, and creates nothing', () => {
    h.xl('destroy', 'g')
    const n = h.xl('create', '-n', g)
    const N = h.xl('-N', 'create', g)
    expect(N.code).toBe(0)
    expect(N.stdout).toContain('"name": "g"')
    expect(N).toEqual(n)
    expect(names()).not.toContain('g')
  })
})

describe('usage errors (def_getopt)', () => {
  it('an unknown option, an option without its argument: "option `c\' not supported.", exit 2', () => {
    expect(h.xl('create', '-z', g)).toEqual({stdout: '', stderr: "option `z' not supported.\n", code: 2})
    expect(h.xl('sched-credit2', '-d')).toEqual({stdout: '', stderr: "option `d' not supported.\n", code: 2})
    expect(h.xl('list', '--bogus')).toEqual({stdout: '', stderr: "option `\0' not supported.\n", code: 2})
  })

  it('too few arguments: the line, then the help, exit 2', () => {
    const r = h.xl('vcpu-pin', 'g')
    expect(r.code).toBe(2)
    expect(r.stderr).toBe("'xl vcpu-pin' requires at least 3 arguments.\n\n")
    expect(r.stdout.startsWith('Usage: xl [-vtTfN] vcpu-pin [option] <Domain>')).toBe(true)
  })

  it('--state without a file: one line, no NUL byte', () => {
    for (const argv of [['list', '--state'], ['--state']]) {
      const r = h.xl(...argv)
      expect(r.stderr, argv.join(' ')).toBe("xl: option '--state' requires an argument\n")
      expect(r.code).not.toBe(0)
    }
  })

  it('--state FILE before the command word, for xl commands and xlsim ones', () => {
    const other = tempHost()
    try {
      expect(runXl(['--state', other.state, ...INIT]).code).toBe(0)
      expect(runXl(['--state', other.state, 'create', g]).code).toBe(0)
      expect(runXl(['--state', other.state, 'list']).stdout).toMatch(/^g +1 /m)
      expect(runXl([`--state=${other.state}`, 'vcpu-list', 'g']).code).toBe(0)
      expect(runXl(['--state', other.state, 'runstate', 'g']).code).toBe(0)
    } finally {
      other.cleanup()
    }
  })
})

describe('help', () => {
  it('`xl help` on an x86 host is Xen 4.17\'s x86 build byte for byte (018-help)', () => {
    const r = h.xl('help')
    expect(r.stdout).toBe(fixture('x86-pv', '018-help', 'out'))
    expect(r.code).toBe(Number(fixture('x86-pv', '018-help', 'rc')))
  })

  it('bare `xl` on that host prints the same table on stdout and exits 1 (xl.c main: help(NULL), exit(EXIT_FAILURE)); no xlsim lines', () => {
    const r = h.xl()
    expect(r).toEqual({stdout: fixture('x86-pv', '018-help', 'out'), stderr: '', code: 1})
    expect(r.stdout).not.toMatch(/xlsim/)
  })

  it('`xl help <cmd>` and `xl <cmd> -h` render the same entry', () => {
    const a = runXl(['help', 'create'])
    expect(a.stdout.startsWith('Usage: xl [-vtTfN] create <ConfigFile> [options] [vars]\n\nCreate a domain from config file <filename>.\n')).toBe(true)
    expect(runXl(['create', '-h'])).toEqual({...a, code: 0})
    expect(runXl(['create', '--help'])).toEqual({...a, code: 0})
  })

  it("xlsim's topics list every subcommand: xl help host, xl host --help, xl host snapshot --help", () => {
    for (const argv of [['help', 'host'], ['host', '--help'], ['host']]) {
      const out = runXl(argv).stdout
      for (const sub of ['host check', 'host destroy', 'host init', 'host show', 'host snapshot']) expect(out, argv.join(' ')).toContain(sub)
    }
    const snap = runXl(['host', 'snapshot', '--help']).stdout
    for (const sub of ['delete', 'list', 'load', 'save']) expect(snap).toContain(`host snapshot ${sub}`)
    expect(runXl(['host', 'snapshot', 'save', '--help']).stdout).toContain('$ xl host snapshot save NAME')
  })

  it("runstate check --help is the checker's: description and examples", () => {
    const r = runXl(['runstate', 'check', '--help'])
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('Model-check the XEN_RUNSTATE_UPDATE protocol')
    expect(r.stdout).toContain('Exit status: 0 SAFE, 1 TORN')
    expect(r.stdout).toContain('$ xl runstate check --matrix --updates 2')
  })

  it('runstate check takes --state after the command word as every command does (it uses no host)', () => {
    for (const argv of [['runstate', 'check', '--state', '/nonexistent/x.db'], ['--state', '/nonexistent/x.db', 'runstate', 'check']]) {
      const r = runXl(argv)
      expect(r.code, `${argv.join(' ')}: ${r.stderr}`).toBe(0)
      expect(r.stdout).toContain('SAFE')
    }
  })

  it("every xlsim command's --help shows its examples", () => {
    const manifest = JSON.parse(readFileSync(join(ROOT, 'oclif.manifest.json'), 'utf8')) as {commands: Record<string, unknown>}
    expect(Object.keys(manifest.commands).length).toBeGreaterThan(15)
    for (const id of Object.keys(manifest.commands)) {
      const r = runXl([...id.split(':'), '--help'])
      expect(r.code, id).toBe(0)
      expect(r.stdout, id).toMatch(/EXAMPLES\n {2}\$ xl /)
    }
  }, 120_000)
})

describe("xlsim's commands and stdin", () => {
  it('an optional argument left out is not read from stdin (oclif would wait for it)', () => {
    const two = tempHost()
    try {
      two.xl(...INIT)
      two.xl('create', two.file('g2.cfg', cfg({name: 'g2', kernel: 'linux-6.1', memory: 128, vcpus: 2})))
      const r = two.xlInput('1\n', 'runstate', 'g2')
      expect(r.code).toBe(0)
      expect(r.stdout).toMatch(/^ {3}0 /m)
      expect(r.stdout).toMatch(/^ {3}1 /m)
    } finally {
      two.cleanup()
    }
  })
})

describe('pipes and full devices', () => {
  const bash = (script: string) => spawnSync('bash', ['-c', script], {encoding: 'utf8', env: {...process.env, XLSIM_STATE: h.state, XL: BIN}})

  it('a reader that closes the pipe ends the command quietly (as SIGPIPE does)', () => {
    const lines = 'dmesg\n'.repeat(200)
    for (const pipeline of ['"$XL" top -b -d 0.1 | head -1', '"$XL" shell < dm.txt | head -1', '"$XL" dmesg | head -c 10']) {
      const r = bash(`cd ${JSON.stringify(h.dir)}; printf '${lines.replace(/\n/g, '\\n')}' > dm.txt; ${pipeline} > /dev/null; echo "rc=\${PIPESTATUS[0]}" >&2`)
      // top's note about the manual clock is not an error.
      expect(r.stderr.replace(/rc=(0|141)\n$/, '').replace(/^xl top: the host has a manual clock;.*\n/, ''), pipeline).toBe('')
      expect(r.stderr, pipeline).toMatch(/rc=(0|141)\n$/)
    }
  }, 60_000)

  it('a full device: one line, exit 1', () => {
    for (const cmd of ['list', 'host show', 'dmesg']) {
      const r = bash(`"$XL" ${cmd} > /dev/full`)
      expect(r.stderr, cmd).toBe('xl: write error: No space left on device\n')
      expect(r.status, cmd).toBe(1)
    }
  })
})

describe('runtimes', () => {
  it('no real xl command loads @oclif/core (or ink, react)', () => {
    const script = `
      import {createRequire} from 'node:module'
      const {dispatch} = await import(${JSON.stringify(pathToFileURL(join(ROOT, 'dist', 'bundle', 'xl.cjs')).href)})
      const out = process.stdout.write.bind(process.stdout)
      const quiet = {stdout() {}, stderr() {}}
      for (const line of [['list'], ['list', '-l'], ['create', ${JSON.stringify(g)}, 'name="nx"'], ['vcpu-list'], ['info'], ['dmesg'],
        ['uptime'], ['sched-credit2'], ['pause', 'nx'], ['unpause', 'nx'], ['destroy', 'nx'], ['help'], ['help', 'list'], ['li', '-h']])
        await dispatch(line, ${JSON.stringify(pathToFileURL(BIN).href)}, quiet)
      // From node_modules (CommonJS) or bundled: @oclif/core's settings module sets globalThis.oclif when it loads.
      const loaded = Object.keys(createRequire(import.meta.url).cache).filter(k => /[\\\\/](@oclif|ink|react)[\\\\/]/.test(k))
      out(JSON.stringify('oclif' in globalThis ? [...loaded, 'globalThis.oclif'] : loaded))`
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], {encoding: 'utf8', env: {...process.env, XLSIM_STATE: h.state}})
    expect(r.stderr).toBe('')
    expect(JSON.parse(r.stdout)).toEqual([])
  })

  it('xl list loads the dispatcher, the views and its own file only, xl create those and the xl.cfg parser (not lib: libxl\'s other operations); neither loads node:crypto or node:os', () => {
    const script = `
      import {createRequire} from 'node:module'
      const {dispatch} = await import(${JSON.stringify(pathToFileURL(join(ROOT, 'dist', 'bundle', 'xl.cjs')).href)})
      const quiet = {stdout() {}, stderr() {}}
      const bundle = () => Object.keys(createRequire(import.meta.url).cache).filter(k => /[\\\\/]dist[\\\\/]bundle[\\\\/]/.test(k))
        .map(k => k.split(/[\\\\/]/).pop().replace(/-[\\w-]{8}\\.cjs$/, '')).sort()
      const builtins = () => process.moduleLoadList.filter(m => /^NativeModule (crypto|os)$/.test(m))
      await dispatch(['list'], ${JSON.stringify(pathToFileURL(BIN).href)}, quiet)
      const list = {files: bundle(), builtins: builtins()}
      await dispatch(['create', ${JSON.stringify(g)}, 'name="nc"'], ${JSON.stringify(pathToFileURL(BIN).href)}, quiet)
      const create = {files: bundle(), builtins: builtins()}
      await dispatch(['destroy', 'nc'], ${JSON.stringify(pathToFileURL(BIN).href)}, quiet)
      process.stdout.write(JSON.stringify({list, create}))`
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], {encoding: 'utf8', env: {...process.env, XLSIM_STATE: h.state}})
    expect(r.stderr).toBe('')
    // create adds its own file and the xl.cfg parser's chunk (xlcfg), still not lib.
    expect(JSON.parse(r.stdout)).toEqual({
      list: {files: ['core', 'list', 'rolldown-runtime', 'views', 'xl.cjs'], builtins: []},
      create: {files: ['core', 'create', 'list', 'rolldown-runtime', 'views', 'xl.cjs', 'xlcfg'], builtins: []},
    })
  })

  it("xlsim's commands do run on oclif", () => {
    const script = `
      const {dispatch} = await import(${JSON.stringify(pathToFileURL(join(ROOT, 'dist', 'bundle', 'xl.cjs')).href)})
      const out = process.stdout.write.bind(process.stdout)
      process.stdout.write = () => true
      await dispatch(['host', 'show'], ${JSON.stringify(pathToFileURL(BIN).href)})
      out(String('oclif' in globalThis))`
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], {encoding: 'utf8', env: {...process.env, XLSIM_STATE: h.state}})
    expect(r.stdout).toBe('true')
  })
})
