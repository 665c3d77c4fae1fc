// The base of xlsim's own commands (commands/): oclif parses their flags and
// prints their help; this class gives them the host session, xl's way of
// printing a failure (one line on stderr, xl's exit code) and --state.
import {Command, Errors, Flags} from '@oclif/core'
import {migrationRecovery, sessionOf, type Ctx} from '../xl/command.js'
import {processIo} from '../xl/main.js'
import {report} from '../xl/report.js'

export const STATE_FLAG = Flags.string({
  description: 'host state file (else $XLSIM_STATE, else $XDG_STATE_HOME/xlsim/host.db)',
  helpValue: '<file>',
})

/** A command without the host (runstate check): printing and failures only. */
export abstract class XlsimBase extends Command {
  /** Text for stdout, exactly as given. */
  protected out(text: string): void {
    process.stdout.write(text)
  }

  /** Lines for stderr. */
  protected warn2(lines: readonly string[]): void {
    process.stderr.write(lines.map(l => `${l}\n`).join(''))
  }

  /** An exit code without failing (a TORN verdict, a failed hypercall). */
  protected setExitCode(code: number): void {
    process.exitCode = code
  }

  protected override async catch(err: Error & {exitCode?: number}): Promise<unknown> {
    if (err instanceof Errors.ExitError) throw err
    // oclif's own parse errors carry their exit code; the runner prints them.
    if ((err as {oclif?: {exit?: number}}).oclif?.exit !== undefined) throw err
    this.exit(report(processIo, err))
  }
}

/** A command on the host: --state FILE and the session. */
export abstract class XlsimCommand extends XlsimBase {
  static override baseFlags = {state: STATE_FLAG}

  /** The host session of this invocation's --state. */
  protected async session(state: string | undefined): Promise<Pick<Ctx, 'host' | 'readHost'>> {
    const opts = {state, warn: (l: string) => void process.stderr.write(`${l}\n`)}
    return sessionOf(opts, await migrationRecovery(opts))
  }
}
