/**
 * xl's cpumap syntax (tools/xl/xl_parse.c: parse_cpurange,
 * update_cpumap_range, parse_range), used by `cpus=`/`cpus_soft=` in xl.cfg
 * and by `xl vcpu-pin`.
 *
 * Comma-separated items (strtok_r, so empty items are skipped), each an
 * optional `^` (remove instead of add), an optional `node:`/`nodes:`
 * prefix, then `all` or `N` or `N-M` (decimal strtoul: leading blanks and
 * a `+` are accepted). Items apply left to right.
 */

import {strtoul, ULONG_MAX} from './strto.js'

export type CpuListResult = {ok: true; cpus: number[]} | {ok: false; error: string}

export interface CpuListOptions {
  /**
   * CPUs of each NUMA node, for `nodes:N`. Default: one node 0 holding
   * every CPU (the simulated host has nr_nodes = 1). A node not listed has
   * no CPUs, as libxl_node_to_cpumap then yields an empty map.
   */
  nodeCpus?: number[][]
}

/** parse_range: `N` or `N-M` with nothing after it. */
export function parseRange(str: string): {a: bigint; b: bigint} | null {
  const first = strtoul(str, 0)
  if (first.end === 0 || first.value === ULONG_MAX) return null
  let a = first.value
  let b = a
  let end = first.end
  if (str[end] === '-') {
    const nstart = end + 1
    const second = strtoul(str, nstart)
    if (second.end === nstart || second.value === ULONG_MAX || second.value < a) return null
    b = second.value
    end = second.end
  }
  if (end !== str.length) return null
  return {a, b}
}

/**
 * Parse a cpumap string against a host with `nrCpus` pCPUs. Returns the
 * sorted CPU numbers, or the message xl prints (then exits 1):
 * `Invalid pcpu range: <item>.` or `Can't combine "^" and "all".`.
 * CPUs >= nrCpus are dropped, as libxl_bitmap_set ignores bits past the
 * map (a map of nrCpus bits; real libxl rounds up to whole bytes).
 */
export function parseCpuList(s: string, nrCpus: number, opts: CpuListOptions = {}): CpuListResult {
  // The map as bytes: each item sets or clears a run (a memset, as
  // libxl_bitmap_set_any does for `all`), so a long list costs its length
  // times at most the map size, however large the ranges written.
  const map = new Uint8Array(nrCpus)
  const nodeCpus = opts.nodeCpus ?? [Array.from({length: nrCpus}, (_, i) => i)]
  for (const item of s.split(',')) {
    if (item === '') continue
    let str = item
    let isNot = false
    let isNodes = false
    if (str.startsWith('^')) {
      isNot = true
      str = str.slice(1)
    }
    if (str.startsWith('node:')) {
      isNodes = true
      str = str.slice(5)
    } else if (str.startsWith('nodes:')) {
      isNodes = true
      str = str.slice(6)
    }
    if (str === 'all') {
      if (isNot) return {ok: false, error: 'Can\'t combine "^" and "all".'}
      map.fill(1)
      continue
    }
    const range = parseRange(str)
    if (!range) return {ok: false, error: `Invalid pcpu range: ${str}.`}
    const bit = isNot ? 0 : 1
    // Only ids below the map size can matter (libxl_bitmap_set ignores the rest).
    const limit = BigInt(isNodes ? nodeCpus.length : nrCpus)
    if (range.a >= limit) continue
    const hi = Number(range.b < limit ? range.b : limit - 1n)
    const lo = Number(range.a)
    if (!isNodes) {
      if (lo <= hi) map.fill(bit, lo, hi + 1)
      continue
    }
    for (let id = lo; id <= hi; id++) {
      for (const cpu of nodeCpus[id] ?? []) if (cpu < nrCpus) map[cpu] = bit
    }
  }
  const cpus: number[] = []
  for (let i = 0; i < nrCpus; i++) if (map[i]) cpus.push(i)
  return {ok: true, cpus}
}
