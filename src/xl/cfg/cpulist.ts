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

export type CpuListResult = {ok: true; cpus: number[]} | {ok: false; error: string}

export interface CpuListOptions {
  /**
   * CPUs of each NUMA node, for `nodes:N`. Default: one node 0 holding
   * every CPU (the simulated host has nr_nodes = 1). A node not listed has
   * no CPUs, as libxl_node_to_cpumap then yields an empty map.
   */
  nodeCpus?: number[][]
}

const ULONG_MAX = 2n ** 64n - 1n

/** strtoul(s, &end, 10): value (ULONG_MAX on overflow) and end index; end = start when nothing converted. */
function strtoul10(s: string, start: number): {value: bigint; end: number} {
  let i = start
  while (i < s.length && ' \t\n\v\f\r'.includes(s[i]!)) i++
  let neg = false
  if (s[i] === '+' || s[i] === '-') {
    neg = s[i] === '-'
    i++
  }
  const digits = i
  let v = 0n
  while (i < s.length && s[i]! >= '0' && s[i]! <= '9') {
    v = v * 10n + BigInt(s.charCodeAt(i) - 48)
    i++
  }
  if (i === digits) return {value: 0n, end: start}
  if (v > ULONG_MAX) return {value: ULONG_MAX, end: i}
  if (neg) v = (ULONG_MAX + 1n - v) % (ULONG_MAX + 1n)
  return {value: v, end: i}
}

/** parse_range: `N` or `N-M` with nothing after it. */
export function parseRange(str: string): {a: bigint; b: bigint} | null {
  const first = strtoul10(str, 0)
  if (first.end === 0 || first.value === ULONG_MAX) return null
  let a = first.value
  let b = a
  let end = first.end
  if (str[end] === '-') {
    const nstart = end + 1
    const second = strtoul10(str, nstart)
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
  const set = new Set<number>()
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
      for (let i = 0; i < nrCpus; i++) set.add(i)
      continue
    }
    const range = parseRange(str)
    if (!range) return {ok: false, error: `Invalid pcpu range: ${str}.`}
    const apply = (cpu: number): void => {
      if (cpu >= nrCpus) return
      if (isNot) set.delete(cpu)
      else set.add(cpu)
    }
    // Only ids below the map size can matter; clamp to keep huge ranges cheap.
    const limit = BigInt(isNodes ? nodeCpus.length : nrCpus)
    const hi = range.b < limit ? range.b : limit - 1n
    for (let id = range.a; id <= hi; id++) {
      if (isNodes) for (const cpu of nodeCpus[Number(id)] ?? []) apply(cpu)
      else apply(Number(id))
    }
  }
  return {ok: true, cpus: [...set].sort((x, y) => x - y)}
}
