// `xl guest-stat`: the guest's /proc/stat cpu lines and a top-like summary.
import type {CpuStat} from '../guest/procstat.js'
import {STAT_FIELDS, stealAccountingOf, type StealAccounting} from '../guest/procstat.js'
import type {Domain} from '../hypervisor/domain.js'

export function formatProcStat(stats: CpuStat[]): string {
  const online = stats.filter(s => s.online)
  const sum = STAT_FIELDS.map(f => online.reduce((a, s) => a + s.ticks[f], 0))
  const lines = [`cpu  ${sum.join(' ')}`]
  for (const s of online) lines.push(`cpu${s.cpu} ${STAT_FIELDS.map(f => s.ticks[f]).join(' ')}`)
  return lines.join('\n') + '\n'
}

const MODES: Record<StealAccounting, string> = {
  'steal-clock': 'steal clock',
  'steal-clock-ticks': 'steal clock, in whole ticks',
  'stolen-ticks': 'tick-based stolen ticks (Linux 4.6 x86)',
  'none': 'none (the /proc/stat total falls behind uptime by the time the vCPUs waited)',
}

const pct = (x: number) => x.toFixed(1).padStart(5)

export function formatTopSummary(d: Domain, stats: CpuStat[]): string {
  const g = d.guest
  const head = `\nCPU   %us   %sy   %id   %wa   %st        steal clock(ns)     steal accounted(ns)  rq clock_task lag(ns)\n`
  const rows = stats.filter(s => s.online).map(s =>
    `${String(s.cpu).padEnd(3)}${pct(s.pct.user + s.pct.nice)} ${pct(s.pct.system)} ${pct(s.pct.idle)} ${pct(s.pct.iowait)} ${pct(s.pct.steal)} ` +
    `${String(s.stealClockNs).padStart(22)} ${String(s.stealAccountedNs).padStart(23)} ${String(s.rqClockNs - s.rqClockTaskNs).padStart(22)}\n`).join('')
  const mode = MODES[stealAccountingOf(g)]
  return head + rows +
    `\nsteal accounting: ${mode}; runqueue steal time: ${g.stealRqEnabled ? 'enabled' : 'disabled'}` +
    `${g.paravirtTimeAccounting ? '' : ' (CONFIG_PARAVIRT_TIME_ACCOUNTING off)'}\n`
}
