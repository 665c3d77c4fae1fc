// What a real xl command is: its xl_cmdtable.c entry (name, summary, usage,
// option help, getopt string and long options) and its main_*(), in one
// file per command (src/xl/<name>.ts). The dispatcher (src/xl/main.ts) has
// already run getopt over the command line when main is called.
import type {Host} from '../hypervisor/host.js'
import {readHost, withHost, type SessionOptions} from '../cli/session.js'
import type {GetoptSpec, Options} from './getopt.js'
import {recoverMigrations} from './migrate-recovery.js'

export interface CommandSpec {
  name: string
  /** Accepts the global -N (dry run). */
  canDryrun: boolean
  /** Accepts the global -f (shown as [-vtTf...] in help). */
  modifies: boolean
  /** cmd_desc */
  summary: string
  /** cmd_usage (null = absent in the table) */
  usage: string | null
  /** cmd_option (null = absent: no "Options:" section) */
  options: string | null
  /** null = the command does not parse options (getenforce, setenforce, loadpolicy). */
  getopt: GetoptSpec | null
  /** One of xlsim's own commands (an oclif command in commands/), not in xl's table. */
  xlsim?: true
}

export interface Io {
  stdout(text: string): void
  stderr(text: string): void
}

/** Global options of xl (xl.c main: getopt "+vftTN") for this invocation. */
export interface GlobalOptions {
  dryRun: boolean
  force: boolean
  verbose: number
  /** -t: progress_use_cr (passed on to the receiver of a migration). */
  tty: boolean
  /** -T: timestamps (passed on to the receiver of a migration). */
  timestamps: boolean
}

/** Everything a command's main gets. */
export interface Ctx {
  /** The options getopt returned, in order. */
  opts: Options
  /** The arguments left after the options (argv + optind). */
  args: string[]
  /** The argument taken before getopt (XlCommand.firstArg). */
  firstArg: string | undefined
  globals: GlobalOptions
  /** --json (xlsim's): print JSON instead of xl's text. */
  json: boolean
  /** --state FILE (xlsim's), before or after the command word. */
  state: string | undefined
  /** The package root (commands that run other commands in-process). */
  root: string
  io: Io
  /** Run fn against the host in one transaction (saved unless -N). */
  host<T>(fn: (host: Host) => T): T
  /** Run fn against the host for reading only. */
  readHost<T>(fn: (host: Host) => T): T
  out(text: string): void
  /** Lines for stderr. */
  warn2(lines: readonly string[]): void
  /** A value as JSON on stdout (pretty, two spaces, as oclif's logJson). */
  printJson(value: unknown): void
  /** help(cmd) on stdout, as xl prints it for a usage error (another command's: help("create") in main_config_update). */
  help(name?: string): void
}

/** A command's main: returns xl's exit code (undefined: 0); XlError etc. thrown end it with one line. */
export type Main = (c: Ctx) => number | void | Promise<number | void>

/** A table entry with the command's main: xlsim implements it. */
export interface XlCommand extends CommandSpec {
  /** null: main takes argv as it comes (xl_flask.c's mains run no getopt); only xlsim's --state is taken out. */
  getopt: GetoptSpec | null
  /** An argument main_*() takes before getopt runs (main_create's config file): taken when this says so. */
  firstArg?: (arg: string) => boolean
  /** Takes xlsim's --json (prints a table or a record). */
  json?: true
  main: Main
}

/** Identity, for checking a command file's literal. */
export function xlCommand(c: XlCommand): XlCommand {
  return c
}

/** The session functions a command reaches the state through (one module: src/cli/session.ts). */
export function sessionOf(opts: SessionOptions): Pick<Ctx, 'host' | 'readHost'> {
  // A migration whose process died is finished or undone first (migrate-recovery.ts).
  const recover = () => {
    if (!opts.dryRun) recoverMigrations(opts, opts.warn ?? (l => process.stderr.write(`${l}\n`)))
  }
  return {
    host: fn => (recover(), withHost(opts, fn)),
    readHost: fn => (recover(), readHost(opts, fn)),
  }
}

/** COMMON_LONG_OPTS plus a command's own long options. */
export function longOpts(...more: [name: string, hasArg: boolean, val: string | null][]): GetoptSpec['long'] {
  return [{name: 'help', hasArg: false, val: 'h'}, ...more.map(([name, hasArg, val]) => ({name, hasArg, val}))]
}
