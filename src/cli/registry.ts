// Every command's definition, by oclif command id ("host:init" is `xl host
// init`), loaded only when that command runs. commands/ holds the same
// definitions wrapped as oclif classes; a test checks the two lists agree.
import type {CommandDef} from './command-def.js'

type Loader = () => Promise<{default: CommandDef}>

export const COMMAND_DEFS: Readonly<Record<string, Loader>> = {
  'clock': () => import('../commands/clock/index.js'),
  'clock:advance': () => import('../commands/clock/advance.js'),
  'console': () => import('../commands/console.js'),
  'create': () => import('../commands/create.js'),
  'debug-keys': () => import('../commands/debug-keys.js'),
  'destroy': () => import('../commands/destroy.js'),
  'dmesg': () => import('../commands/dmesg.js'),
  'domid': () => import('../commands/domid.js'),
  'domname': () => import('../commands/domname.js'),
  'guest-stat': () => import('../commands/guest-stat.js'),
  'host:check': () => import('../commands/host/check.js'),
  'host:destroy': () => import('../commands/host/destroy.js'),
  'host:init': () => import('../commands/host/init.js'),
  'host:show': () => import('../commands/host/show.js'),
  'host:snapshot:delete': () => import('../commands/host/snapshot/delete.js'),
  'host:snapshot:list': () => import('../commands/host/snapshot/list.js'),
  'host:snapshot:load': () => import('../commands/host/snapshot/load.js'),
  'host:snapshot:save': () => import('../commands/host/snapshot/save.js'),
  'info': () => import('../commands/info.js'),
  'list': () => import('../commands/list.js'),
  'mem-max': () => import('../commands/mem-max.js'),
  'mem-set': () => import('../commands/mem-set.js'),
  'pause': () => import('../commands/pause.js'),
  'reboot': () => import('../commands/reboot.js'),
  'rename': () => import('../commands/rename.js'),
  'run': () => import('../commands/run.js'),
  'runstate': () => import('../commands/runstate/index.js'),
  'runstate:check': () => import('../commands/runstate/check.js'),
  'runstate:stress': () => import('../commands/runstate/stress.js'),
  'sched-credit': () => import('../commands/sched-credit.js'),
  'sched-credit2': () => import('../commands/sched-credit2.js'),
  'shell': () => import('../commands/shell.js'),
  'shutdown': () => import('../commands/shutdown.js'),
  'top': () => import('../commands/top.js'),
  'unpause': () => import('../commands/unpause.js'),
  'uptime': () => import('../commands/uptime.js'),
  'vcpu-list': () => import('../commands/vcpu-list.js'),
  'vcpu-pin': () => import('../commands/vcpu-pin.js'),
  'vcpu-set': () => import('../commands/vcpu-set.js'),
  'vm-assist': () => import('../commands/vm-assist.js'),
  'workload': () => import('../commands/workload.js'),
}

export function commandIds(): string[] {
  return Object.keys(COMMAND_DEFS)
}
