// The runtime of xlsim's own commands (commands/, oclif classes): loaded
// only when one of them runs, as importing @oclif/core costs about as much as
// starting Node. Topics are words ("xl host snapshot save"); --help or -h
// anywhere before "--" shows oclif's help of the command or topic.
import {Config, Errors, loadHelpClass} from '@oclif/core'
import type {Io} from '../xl/command.js'
import {xlsimId, xlsimManifest} from './xlsim-table.js'

const configs = new Map<string, Promise<Config>>()

function config(root: string): Promise<Config> {
  let c = configs.get(root)
  if (!c) configs.set(root, (c = Config.load(root)))
  return c
}

function helpAsked(argv: readonly string[]): boolean {
  for (const a of argv) {
    if (a === '--') return false
    if (a === '--help' || a === '-h') return true
  }
  return false
}

/** oclif's help of a command or topic, on stdout; exit 0. */
export async function xlsimHelp(root: string, words: readonly string[], _io: Io): Promise<number> {
  const cfg = await config(root)
  const {id} = xlsimId(root, words)
  const Help = await loadHelpClass(cfg)
  await new Help(cfg, cfg.pjson.oclif.helpOptions).showHelp(id.split(':'))
  return 0
}

/** Run `name words... flags...`; global --state (before the command word) reaches commands that take --state. */
export async function runXlsim(root: string, argv: readonly string[], state: string | undefined, io: Io): Promise<number> {
  const {id, rest} = xlsimId(root, argv)
  const command = xlsimManifest(root).commands[id]
  if (helpAsked(rest)) return xlsimHelp(root, argv, io)
  if (!command) {
    if (rest.length === 0) return xlsimHelp(root, argv, io)
    io.stderr(`xl: ${id.replace(/:/g, ' ')}: unknown subcommand '${rest[0]}'; see xl help ${id.replace(/:/g, ' ')}\n`)
    return 2
  }
  const args = state !== undefined && command.flags?.state ? [`--state=${state}`, ...rest] : [...rest]
  const cfg = await config(root)
  process.exitCode = 0
  try {
    await cfg.runCommand(id, args)
    return Number(process.exitCode ?? 0)
  } catch (e) {
    const exit = (e as {oclif?: {exit?: number}}).oclif?.exit
    // this.exit(n) has printed what it had to; any other oclif error (a bad flag) still owes its one line.
    if (e instanceof Errors.ExitError) return exit ?? 1
    if (typeof exit === 'number') {
      io.stderr(`xl: ${oneLine((e as Error).message)}\n`)
      return exit
    }
    if (process.env.XLSIM_DEBUG) throw e
    io.stderr(`xl: internal error: ${(e as Error).message.split('\n')[0]}\n`)
    return 70
  } finally {
    process.exitCode = undefined
  }
}

/** oclif's several-line parse errors ("Missing 1 required arg:\ndomain  Domain\nSee more help with --help") as one line. */
function oneLine(message: string): string {
  const parts = message.replace(/\nSee more help with --help/g, '').split('\n').map(l => l.trim()).filter(Boolean)
  return parts.reduce((acc, p) => (acc === '' ? p : acc.endsWith(':') ? `${acc} ${p}` : `${acc}: ${p}`), '')
}
