// Runs a bound command and turns whatever it throws into xl's behaviour: one
// line on stderr and xl's exit code; JSON results printed the way oclif
// prints them. Shared by both runtimes (fast dispatcher and oclif adapter).
import {XlError} from '../libxl/errors.js'
import {StateError} from '../../state/errors.js'
import {HypervisorError} from '../hypervisor/errno.js'
import {bindArgv, UsageError, type Bound} from './bind.js'
import {readHost, withHost, type SessionOptions} from './session.js'
import type {CommandDef, GlobalOptions, Invocation} from './command-def.js'

export interface Io {
  stdout(text: string): void
  stderr(text: string): void
}

/** Through process.stdout so that `xl shell`'s capture sees in-process output. */
export const processIo: Io = {stdout: t => void process.stdout.write(t), stderr: t => void process.stderr.write(t)}

export interface RunContext {
  globals: GlobalOptions
  root: string
  io: Io
  counts?: Record<string, number>
}

/** The fast path: bind the command line to the definition, then run it; returns the exit code. */
export async function runDef(def: CommandDef, argv: string[], ctx: RunContext): Promise<number> {
  const pre = def.preprocess?.(argv)
  let bound: Bound
  try {
    bound = bindArgv(def, pre ? pre.argv : argv)
  } catch (e) {
    return report(ctx.io, e as Error)
  }
  return runBound(def, bound, {...ctx, counts: pre?.counts})
}

/** Run a command with already-bound flags and args; returns the exit code. */
export async function runBound(def: CommandDef, bound: Bound, ctx: RunContext): Promise<number> {
  let exitCode = 0
  const session: SessionOptions = {state: bound.flags.state as string | undefined, dryRun: ctx.globals.dryRun, warn: l => ctx.io.stderr(`${l}\n`)}
  const inv: Invocation<never, never> & {counts: Record<string, number>} = {
    flags: bound.flags as never,
    args: bound.args as never,
    argv: bound.argv,
    json: bound.json,
    globals: ctx.globals,
    root: ctx.root,
    counts: ctx.counts ?? {},
    host: fn => withHost(session, fn),
    readHost: fn => readHost(session, fn),
    out: text => ctx.io.stdout(text),
    warn2: lines => ctx.io.stderr(lines.map(l => `${l}\n`).join('')),
    setExitCode: code => void (exitCode = code),
  }
  try {
    const result = await def.run(inv as never)
    // oclif's logJson: pretty JSON (no colours off a terminal) and a newline.
    if (bound.json && result !== undefined) ctx.io.stdout(`${JSON.stringify(result, null, 2)}\n`)
    return exitCode
  } catch (e) {
    return report(ctx.io, e as Error)
  }
}

/** Print what a failure means on stderr (each line cut if huge); returns its exit code. */
export function report(io: Io, err: Error): number {
  const failure = failureOf(err)
  io.stderr(failure.lines.map(l => `${clip(l)}\n`).join(''))
  return failure.code
}

/** What a thrown error means to an xl user: the lines to print and the exit code. */
export function failureOf(err: Error): {lines: readonly string[]; code: number} {
  if (err instanceof XlError) return {lines: err.lines, code: err.exitCode}
  if (err instanceof StateError) return {lines: [`xl: ${err.message}`], code: 1}
  if (err instanceof HypervisorError) return {lines: [`xl: ${err.message} (rc=${err.rc})`], code: 1}
  if (err instanceof UsageError) return {lines: [usageLine(err.message, err.nonExistent)], code: 2}
  if (process.env.XLSIM_DEBUG) throw err
  return {lines: [`xl: internal error: ${err.message}`], code: 70}
}

/**
 * A command-line mistake as one line. For a flag that does not exist real
 * xl's def_getopt prints "option `%c' not supported." with optopt, which is 0
 * for a long option, so real xl prints a NUL between the quotes.
 */
export function usageLine(message: string, nonExistent: readonly string[] = []): string {
  if (nonExistent.length > 0) {
    const flag = nonExistent[0]
    return `option \`${/^-[^-]/.test(flag) ? flag[1] : '\0'}' not supported.`
  }
  return `xl: ${oneLine(message)}`
}

function oneLine(message: string): string {
  const parts = message.replace(/\nSee more help with --help/g, '').split('\n').map(l => l.trim()).filter(Boolean)
  // "Missing 1 required arg:" + "domain  Domain" reads as one sentence.
  return parts.reduce((acc, p) => (acc === '' ? p : acc.endsWith(':') ? `${acc} ${p}` : `${acc}: ${p}`), '')
}

/** An error line that echoes a huge argument is cut so the message stays readable. */
function clip(line: string): string {
  return line.length <= 1024 ? line : `${line.slice(0, 160)}...(${line.length - 220} bytes)...${line.slice(-60)}`
}

/**
 * xl's global options for a command oclif runs (XLSIM_OCLIF=1): oclif's
 * runCommand takes only argv, so the dispatcher leaves them here for the
 * oclif adapter to pick up. The fast path passes them in RunContext.
 */
let oclifGlobals: GlobalOptions = {dryRun: false, force: false, verbose: 0}

export function handOverToOclif(g: GlobalOptions): void {
  oclifGlobals = g
}

export function globalsFromDispatcher(): GlobalOptions {
  return oclifGlobals
}
