import {cFixed, fmtInt, padLeft, padRight, nsToSecondsViaFloat} from './printf.js'
import type {ListOptions, ListRow, ShutdownReason} from './types.js'

/** libxl_shutdown_reason numeric values (libxl_types.idl). */
export const SHUTDOWN_REASON_CODES: Record<ShutdownReason, number> = {
  unknown: -1,
  poweroff: 0,
  reboot: 1,
  suspend: 2,
  crash: 3,
  watchdog: 4,
  soft_reset: 5,
}

const SHUTDOWN_REASON_LETTERS = '-rscwS'

export const LIST_HEADER = 'Name                                        ID   Mem VCPUs\tState\tTime(s)'

function reasonCode(row: ListRow): number {
  if (!row.shutdown) return 0
  return SHUTDOWN_REASON_CODES[row.shutdownReason ?? 'poweroff']
}

/** The six state letters of `xl list` (r b p s <reason> d). */
export function listStateLetters(row: ListRow): string {
  const code = reasonCode(row)
  const reason =
    code >= 0 && code < SHUTDOWN_REASON_LETTERS.length ? SHUTDOWN_REASON_LETTERS[code]! : '?'
  return (
    (row.running ? 'r' : '-') +
    (row.blocked ? 'b' : '-') +
    (row.paused ? 'p' : '-') +
    (row.shutdown ? 's' : '-') +
    reason +
    (row.dying ? 'd' : '-')
  )
}

/**
 * `xl list` (list_domains in xl_info.c), also `-v`, `-Z`, `-c`, `-n` and the
 * `xl claims` table.
 */
export function formatList(rows: readonly ListRow[], opts: ListOptions = {}): string {
  const {verbose = false, context = false, claim = false, cpupool = false, numa = false} = opts
  let out = LIST_HEADER
  if (verbose) out += '   UUID                            Reason-Code\tSecurity Label'
  if (context && !verbose) out += '   Security Label'
  if (claim) out += '  Claimed'
  if (cpupool) out += '         Cpupool'
  if (numa) out += ' NODE Affinity'
  out += '\n'
  for (const row of rows) {
    let line =
      padRight(row.name, 40) +
      ' ' +
      fmtInt(row.domid, 5) +
      ' ' +
      fmtInt(Math.max(0, Math.trunc(row.memMiB)), 5) +
      ' ' +
      fmtInt(row.vcpus, 5) +
      '     ' +
      listStateLetters(row) +
      '  ' +
      padLeft(cFixed(nsToSecondsViaFloat(row.cpuTimeNs), 1), 8)
    if (verbose) {
      line += ' ' + row.uuid
      if (row.shutdown) line += ' ' + padLeft((reasonCode(row) >>> 0).toString(16), 8)
      else line += ' ' + padLeft('-', 8)
    }
    if (claim) line += ' ' + fmtInt(row.claimedMiB ?? 0, 5)
    if (verbose || context) line += ' ' + padLeft(row.ssidLabel ? row.ssidLabel : '-', 16)
    if (cpupool) line += padLeft(row.cpupool ?? 'Pool-0', 16)
    if (numa) line += ' ' + (row.nodeAffinity ?? 'all')
    out += line + '\n'
  }
  return out
}
