// xl's dispatcher (tools/xl/xl.c main): the global options (getopt
// "+vftTN", plus xlsim's --state FILE), `xl help`, the unique-prefix command
// lookup, then the command: a real xl command runs here, getopt once over its
// table entry and then its main (src/xl/<name>.ts); one of xlsim's own
// commands (host, clock, runstate, ...) is an oclif command in commands/,
// run by src/cli/oclif-run.ts, which alone loads @oclif/core.
//
// dispatch(argv, root, io) is also what `xl shell`, `xl run` and the tests
// call to run a command line in this process.
import {fileURLToPath} from 'node:url'
import {cmdtableFor, commands, isImplemented, loadEntry, loadTable, type TableEntry} from './cmdtable.js'
import {storedArch} from '../cli/session.js'
import {lookupCommand} from './lookup.js'
import {formatCommandHelp, formatEntryHelp, formatOptionNotSupported, formatRequiresArgs, formatUsage} from './help/help.js'
import {getopt, Options, type GetoptResult, type Opt} from './getopt.js'
import {sessionOf, type Ctx, type GlobalOptions, type Io, type XlCommand} from './command.js'
import {report} from './report.js'
import {guardStreams} from './streams.js'

export type {Io} from './command.js'

/** Through process.stdout so that `xl shell`'s capture sees in-process output. */
export const processIo: Io = {stdout: t => void process.stdout.write(t), stderr: t => void process.stderr.write(t)}

/** The package root: from bin/run.js's URL, or given as a path (xl shell). */
function rootOf(dir: string): string {
  return dir.startsWith('file:') ? fileURLToPath(new URL('..', dir)).replace(/\/$/, '') : dir
}

interface Globals extends GlobalOptions {
  state: string | undefined
}

/** getopt(argc, argv, "+vftTN"): stops at the first non-option; --state FILE is xlsim's. */
function parseGlobals(argv: readonly string[], io: Io): {globals: Globals; rest: string[]} | number {
  const g: Globals = {verbose: 0, dryRun: false, force: false, tty: false, timestamps: false, state: undefined}
  let i = 0
  for (; i < argv.length; i++) {
    const a = argv[i]
    if (a === '--') {
      i++
      break
    }
    if (a === '--state' || a.startsWith('--state=')) {
      const value = a === '--state' ? argv[++i] : a.slice('--state='.length)
      if (value === undefined) {
        // glibc getopt_long's words for a missing argument; xl.c exits 1 on a bad global option.
        io.stderr("xl: option '--state' requires an argument\n")
        return 1
      }
      g.state = value
      continue
    }
    if (!a.startsWith('-') || a === '-') break
    for (const c of a.slice(1)) {
      if (c === 'v') g.verbose++
      else if (c === 'N') g.dryRun = true
      else if (c === 'f') g.force = true
      else if (c === 't') g.tty = true
      else if (c === 'T') g.timestamps = true
      else {
        io.stderr(`xl: invalid option -- '${c}'\nunknown global option\n`)
        return 1
      }
    }
  }
  return {globals: g, rest: argv.slice(i)}
}

/**
 * xl's table as built for the host's arch (real xl is built per arch: arm64
 * has no save/migrate/restore/remus, no psr-*), read from the state file
 * once and only when asked: most command words do not depend on it.
 */
function builtTable(state: string | undefined): () => readonly TableEntry[] {
  let table: readonly TableEntry[] | undefined
  return () => (table ??= cmdtableFor(storedArch({state})))
}

/** xlsim's --state FILE given after the command word (every command takes it there too). */
function stateAfterWord(args: readonly string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--state') return args[i + 1]
    if (args[i].startsWith('--state=')) return args[i].slice('--state='.length)
  }
  return undefined
}

