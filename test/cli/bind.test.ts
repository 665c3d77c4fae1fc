// The fast path's flag binder against oclif's own parser: same values, same
// refusals with the same words, for the shapes xl commands use.
import {Args, Command, Flags} from '@oclif/core'
import {describe, expect, it} from 'vitest'
import {bindArgv, UsageError} from '../../src/cli/bind.js'
import {arg, defineCommand, flag} from '../../src/cli/command-def.js'
import {oclifCommand} from '../../src/cli/oclif-command.js'
import {failureOf, usageLine} from '../../src/cli/run-def.js'

const def = defineCommand({
  summary: 'test',
  json: true,
  flags: {
    all: flag.boolean({char: 'a'}),
    wait: flag.boolean({char: 'w'}),
    name: flag.string({char: 'n'}),
    arch: flag.string({options: ['x86_64', 'arm64'], default: 'arm64'}),
    cpus: flag.integer({min: 1, max: 4096, default: 4}),
    seed: flag.integer({}),
  },
  args: {domain: arg({required: true, description: 'Domain'}), vcpu: arg({description: 'VCPU'})},
  run: () => undefined,
})

const loose = defineCommand({summary: 'loose', strict: false, args: {file: arg({})}, run: () => undefined})

/** What oclif's parser makes of the same argv, through the class oclifCommand builds. */
async function oclifParse(d: typeof def | typeof loose, argv: string[]): Promise<{flags: Record<string, unknown>; args: Record<string, unknown>; argv: unknown[]} | {error: string}> {
  const C = oclifCommand(d) as unknown as typeof Command
  class Probe extends C {
    override async run(): Promise<never> {
      throw Object.assign(new Error('parsed'), {parsed: await this.parse(C)})
    }
  }
  try {
    await new Probe(argv, {root: process.cwd(), bin: 'xl', runHook: async () => ({successes: [], failures: []})} as never).run()
  } catch (e) {
    const parsed = (e as {parsed?: {flags: Record<string, unknown>; args: Record<string, unknown>; argv: unknown[]}}).parsed
    if (parsed) return parsed
    return {error: usageLine((e as Error).message, (e as {flags?: string[]}).flags ?? [])}
  }
  throw new Error('unreachable')
}

function bindLine(d: typeof def | typeof loose, argv: string[]) {
  try {
    return bindArgv(d, argv)
  } catch (e) {
    if (e instanceof UsageError) return {error: failureOf(e).lines[0]}
    throw e
  }
}

