// Running one command line of the shell or a scenario in this process,
// through the same dispatch as `xl <args>` (src/xl/main.ts, handed in by the
// command that starts the shell, so the shell does not import the dispatcher
// that runs it).
import {existsSync} from 'node:fs'
import {isAbsolute, join} from 'node:path'
import {lookupCommand} from '../xl/lookup.js'

/** src/xl/main.ts dispatch: run one xl command line in this process. */
export type Dispatch = (argv: string[], root: string) => Promise<number>

/** The command word of an argv after xl's global options, as its table name. */
export function commandName(argv: readonly string[]): string | null {
  const word = argv.find(a => !a.startsWith('-'))
  return word === undefined ? null : lookupCommand(word)?.name ?? null
}

/** Run `argv` as `xl argv...`; returns its exit code. */
export async function execLine(argv: string[], root: string, dispatch: Dispatch): Promise<number> {
  if (commandName(argv) === 'shell') {
    process.stderr.write('xl: shell: already in a shell\n')
    return 1
  }
  return dispatch(argv, root)
}

/**
 * A scenario names its guest configs relative to itself: in `create`, the
 * config file (and -f/--defconfig) is looked up next to the scenario first.
 */
export function resolveCreatePaths(argv: readonly string[], baseDir: string, exists: (p: string) => boolean = existsSync): string[] {
  const out = [...argv]
  // The command word: the first word that is neither an option nor --state's value.
  const at = out.findIndex((a, i) => !a.startsWith('-') && out[i - 1] !== '--state')
  if (at < 0 || lookupCommand(out[at])?.name !== 'create') return out
  const local = (p: string) => (!isAbsolute(p) && exists(join(baseDir, p)) ? join(baseDir, p) : p)
  let positional = false
  for (let i = at + 1; i < out.length; i++) {
    const a = out[i]
    if (a === '-f' && i + 1 < out.length) out[i + 1] = local(out[++i])
    else if (a.startsWith('--defconfig=')) out[i] = `--defconfig=${local(a.slice('--defconfig='.length))}`
    else if (a === '--defconfig' && i + 1 < out.length) out[i + 1] = local(out[++i])
    else if (!positional && !a.startsWith('-') && !a.includes('=')) {
      out[i] = local(a)
      positional = true
    }
  }
  return out
}

/**
 * A scenario names other hosts by a bare name (no '/'): `--state host2.db`
 * is the file beside the scenario's own host, as `xl migrate g host2.db`
 * names it (src/xl/migrate.ts), never a file in the current directory.
 */
export function resolveSiblingStates(argv: readonly string[], stateDir: string): string[] {
  const out = [...argv]
  for (let i = 0; i < out.length; i++) {
    if (out[i] === '--state' && i + 1 < out.length && !out[i + 1].includes('/') && out[i + 1] !== '') out[i + 1] = join(stateDir, out[++i])
    else if (out[i].startsWith('--state=') && !out[i].slice(8).includes('/') && out[i].length > 8) out[i] = `--state=${join(stateDir, out[i].slice(8))}`
  }
  return out
}
