import {fmtInt, fmtZero, padLeft, padRight} from './printf.js'
import type {UptimeOptions, UptimeRow} from './types.js'

/** xl's uptime_to_string (xl_info.c). */
export function uptimeToString(uptimeSeconds: number, short: boolean): string {
  let up = Math.trunc(uptimeSeconds) >>> 0 // uint32_t
  const day = Math.trunc(up / 86400)
  up -= day * 86400
  const hour = Math.trunc(up / 3600)
  up -= hour * 3600
  const min = Math.trunc(up / 60)
  up -= min * 60
  const sec = up
  const hm = padLeft(String(hour), 2) + ':' + fmtZero(min, 2)
  const tail = short ? hm : hm + ':' + fmtZero(sec, 2)
  if (day > 1) return `${day} days, ${tail}`
  if (day === 1) return `${day} day, ${tail}`
  return tail
}

/** Local time as `%H:%M:%S` (what `xl uptime -s` prints first). */
export function formatClock(d: Date): string {
  return `${fmtZero(d.getHours(), 2)}:${fmtZero(d.getMinutes(), 2)}:${fmtZero(d.getSeconds(), 2)}`
}

/**
 * `xl uptime` / `xl uptime -s` (print_uptime in xl_info.c).
 * Normal: header `%-33s %4s %s` then `%-33s %4d %s` rows.
 * Short: ` <clock> up <uptime>, <name> (<id>)` rows, no header.
 */
export function formatUptime(rows: readonly UptimeRow[], opts: UptimeOptions = {}): string {
  const short = opts.short ?? false
  let out = ''
  if (!short) out += padRight('Name', 33) + ' ' + padLeft('ID', 4) + ' Uptime\n'
  for (const r of rows) {
    if (short) {
      const clock = opts.clock ?? formatClock(new Date())
      out += ` ${clock} up ${uptimeToString(r.uptimeSeconds, true)}, ${r.name} (${r.domid})\n`
    } else {
      out += padRight(r.name, 33) + ' ' + fmtInt(r.domid, 4) + ' ' + uptimeToString(r.uptimeSeconds, false) + '\n'
    }
  }
  return out
}