/** Run one xl command line; returns the exit code. */
export async function dispatch(argv: string[], dir: string, io: Io = processIo): Promise<number> {
  const parsed = parseGlobals(argv, io)
  if (typeof parsed === 'number') return parsed
  const {globals, rest: [word, ...args]} = parsed
  const root = rootOf(dir)
  const built = builtTable(globals.state ?? stateAfterWord(args))
  if (word === undefined) {
    io.stdout(formatUsage(await loadTable(built())))
    return 1
  }
  if (word === 'help') {
    const table = await loadTable(built())
    if (args[0] === undefined || args[0] === 'help') {
      io.stdout(formatUsage(table))
      return 0
    }
    const spec = lookupCommand(args[0], built)
    if (spec && 'xlsim' in spec && spec.xlsim) {
      const {xlsimHelp} = await import('../cli/oclif-run.js')
      return xlsimHelp(root, [spec.name, ...args.slice(1)], io)
    }
    io.stdout(formatCommandHelp(args[0], table))
    return 0
  }
  const found = lookupCommand(word, built)
  if (!found) {
    io.stderr('command not implemented\n')
    return 1
  }
  const spec = await loadEntry(found)
  if (globals.dryRun && !spec.canDryrun) {
    io.stderr('command does not implement -N (dryrun) option\n')
    return 1
  }
  if (spec.xlsim) {
    // One of xlsim's own commands: oclif parses and runs it.
    const {runXlsim} = await import('../cli/oclif-run.js')
    return runXlsim(root, [spec.name, ...args], globals.state, io)
  }
  if (!isImplemented(spec)) {
    io.stderr(`xl: ${spec.name}: command not implemented by xlsim\n`)
    return 1
  }
  return runCommand(spec, args, globals, root, io)
}

/** SWITCH_FOREACH_OPT then the command's main. */
async function runCommand(cmd: XlCommand, argv: string[], globals: Globals, root: string, io: Io): Promise<number> {
  let firstArg: string | undefined
  if (cmd.firstArg && argv.length > 0 && cmd.firstArg(argv[0])) [firstArg, ...argv] = argv
  // help(cmd) prints the entry getopt names: the command's own, or another
  // (main_config_update's "config_update", not found, as in xl), for which
  // the whole table is loaded first; a main asking for another command's
  // help (config-update's help("create")) needs it loaded too.
  const helpName = cmd.getopt?.helpName ?? cmd.name
  const table = helpName === cmd.name ? undefined : await loadTable()
  const help = (name?: string) => {
    const n = name ?? helpName
    io.stdout(n === cmd.name ? formatEntryHelp(cmd) : formatCommandHelp(n, table ?? commands()))
  }
  const r = cmd.getopt ? getopt(cmd.getopt, argv, {json: cmd.json === true}) : withoutGetopt(argv)
  switch (r.kind) {
    case 'help':
      help()
      return 0
    case 'bad-option':
      io.stderr(formatOptionNotSupported(r.optopt))
      return 2
    case 'missing-arg':
      io.stderr(`xl: option '${r.option}' requires an argument\n`)
      return 2
    case 'too-few':
      io.stderr(formatRequiresArgs(cmd.getopt!.helpName, r.required))
      help()
      return 2
  }
  const opts = new Options(r.opts)
  const state = opts.arg('state') ?? globals.state
  const {verbose, dryRun, force, tty, timestamps} = globals
  const c: Ctx = {
    opts, args: r.args, firstArg, globals: {verbose, dryRun, force, tty, timestamps}, json: opts.has('json'), state, root, io,
    ...sessionOf({state, dryRun, toolstack: true, warn: l => io.stderr(`${l}\n`)}),
    out: text => io.stdout(text),
    warn2: lines => io.stderr(lines.map(l => `${l}\n`).join('')),
    printJson: value => io.stdout(`${JSON.stringify(value, null, 2)}\n`),
    help,
  }
  try {
    return (await cmd.main(c)) ?? 0
  } catch (e) {
    return report(io, e as Error)
  }
}

/**
 * A command whose main runs no getopt (main_getenforce and the other
 * xl_flask.c mains read argv[optind] as it comes): only xlsim's own
 * `--state FILE` is taken out of the words.
 */
function withoutGetopt(argv: readonly string[]): GetoptResult {
  const opts: Opt[] = []
  const args: string[] = []
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!
    if (a === '--state' && i + 1 < argv.length) opts.push({opt: 'state', arg: argv[++i]!})
    else if (a.startsWith('--state=')) opts.push({opt: 'state', arg: a.slice('--state='.length)})
    else args.push(a)
  }
  return {kind: 'ok', opts, args}
}

/** bin/run.js: one command line for this process. */
export async function main(argv: string[], dir: string): Promise<void> {
  guardStreams()
  process.exitCode = await dispatch(argv, dir)
}
