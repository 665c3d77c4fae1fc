// xl's global layer in front of oclif (xl.c main): getopt "+vftTN" global
// options, the unique-prefix command lookup, usage/help texts and exit codes,
// then the command's own getopt checks, then the command: bound and run here
// from its definition (src/commands), or by oclif with XLSIM_OCLIF=1 (the
// same definitions as oclif classes; kept as the reference runtime and for
// oclif's tooling). Where oclif's defaults differ from xl, xl wins.
import type {Config} from '@oclif/core'
import {COMMANDS, formatCommandHelp, formatOptionNotSupported, formatRequiresArgs, formatUsage, type CommandSpec} from '../xl/help/index.js'
import {EXTRA_COMMANDS} from './extras.js'
import {xlGetopt} from './getopt.js'
import {padRight} from '../xl/format/printf.js'
import {fileURLToPath} from 'node:url'
import {COMMAND_DEFS} from './registry.js'
import {handOverToOclif, processIo, runDef, type Io} from './run-def.js'
import type {GlobalOptions} from './command-def.js'

export type {Io} from './run-def.js'

const ALL: readonly CommandSpec[] = [...COMMANDS, ...EXTRA_COMMANDS]

/** cmdtable_lookup over xl's table and ours: exact match wins, else a unique prefix. */
export function lookupCommand(word: string): CommandSpec | null {
  let found: CommandSpec | null = null
  let count = 0
  for (const c of ALL) {
    if (!c.name.startsWith(word)) continue
    if (c.name === word) return c
    found = c
    count++
  }
  return count === 1 ? found : null
}

export function usageText(): string {
  const extras = EXTRA_COMMANDS.map(c => ` ${padRight(c.name, 19)} ${c.summary}\n`).join('')
  return `${formatUsage()}\nxlsim commands (beyond real xl):\n\n${extras}`
}

function helpText(word: string): string {
  const extra = EXTRA_COMMANDS.find(c => c.name === lookupCommand(word)?.name)
  if (!extra) return formatCommandHelp(word)
  return `Usage: xl ${extra.name} ${extra.usage}\n\n${extra.summary}.\n\n${extra.options ? `Options:\n\n${extra.options}\n` : ''}`
}

/** getopt(argc, argv, "+vftTN"): stops at the first non-option. */
function parseGlobals(argv: string[], io: Io): {globals: GlobalOptions; rest: string[]} | number {
  const g: GlobalOptions = {verbose: 0, dryRun: false, force: false}
  let i = 0
  for (; i < argv.length; i++) {
    const a = argv[i]
    if (a === '--') {
      i++
      break
    }
    if (!a.startsWith('-') || a === '-') break
    for (const c of a.slice(1)) {
      if (c === 'v') g.verbose++
      else if (c === 'N') g.dryRun = true
      else if (c === 'f') g.force = true
      else if (c === 't' || c === 'T') continue
      else {
        io.stderr(`xl: invalid option -- '${c}'\nunknown global option\n`)
        return 1
      }
    }
  }
  return {globals: g, rest: argv.slice(i)}
}

let configPromise: Promise<Config> | undefined

/** The oclif runtime: loaded only when asked for (XLSIM_OCLIF=1), as importing it costs as much as starting Node. */
async function oclifConfig(dir: string): Promise<Config> {
  configPromise ??= import('@oclif/core').then(({Config}) => Config.load(dir))
  return configPromise
}

function useOclif(): boolean {
  return process.env.XLSIM_OCLIF === '1'
}

/** Run one xl command line; returns the exit code. Usable in-process (xl shell). */
export async function dispatch(argv: string[], dir: string, io: Io = processIo): Promise<number> {
  const parsed = parseGlobals(argv, io)
  if (typeof parsed === 'number') return parsed
  const {globals, rest: [word, ...args]} = parsed
  if (word === undefined) {
    io.stdout(usageText())
    return 1
  }
  if (word === 'help') {
    io.stdout(args[0] === undefined ? usageText() : helpText(args[0]))
    return 0
  }
  const spec = lookupCommand(word)
  if (!spec) {
    io.stderr('command not implemented\n')
    return 1
  }
  if (globals.dryRun && !spec.canDryrun) {
    io.stderr('command does not implement -N (dryrun) option\n')
    return 1
  }
  if (!isCommandOrTopic(spec.name)) {
    io.stderr(`xl: ${spec.name}: command not implemented by xlsim\n`)
    return 1
  }
  let cmdArgs = args
  if (spec.getopt) {
    const r = xlGetopt(spec.getopt, args)
    if (r.kind === 'help') {
      io.stdout(helpText(spec.name))
      return 0
    }
    if (r.kind === 'bad-option' || r.kind === 'missing-arg') {
      io.stderr(formatOptionNotSupported(r.optopt))
      return 2
    }
    if (r.kind === 'too-few') {
      io.stderr(formatRequiresArgs(spec.getopt.helpName, r.required))
      io.stdout(helpText(spec.name))
      return 2
    }
    cmdArgs = r.argv
  } else if (args.some(a => a === '-h' || a === '--help')) {
    io.stdout(helpText(spec.name))
    return 0
  }
  // Topics: "host init" is the command id "host:init".
  let id = spec.name
  while (cmdArgs.length && isCommandOrTopic(`${id}:${cmdArgs[0]}`)) id = `${id}:${cmdArgs.shift()}`
  if (!Object.hasOwn(COMMAND_DEFS, id)) {
    io.stderr(`xl: ${spec.name}: unknown subcommand${cmdArgs[0] ? ` '${cmdArgs[0]}'` : ''}; see xl help ${spec.name}\n`)
    return 2
  }
  if (useOclif()) {
    handOverToOclif(globals)
    return runOclif(await oclifConfig(dir), id, cmdArgs, io)
  }
  const {default: def} = await COMMAND_DEFS[id]()
  return runDef(def, cmdArgs, {globals, root: rootOf(dir), io})
}

function isCommandOrTopic(id: string): boolean {
  return Object.hasOwn(COMMAND_DEFS, id) || Object.keys(COMMAND_DEFS).some(c => c.startsWith(`${id}:`))
}

/** The package root (what oclif calls config.root): from bin/run.js's URL, or given as a path (xl shell). */
function rootOf(dir: string): string {
  return dir.startsWith('file:') ? fileURLToPath(new URL('..', dir)).replace(/\/$/, '') : dir
}

async function runOclif(config: Config, id: string, args: string[], io: Io): Promise<number> {
  const {Errors} = await import('@oclif/core')
  process.exitCode = 0
  try {
    await config.runCommand(id, args)
    return Number(process.exitCode ?? 0)
  } catch (e) {
    const exit = (e as {oclif?: {exit?: number}}).oclif?.exit
    // this.exit(n) has printed what it had to; any other oclif error still owes its one line.
    if (typeof exit === 'number' && e instanceof Errors.ExitError) return exit
    if (typeof exit === 'number') {
      io.stderr(`xl: ${(e as Error).message.replace(/\s*\n\s*/g, ' ')}\n`)
      return exit
    }
    io.stderr(`xl: ${(e as Error).message.split('\n')[0]}\n`)
    return 2
  }
}

export async function main(argv: string[], dir: string): Promise<void> {
  const code = await dispatch(argv, dir)
  process.exitCode = code
}
