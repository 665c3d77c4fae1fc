// A CommandDef as an oclif Command class: what commands/ exports, so oclif's
// manifest, its help and its runtime see every xl command. oclif parses the
// flags here; the command itself runs exactly as on the fast path (runBound),
// so both runtimes print the same bytes and exit with the same codes.
import {Args, Command, Errors, Flags, type Interfaces} from '@oclif/core'
import type {CommandDef, FlagDef} from './command-def.js'
import {flagDefsOf, UsageError} from './bind.js'
import {globalsFromDispatcher, processIo, report, runBound} from './run-def.js'

function oclifFlag(f: FlagDef): Interfaces.Flag<unknown> {
  const common = {char: f.char as never, description: f.description}
  switch (f.kind) {
    case 'boolean':
      return Flags.boolean(common) as Interfaces.Flag<unknown>
    case 'integer':
      return Flags.integer({...common, helpValue: f.helpValue, min: f.min, max: f.max, default: f.default}) as Interfaces.Flag<unknown>
    default:
      return Flags.string({...common, helpValue: f.helpValue, options: f.options ? [...f.options] : undefined, default: f.default}) as Interfaces.Flag<unknown>
  }
}

export function oclifCommand(def: CommandDef): Command.Class {
  const flags = Object.fromEntries(Object.entries(flagDefsOf(def))
    // oclif adds --json itself for enableJsonFlag.
    .filter(([name]) => name !== 'json' || !def.json)
    .map(([name, f]) => [name, oclifFlag(f)]))
  const args = Object.fromEntries(Object.entries(def.args ?? {}).map(([name, a]) => [name, Args.string({required: a.required, description: a.description})]))

  return class extends Command {
    static override summary = def.summary
    static override description = def.description
    static override examples = def.examples ? [...def.examples] : []
    static override strict = def.strict !== false
    static override enableJsonFlag = def.json === true
    static override flags = flags
    static override args = args

    async run(): Promise<void> {
      const pre = def.preprocess?.(this.argv)
      if (pre) this.argv = pre.argv
      const parsed = await this.parse({flags, args, strict: def.strict !== false, enableJsonFlag: def.json === true})
      const bound = {
        // oclif leaves unset booleans undefined; the fast binder says false.
        flags: Object.fromEntries(Object.keys(flags).map(k => [k, parsed.flags[k] ?? (flags[k].type === 'boolean' ? false : undefined)])),
        args: parsed.args as Record<string, string | undefined>,
        argv: parsed.argv as string[],
        json: this.jsonEnabled(),
      }
      const code = await runBound(def, bound, {globals: globalsFromDispatcher(), root: this.config.root, io: processIo, counts: pre?.counts})
      if (code !== 0) this.exit(code)
    }

    protected override async catch(err: Error & {exitCode?: number}): Promise<unknown> {
      if (err instanceof Errors.ExitError) throw err
      const parseError = err.constructor?.name?.endsWith('Error') && 'parse' in err
      if (parseError || err instanceof Errors.CLIError) this.exit(report(processIo, new UsageError(err.message, (err as {flags?: string[]}).flags ?? [])))
      throw err
    }
  }
}