describe('bindArgv', () => {
  it('binds booleans, strings, integers, defaults and positionals', () => {
    const b = bindArgv(def, ['-a', '--name=x', '--cpus', '8', 'dom1', '3'])
    expect(b.flags).toMatchObject({all: true, wait: false, name: 'x', cpus: 8, arch: 'arm64', seed: undefined, state: undefined})
    expect(b.args).toEqual({domain: 'dom1', vcpu: '3'})
    expect(b.argv).toEqual(['dom1', '3'])
    expect(b.json).toBe(false)
  })

  it('takes short option values attached or separate, and combined booleans', () => {
    expect(bindArgv(def, ['-nfoo', 'd']).flags.name).toBe('foo')
    expect(bindArgv(def, ['-n', 'foo', 'd']).flags.name).toBe('foo')
    expect(bindArgv(def, ['-n=foo', 'd']).flags.name).toBe('foo')
    expect(bindArgv(def, ['-aw', 'd']).flags).toMatchObject({all: true, wait: true})
  })

  it('treats -- and negative numbers as positionals, and --json as JSON output', () => {
    expect(bindArgv(def, ['--', '-a']).args.domain).toBe('-a')
    expect(bindArgv(def, ['-5']).args.domain).toBe('-5')
    expect(bindArgv(def, ['d', '--json']).json).toBe(true)
    expect(bindArgv(loose, ['f', 'a=1', 'b=2']).argv).toEqual(['f', 'a=1', 'b=2'])
  })

  it('takes --state on every command that does not opt out', () => {
    expect(bindArgv(def, ['--state', '/x.db', 'd']).flags.state).toBe('/x.db')
  })

  const refusals: [string[], string][] = [
    [['--cpus', 'x', 'd'], 'xl: Parsing --cpus: Expected an integer but received: x'],
    [['--cpus', '0', 'd'], 'xl: Parsing --cpus: Expected an integer greater than or equal to 1 but received: 0'],
    [['--cpus', '5000', 'd'], 'xl: Parsing --cpus: Expected an integer less than or equal to 4096 but received: 5000'],
    [['--cpus', '1.5', 'd'], 'xl: Parsing --cpus: Expected an integer but received: 1.5'],
    [['--cpus'], 'xl: Flag --cpus expects a value'],
    [['d', '--name'], 'xl: Flag --name expects a value'],
    [['--name', '--all', 'd'], 'xl: Flag --name expects a value'],
    [['--arch'], 'xl: Flag --arch expects one of these values: x86_64, arm64'],
    [['--arch', 'sparc', 'd'], 'xl: Expected --arch=sparc to be one of: x86_64, arm64'],
    [['--name', 'a', '--name', 'b', 'd'], 'xl: Flag --name can only be specified once'],
    [['--bogus', 'd'], "option `\0' not supported."],
    [['-z', 'd'], "option `z' not supported."],
    [[], 'xl: Missing 1 required arg: domain  Domain'],
    [['d', '1', 'extra'], 'xl: Unexpected argument: extra'],
    [['d', '1', 'x', 'y'], 'xl: Unexpected arguments: x, y'],
  ]
  it.each(refusals)('refuses %j with one line', (argv, line) => {
    expect(bindLine(def, argv)).toEqual({error: line})
  })

  it('refuses hostile values without throwing anything but a usage error', () => {
    for (const v of ['', '\0', '-', '9'.repeat(400), 'ü', '--', '=']) {
      const r = bindLine(def, ['--cpus', v, 'd'])
      expect('error' in r || (r as {flags: {cpus: number}}).flags.cpus >= 1).toBe(true)
    }
  })
})

describe('bindArgv agrees with oclif', () => {
  const lines: string[][] = [
    ['-a', '--name=x', '--cpus', '8', 'dom1', '3'], ['-aw', 'd'], ['-nfoo', 'd'], ['--', '-a'], ['-5'], ['d', '--json'],
    ['--state', '/x.db', 'd'], ['--arch', 'x86_64', 'd'], ['--seed', '-3', 'd'], ['--all=yes', 'd'],
    ...refusalsOf(),
  ]
  function refusalsOf(): string[][] {
    return [['--cpus', 'x', 'd'], ['--cpus', '0', 'd'], ['--cpus'], ['--arch', 'sparc', 'd'], ['--name', 'a', '--name', 'b', 'd'],
      ['--bogus', 'd'], ['-z', 'd'], [], ['d', '1', 'extra']]
  }
  it.each(lines)('%j', async (...argv) => {
    const ours = bindLine(def, argv)
    const theirs = await oclifParse(def, argv)
    if ('error' in theirs || 'error' in ours) {
      expect(ours).toEqual(theirs)
      return
    }
    const b = ours as ReturnType<typeof bindArgv>
    for (const [k, v] of Object.entries(theirs.flags)) if (k !== 'json') expect(b.flags[k], k).toEqual(v)
    for (const [k, v] of Object.entries(b.flags)) if (v !== false && v !== undefined && k !== 'json') expect(theirs.flags[k], k).toEqual(v)
    expect(b.args).toEqual(Object.fromEntries(Object.keys(b.args).map(k => [k, theirs.args[k]])))
    expect(b.argv).toEqual(theirs.argv)
  })

  it('oclif classes built from definitions keep summaries, flags and args', () => {
    const C = oclifCommand(def) as unknown as {summary: string; flags: Record<string, {char?: string; type: string}>; args: Record<string, {required?: boolean}>; enableJsonFlag: boolean}
    expect(C.summary).toBe('test')
    expect(C.enableJsonFlag).toBe(true)
    expect(C.flags.all).toMatchObject({char: 'a', type: 'boolean'})
    expect(C.flags.cpus.type).toBe('option')
    expect(C.flags.state.type).toBe('option')
    expect(C.args.domain.required).toBe(true)
    // Flags and Args are oclif's own builders (the manifest reads them).
    expect(typeof Flags.boolean).toBe('function')
    expect(typeof Args.string).toBe('function')
  })
})
