import {fmtInt, padLeft, padRight} from './printf.js'
import type {Credit2Pool, CreditPool, SchedOptions, SchedRow} from './types.js'

/** `%-33s %4s %6s %4s` header shared by sched-credit and sched-credit2. */
export const SCHED_HEADER = padRight('Name', 33) + ' ' + padLeft('ID', 4) + ' ' + padLeft('Weight', 6) + ' ' + padLeft('Cap', 4)

function table(rows: readonly SchedRow[]): string {
  let out = SCHED_HEADER + '\n'
  for (const r of rows) {
    out += padRight(r.name, 33) + ' ' + fmtInt(r.domid, 4) + ' ' + fmtInt(r.weight, 6) + ' ' + fmtInt(r.cap, 4) + '\n'
  }
  return out
}

export function creditPoolLine(pool: CreditPool): string {
  if (pool.unavailable) return `Cpupool ${pool.name}: [sched params unavailable]\n`
  return `Cpupool ${pool.name}: tslice=${pool.tsliceMs}ms ratelimit=${pool.ratelimitUs}us migration-delay=${pool.migrationDelayUs}us\n`
}

export function credit2PoolLine(pool: Credit2Pool): string {
  if (pool.unavailable) return `Cpupool ${pool.name}: [sched params unavailable]\n`
  return `Cpupool ${pool.name}: ratelimit=${pool.ratelimitUs}us\n`
}

/**
 * `xl sched-credit` for one cpupool: pool line, header, one row per domain of
 * the pool. `-d`: header + rows only. `-s`: pool line only. Call once per
 * pool using the credit scheduler and concatenate (pools with another
 * scheduler print nothing).
 */
export function formatSchedCredit(pool: CreditPool, rows: readonly SchedRow[], opts: SchedOptions = {}): string {
  if (opts.schedparam) return creditPoolLine(pool)
  if (opts.domain) return table(rows)
  return creditPoolLine(pool) + table(rows)
}

/** `xl sched-credit2`, same shapes as formatSchedCredit with the credit2 pool line. */
export function formatSchedCredit2(pool: Credit2Pool, rows: readonly SchedRow[], opts: SchedOptions = {}): string {
  if (opts.schedparam) return credit2PoolLine(pool)
  if (opts.domain) return table(rows)
  return credit2PoolLine(pool) + table(rows)
}
