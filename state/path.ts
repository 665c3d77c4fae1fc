// Where the host lives: --state, then $XLSIM_STATE, then
// $XDG_STATE_HOME/xlsim/host.db (default ~/.local/state/xlsim/host.db).
// An empty $XLSIM_STATE or $XDG_STATE_HOME counts as unset (as the XDG base
// directory spec says of its variables); an empty --state is refused, so a
// script's `--state "$UNSET"` never reaches the user's real host. The path is
// made absolute, so SQLite never reads it as a URI (`file:...`) and a shell
// that changes directory keeps its host.
import {createRequire} from 'node:module'
import {join, resolve} from 'node:path'
import {StateError} from './errors.js'

function checked(path: string, from: string): string {
  if (path === '') throw new StateError(`${from}: empty path; give a state file, or leave --state out for $XLSIM_STATE or the default host`)
  // SQLite's in-memory and temporary databases would be thrown away at exit.
  if (path === ':memory:') throw new StateError(`${from} ${path}: SQLite's in-memory database would lose the host when xl exits; give a state file`)
  if (path.includes('\0')) throw new StateError(`${from}: the path contains a NUL byte`)
  return resolve(path)
}

export function resolveStatePath(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  if (flag !== undefined) return checked(flag, '--state')
  if (env.XLSIM_STATE) return checked(env.XLSIM_STATE, '$XLSIM_STATE')
  // node:os only when $HOME is unset too: every command loads this file.
  const base = env.XDG_STATE_HOME || join(env.HOME || (createRequire(import.meta.url)('node:os') as typeof import('node:os')).homedir(), '.local', 'state')
  return resolve(base, 'xlsim', 'host.db')
}
