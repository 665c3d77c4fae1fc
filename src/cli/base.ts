// The base of every xl command: the --state flag, one-line errors with xl's
// exit codes, and exact-byte output (no trailing-newline games).
import {Command, Errors, Flags} from '@oclif/core'
import {XlError} from '../toolstack/errors.js'
import {StateError} from '../../state/errors.js'
import {HypervisorError} from '../hypervisor/errno.js'
import {withHost, type SessionOptions} from './session.js'
import type {Host} from '../hypervisor/host.js'

export abstract class XlCommand extends Command {
  static override baseFlags = {
    state: Flags.string({description: 'host state file (else $XLSIM_STATE, else $XDG_STATE_HOME/xlsim/host.db)', helpValue: '<file>'}),
  }

  /** The session options for this invocation (set by run before exec). */
  protected session: SessionOptions = {}

  /** Text for stdout, exactly as given. */
  protected out(text: string): void {
    process.stdout.write(text)
  }

  /** Lines for stderr. */
  protected warn2(lines: string[]): void {
    for (const l of lines) process.stderr.write(`${l}\n`)
  }

  protected host<T>(fn: (host: Host) => T): T {
    return withHost(this.session, fn)
  }

  protected setState(state: string | undefined): void {
    this.session = {state}
  }

  protected override async catch(err: Error & {exitCode?: number}): Promise<unknown> {
    if (err instanceof XlError) return this.fail(err.lines, err.exitCode)
    if (err instanceof StateError) return this.fail([`xl: ${err.message}`], 1)
    if (err instanceof HypervisorError) return this.fail([`xl: ${err.message} (rc=${err.rc})`], 1)
    if (err instanceof Errors.ExitError) throw err
    if (isParseError(err)) return this.fail([parseErrorLine(err)], 2)
    // Other oclif usage errors (a flag value it could not parse): one line, exit 2.
    if ((err as Error) instanceof Errors.CLIError) return this.fail([`xl: ${oneLine((err as Error).message)}`], 2)
    if (process.env.XLSIM_DEBUG) throw err
    return this.fail([`xl: internal error: ${(err as Error).message}`], 70)
  }

  private fail(lines: string[], code: number): never {
    this.warn2(lines.map(clip))
    this.exit(code)
  }
}

/** An error line that echoes a huge argument is cut so the message stays readable. */
function clip(line: string): string {
  return line.length <= 1024 ? line : `${line.slice(0, 160)}...(${line.length - 220} bytes)...${line.slice(-60)}`
}

function oneLine(message: string): string {
  return message.replace(/\nSee more help with --help/g, '').split('\n').map(l => l.trim()).filter(Boolean).join(': ')
}

function isParseError(err: Error): err is Error & {flags?: string[]; args?: string[]} {
  return err.constructor?.name?.endsWith('Error') && 'parse' in err
}

/**
 * Real xl's def_getopt: "option `%c' not supported." with optopt; for a long
 * option optopt is 0, so real xl prints a NUL between the quotes.
 */
function parseErrorLine(err: Error & {flags?: string[]; args?: string[]}): string {
  if (err.flags && err.flags.length > 0) {
    const flag = err.flags[0]
    const ch = /^-[^-]/.test(flag) ? flag[1] : '\0'
    return `option \`${ch}' not supported.`
  }
  return `xl: ${oneLine(err.message)}`
}
