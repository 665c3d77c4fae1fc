// Every command's definition, by oclif command id ("host:init" is `xl host
// init`), loaded only when that command runs. commands/ holds the same
// definitions wrapped as oclif classes; a test checks the two lists agree.
import type {CommandDef} from './command-def.js'

type Loader = () => Promise<{default: CommandDef}>

export const COMMAND_DEFS: Readonly<Record<string, Loader>> = {
  'create': () => import('../commands/create.js'),
  'debug-keys': () => import('../commands/debug-keys.js'),
  'dmesg': () => import('../commands/dmesg.js'),
  'list': () => import('../commands/list.js'),
  'reboot': () => import('../commands/reboot.js'),
  'sched-credit': () => import('../commands/sched-credit.js'),
  'sched-credit2': () => import('../commands/sched-credit2.js'),
  'shutdown': () => import('../commands/shutdown.js'),
}

export function commandIds(): string[] {
  return Object.keys(COMMAND_DEFS)
}
