// Pieces of the boot log both arches print (xen/common/sched/*.c, console.c).
import type {Host} from '../host.js'
import {formatRanges} from '../domain.js'

export const BUILD_ID = '5f3c1e0a9b7d2c4e6f8091a2b3c4d5e6f7a8b9c0'
export const COMPILE_DATE = 'Tue Nov  3 12:00:00 UTC 2026'

export function schedulerBoot(host: Host): string[] {
  if (host.config.sched === 'credit') return ['Using scheduler: SMP Credit Scheduler (credit)']
  // rt_init() and null_init() (xen/common/sched/rt.c, null.c).
  const experimental = ['WARNING: This is experimental software in development.', 'Use at your own risk.']
  if (host.config.sched === 'rtds') return ['Using scheduler: SMP RTDS Scheduler (rtds)', 'Initializing RTDS scheduler', ...experimental]
  if (host.config.sched === 'null') return ['Using scheduler: null Scheduler (null)', 'Initializing null scheduler', ...experimental]
  return ['Using scheduler: SMP Credit Scheduler rev2 (credit2)', ...credit2Init()]
}

function credit2Init(): string[] {
  return [
    'Initializing Credit2 scheduler',
    ' load_precision_shift: 18',
    ' load_window_shift: 30',
    ' underload_balance_tolerance: 0',
    ' overload_balance_tolerance: -3',
    ' runqueues arrangement: socket',
    ' cap enforcement granularity: 10ms',
    'load tracking window length 1073741824 ns',
  ]
}

/** Cpupool 0 is set up after the CPUs are brought up. */
export function cpupoolBoot(host: Host): string[] {
  const lines = ['Scheduling granularity: cpu, 1 CPU per sched-resource']
  if (host.config.sched === 'credit2') {
    lines.push(...credit2Init())
    for (let cpu = 0; cpu < host.config.cpus; cpu++) {
      lines.push(`Adding cpu ${cpu} to runqueue 0`)
      if (cpu === 0) lines.push(' First cpu on runqueue, activating')
    }
  }
  return lines
}

export function allCpus(host: Host): string {
  return formatRanges(Array.from({length: host.config.cpus}, (_, i) => i))
}

export function loglevelTail(): string[] {
  return [
    'Std. Loglevel: All',
    'Guest Loglevel: All',
    "*** Serial input to DOM0 (type 'CTRL-a' three times to switch input)",
  ]
}
