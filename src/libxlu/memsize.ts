import {strtolBase} from './strto.js'

/**
 * parse_mem_size_kb (tools/xl/xl_parse.c), used by `xl mem-set` and
 * `xl mem-max`: a decimal number (strtoll: leading blanks and a sign are
 * accepted, no digits means 0) and at most one suffix character,
 * case-insensitive: none or `m` = MiB, `k` = KiB, `g` = GiB, `t` = TiB,
 * `b` = bytes (divided by 1024, rounding toward minus infinity as an
 * arithmetic shift does). Arithmetic wraps like a 64-bit int64_t.
 *
 * Real xl treats a result of -1 as the error marker: it then prints
 * `invalid memory size: <arg>` and exits 1. This function returns null
 * in exactly those cases (so "-1k" is an error, as in xl).
 */
export function parseMemSizeKb(mem: string): bigint | null {
  // strtoll(mem, &endptr, 10); no digits leaves endptr = mem and the value 0.
  const {value: v, consumed: end} = strtolBase(mem, 10)
  const rest = mem.slice(end)
  if (rest.length > 1) return null
  let kb = v
  const shl = (x: bigint, n: bigint): bigint => BigInt.asIntN(64, x << n)
  switch (rest.toLowerCase()) {
    case 't':
      kb = shl(kb, 30n)
      break
    case 'g':
      kb = shl(kb, 20n)
      break
    case '':
    case 'm':
      kb = shl(kb, 10n)
      break
    case 'k':
      break
    case 'b':
      kb = kb >> 10n
      break
    default:
      return null
  }
  return kb === -1n ? null : kb
}

/** parseMemSizeKb as a JS number of KiB (null when xl says "invalid memory size"). */
export function parseMemSize(mem: string): number | null {
  const kb = parseMemSizeKb(mem)
  return kb === null ? null : Number(kb)
}
