// The C string helpers xl's device parsers lean on (tools/xl/xl_parse.c,
// xl_utils.c, glibc): strtok, MATCH_OPTION, strtoul with a base, atoi, and
// the libxl enum and uuid readers. Their quirks are the parsers' quirks.

const splitters = new Map<string, RegExp>()

/** strtok(s, delims) over the whole string: the non-empty tokens. */
export function strtok(s: string, delims: string): string[] {
  let re = splitters.get(delims)
  if (!re) splitters.set(delims, re = new RegExp(`[${delims.replace(/[\]\\^-]/g, '\\$&')}]`))
  return cString(s).split(re).filter(t => t !== '')
}

/** A C string ends at its first NUL. */
export function cString(s: string): string {
  const nul = s.indexOf('\0')
  return nul < 0 ? s : s.slice(0, nul)
}

/** MATCH_OPTION(prefix, arg, oparg) (xl_parse.h): the value after "prefix=", or null. */
export function matchOption(prefix: string, arg: string): string | null {
  return arg.startsWith(`${prefix}=`) ? arg.slice(prefix.length + 1) : null
}

const isSpace = (c: string | undefined): boolean => c !== undefined && ' \t\n\v\f\r'.includes(c)
const digit = (c: string | undefined): number => {
  if (c === undefined) return 99
  const d = parseInt(c, 36)
  return Number.isNaN(d) ? 99 : d
}

export const ULONG_MAX = 2n ** 64n - 1n

/**
 * strtoul(s, &end, base) on LP64 for base 0, 10 or 16: the value (ULONG_MAX
 * on overflow, negated modulo 2^64 after a '-') and the index it stopped at
 * (0 when nothing converted).
 */
export function strtoulBase(s: string, base: 0 | 10 | 16): {value: bigint; end: number} {
  let i = 0
  while (isSpace(s[i])) i++
  let neg = false
  if (s[i] === '+' || s[i] === '-') {
    neg = s[i] === '-'
    i++
  }
  let b: number = base
  if ((base === 0 || base === 16) && s[i] === '0' && (s[i + 1] === 'x' || s[i + 1] === 'X') && digit(s[i + 2]) < 16) {
    b = 16
    i += 2
  } else if (base === 0) b = s[i] === '0' ? 8 : 10
  const start = i
  let v = 0n
  let over = false
  while (digit(s[i]) < b) {
    v = v * BigInt(b) + BigInt(digit(s[i]))
    if (v > ULONG_MAX) over = true
    i++
  }
  if (i === start) return {value: 0n, end: 0}
  if (over) return {value: ULONG_MAX, end: i}
  return {value: neg ? (ULONG_MAX + 1n - v) % (ULONG_MAX + 1n) : v, end: i}
}

/** An unsigned C integer of `bits` from strtoul (what an assignment keeps). */
export function truncU(v: bigint, bits: number): number {
  return Number(BigInt.asUintN(bits, v))
}

/** atoi: strtol(s, NULL, 10) stored in an int. */
export function atoi(s: string): number {
  const m = /^[ \t\n\v\f\r]*([+-]?\d+)/.exec(s)
  if (!m) return 0
  let v = BigInt(m[1]!)
  const max = 2n ** 63n - 1n
  if (v > max) v = max
  if (v < -max - 1n) v = -max - 1n
  return Number(BigInt.asIntN(32, v))
}

/** libxl__enum_from_string: case-insensitive match against the enum's names; null when none. */
export function enumFromString<T extends string>(names: readonly T[], s: string): T | null {
  const l = s.toLowerCase()
  return names.find(n => n.toLowerCase() === l) ?? null
}

/** libxl_uuid_from_string (libxl_uuid.c): exactly 36 characters, dashes at 8/13/18/23, hex elsewhere. */
export function uuidFromString(s: string): string | null {
  return /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/.test(s) ? s.toLowerCase() : null
}

/** isspace-trim (xl_utils.c trim with isspace). */
export function trimSpace(s: string): string {
  return s.replace(/^[ \t\n\v\f\r]+/, '').replace(/[ \t\n\v\f\r]+$/, '')
}
