import {cFixed, fmtInt, padLeft, padRight, nsToSecondsViaFloat} from './printf.js'
import type {VcpuRow} from './types.js'

export const VCPU_LIST_HEADER =
  padRight('Name', 32) +
  ' ' +
  ['ID', 'VCPU', 'CPU', 'State'].map((h) => padLeft(h, 5)).join(' ') +
  ' ' +
  padLeft('Time(s)', 9) +
  ' Affinity (Hard / Soft)'

/**
 * xl's print_bitmap (xl_utils.c) over the first nrCpus bits: `all` when every
 * bit is set, `none` when none is, otherwise comma separated ranges (`0-1,3`).
 */
export function formatCpuRanges(cpus: readonly number[], nrCpus: number): string {
  const set = new Set(cpus.filter((c) => c >= 0 && c < nrCpus))
  const parts: string[] = []
  let i = 0
  while (i < nrCpus) {
    if (!set.has(i)) {
      i++
      continue
    }
    let j = i
    while (j + 1 < nrCpus && set.has(j + 1)) j++
    parts.push(i === j ? `${i}` : `${i}-${j}`)
    i = j + 1
  }
  if (parts.length === 0) return 'none'
  if (parts.length === 1 && set.has(0) && set.size === nrCpus) return 'all'
  return parts.join(',')
}

/** `xl vcpu-list` (print_vcpuinfo in xl_vcpu.c): header, then one row per vCPU. */
export function formatVcpuList(rows: readonly VcpuRow[]): string {
  let out = VCPU_LIST_HEADER + '\n'
  for (const r of rows) {
    let line = padRight(r.name, 32) + ' ' + fmtInt(r.domid, 5) + ' ' + fmtInt(r.vcpu, 5)
    if (!r.online) line += padLeft('-', 5) + ' ' + padLeft('-', 3) + '-p '
    else
      line +=
        fmtInt(r.cpu, 5) + ' ' + padLeft(r.running ? 'r' : '-', 3) + (r.blocked ? 'b' : '-') + '- '
    line += padLeft(cFixed(nsToSecondsViaFloat(r.timeNs), 1), 9) + '  '
    line += r.hardAffinity + ' / ' + r.softAffinity
    out += line + '\n'
  }
  return out
}
