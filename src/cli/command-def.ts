// What an xl command is, without any CLI framework: its flags and arguments
// as data, and a run function over bound values. Both runtimes use the same
// definition: xl's own dispatcher binds flags itself (src/cli/bind.ts; the
// fast path every invocation takes), and src/cli/oclif-command.ts turns a
// definition into an oclif Command class for oclif's manifest and runtime.
// Keeping oclif out of this module is what keeps `import @oclif/core` (as
// slow as starting Node itself) off the start-up path.
import type {Host} from '../hypervisor/host.js'

export interface BooleanFlagDef {
  kind: 'boolean'
  char?: string
  description?: string
}

export interface StringFlagDef {
  kind: 'string'
  char?: string
  description?: string
  helpValue?: string
  /** The only values accepted. */
  options?: readonly string[]
  default?: string
}

export interface IntegerFlagDef {
  kind: 'integer'
  char?: string
  description?: string
  helpValue?: string
  min?: number
  max?: number
  default?: number
}

export type FlagDef = BooleanFlagDef | StringFlagDef | IntegerFlagDef

export interface ArgDef {
  description?: string
  required?: boolean
}

export type FlagDefs = Record<string, FlagDef>
export type ArgDefs = Record<string, ArgDef>

/** The bound value of each flag: booleans always, others when given or defaulted. */
export type FlagValues<F extends FlagDefs> = {
  [K in keyof F]: F[K] extends BooleanFlagDef ? boolean
    : F[K] extends {kind: 'integer'; default: number} ? number
    : F[K] extends {kind: 'string'; default: string} ? string
    : F[K] extends IntegerFlagDef ? number | undefined
    : string | undefined
}

export type ArgValues<A extends ArgDefs> = {
  [K in keyof A]: A[K] extends {required: true} ? string : string | undefined
}

/** Global options of xl (xl.c: -v, -N, -f) for this invocation. */
export interface GlobalOptions {
  dryRun: boolean
  force: boolean
  verbose: number
}

/** Everything a command's run function gets. */
export interface Invocation<F extends FlagDefs, A extends ArgDefs> {
  flags: FlagValues<F> & {state: string | undefined}
  args: ArgValues<A>
  /** Every positional argument in order (the named args first). */
  argv: string[]
  /** --json given (commands that declare json: true). */
  json: boolean
  globals: GlobalOptions
  /** The package root (for commands that run other commands in-process). */
  root: string
  /** Run fn against the host in one transaction (the --state file). */
  host<T>(fn: (host: Host) => T): T
  /** Run fn against a snapshot of the host, for commands that only look (never waits for a writer; works on a read-only file). */
  readHost<T>(fn: (host: Host) => T): T
  /** Text for stdout, exactly as given. */
  out(text: string): void
  /** Lines for stderr. */
  warn2(lines: readonly string[]): void
  /** Set the exit code without failing (e.g. a TORN verdict). */
  setExitCode(code: number): void
}

export interface CommandDef<F extends FlagDefs = FlagDefs, A extends ArgDefs = ArgDefs> {
  summary: string
  description?: string
  examples?: readonly string[]
  flags?: F
  args?: A
  /** Extra positional arguments allowed beyond the named ones. */
  strict?: boolean
  /** Accept --json; a non-undefined return value is then printed as JSON. */
  json?: boolean
  /** The command manages its own state file handling (no --state flag). */
  noState?: boolean
  /** Rewrite argv before binding (xl options that repeat, like -w -w). */
  preprocess?(argv: string[]): {argv: string[]; counts?: Record<string, number>}
  run(inv: Invocation<F, A> & {counts: Record<string, number>}): unknown | Promise<unknown>
}

/** Identity, for type inference of flags and args from the literal. */
export function defineCommand<F extends FlagDefs = Record<never, FlagDef>, A extends ArgDefs = Record<never, ArgDef>>(def: CommandDef<F, A>): CommandDef<F, A> {
  return def
}

export const flag = {
  boolean: <D extends Omit<BooleanFlagDef, 'kind'>>(d: D) => ({kind: 'boolean' as const, ...d}),
  string: <D extends Omit<StringFlagDef, 'kind'>>(d: D) => ({kind: 'string' as const, ...d}),
  integer: <D extends Omit<IntegerFlagDef, 'kind'>>(d: D) => ({kind: 'integer' as const, ...d}),
}

export const arg = <D extends ArgDef>(d: D): D => d

/** The flag every command that touches the host takes. */
export const STATE_FLAG: StringFlagDef = {
  kind: 'string',
  description: 'host state file (else $XLSIM_STATE, else $XDG_STATE_HOME/xlsim/host.db)',
  helpValue: '<file>',
}
