// xl's option parsing (def_getopt over glibc getopt_long, tools/xl/xl_utils.c
// and SWITCH_FOREACH_OPT in tools/xl/xl.h), one case per rule.
import {describe, expect, it} from 'vitest'
import {getopt, Options, type GetoptSpec} from '../../src/xl/getopt.js'
import {loadTable} from '../../src/xl/cmdtable.js'

const table = await loadTable()
const spec = (name: string): GetoptSpec => table.find(c => c.name === name)!.getopt!
const create = spec('create')
const sched = spec('sched-credit2')

const ok = (s: GetoptSpec, argv: string[], xlsim: {json?: boolean} = {}) => {
  const r = getopt(s, argv, xlsim)
  if (r.kind !== 'ok') throw new Error(`not ok: ${JSON.stringify(r)}`)
  return {opts: r.opts.map(o => (o.arg === undefined ? o.opt : `${o.opt}=${o.arg}`)), args: r.args}
}

describe('getopt (xl semantics)', () => {
  it('takes every option of "AFVcdef:inpq" (main_create)', () => {
    expect(ok(create, ['-d', '-e', '-F', '-V', '-A', '-i', '-c', '-n', '-p', '-q']).opts).toEqual(['d', 'e', 'F', 'V', 'A', 'i', 'c', 'n', 'p', 'q'])
  })

  it('short clusters', () => {
    expect(ok(create, ['-dpq']).opts).toEqual(['d', 'p', 'q'])
  })

  it('-f FILE, -fFILE, and a cluster ending in f taking the next word', () => {
    expect(ok(create, ['-f', 'g.cfg']).opts).toEqual(['f=g.cfg'])
    expect(ok(create, ['-fg.cfg']).opts).toEqual(['f=g.cfg'])
    expect(ok(create, ['-qf', 'g.cfg']).opts).toEqual(['q', 'f=g.cfg'])
    expect(ok(create, ['-qfg.cfg', 'x']).opts).toEqual(['q', 'f=g.cfg'])
  })

  it('an option argument may start with a dash (-w -1)', () => {
    expect(ok(sched, ['-d', 'g', '-w', '-1']).opts).toEqual(['d=g', 'w=-1'])
  })

  it('long options: --name=value, --name value, unique prefixes, no-argument ones', () => {
    expect(ok(create, ['--defconfig=g.cfg']).opts).toEqual(['f=g.cfg'])
    expect(ok(create, ['--defconfig', 'g.cfg']).opts).toEqual(['f=g.cfg'])
    expect(ok(create, ['--defc=g.cfg']).opts).toEqual(['f=g.cfg'])
    expect(ok(create, ['--quiet', '--dryrun', '--ignore-global-affinity-masks']).opts).toEqual(['q', 'n', 'i'])
  })

  it('options after arguments (getopt_long permutes), "--" ends them', () => {
    expect(ok(spec('list'), ['g', '-l'])).toEqual({opts: ['l'], args: ['g']})
    expect(ok(spec('list'), ['--', '-l'])).toEqual({opts: [], args: ['-l']})
    expect(ok(spec('list'), ['-'])).toEqual({opts: [], args: ['-']})
  })

  it('-h and --help ask for help, wherever they are', () => {
    expect(getopt(create, ['g.cfg', '-h']).kind).toBe('help')
    expect(getopt(create, ['--help']).kind).toBe('help')
    expect(getopt(create, ['-qh']).kind).toBe('help')
    expect(getopt(spec('pause'), ['--he']).kind).toBe('help')
  })

  it('an unknown short option: its letter (def_getopt prints it with %c)', () => {
    expect(getopt(create, ['-z'])).toEqual({kind: 'bad-option', optopt: 'z'})
    expect(getopt(spec('mem-set'), ['g', '-1'])).toEqual({kind: 'bad-option', optopt: '1'})
  })

  it('an unknown or ambiguous long option: optopt 0', () => {
    expect(getopt(spec('list'), ['--bogus'])).toEqual({kind: 'bad-option', optopt: ''})
    // --vncviewer and --vncviewer-autopass: "--vnc" is ambiguous.
    expect(getopt(create, ['--vnc'])).toEqual({kind: 'bad-option', optopt: ''})
  })

  it('a missing option argument: the letter (getopt returns ? with optopt set)', () => {
    expect(getopt(create, ['-f'])).toEqual({kind: 'bad-option', optopt: 'f'})
    expect(getopt(create, ['--defconfig'])).toEqual({kind: 'bad-option', optopt: 'f'})
    expect(getopt(sched, ['-d'])).toEqual({kind: 'bad-option', optopt: 'd'})
  })

  it('a value given to a long option that takes none: its val', () => {
    expect(getopt(create, ['--quiet=1'])).toEqual({kind: 'bad-option', optopt: 'q'})
  })

  it('"requires at least N arguments", counted after the options', () => {
    expect(getopt(spec('vcpu-pin'), ['g', '0'])).toEqual({kind: 'too-few', required: 3})
    expect(getopt(spec('pause'), [])).toEqual({kind: 'too-few', required: 1})
    expect(getopt(spec('pause'), ['-z'])).toEqual({kind: 'bad-option', optopt: 'z'})
  })

  it("xlsim's --state FILE on every command, --json where asked for; --state without a file", () => {
    expect(ok(spec('list'), ['--state', 'h.db', '--json'], {json: true}).opts).toEqual(['state=h.db', 'json'])
    expect(getopt(spec('pause'), ['--json', 'g'])).toEqual({kind: 'bad-option', optopt: ''})
    expect(ok(spec('list'), ['--state=h.db']).opts).toEqual(['state=h.db'])
    expect(getopt(spec('list'), ['--state'])).toEqual({kind: 'missing-arg', option: '--state'})
  })

  it('Options reads the switch back: last value wins, repeats are counted', () => {
    const o = new Options([{opt: 'w'}, {opt: 'f', arg: 'a'}, {opt: 'w'}, {opt: 'f', arg: 'b'}])
    expect([o.has('w'), o.count('w'), o.arg('f'), o.has('x'), o.arg('x')]).toEqual([true, 2, 'b', false, undefined])
  })
})
