// PLACEHOLDER (issue A): the scheduler's part of debug key 'r'. Issue B's
// scheduler replaces this with real run queue contents.
import type {Host} from '../host.js'

export function runqueueDump(host: Host): string[] {
  return host.config.sched === 'credit2'
    ? ['Scheduler: SMP Credit Scheduler rev2 (credit2)', 'Active queues: 1', '\tdefault-weight     = 256']
    : ['Scheduler: SMP Credit Scheduler (credit)', 'info:', `\tncpus              = ${host.config.cpus}`]
}
