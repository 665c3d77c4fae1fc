// Where the host lives: --state, then $XLSIM_STATE, then
// $XDG_STATE_HOME/xlsim/host.db (default ~/.local/state/xlsim/host.db).
import {homedir} from 'node:os'
import {join} from 'node:path'

export function resolveStatePath(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  if (flag) return flag
  if (env.XLSIM_STATE) return env.XLSIM_STATE
  const base = env.XDG_STATE_HOME || join(env.HOME || homedir(), '.local', 'state')
  return join(base, 'xlsim', 'host.db')
}
