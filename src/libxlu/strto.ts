// C's string-to-integer conversions as xl uses them on an LP64 host (long =
// long long = 64 bits): leading blanks and a sign accepted, clamping (strtol)
// or ULONG_MAX (strtoul) on overflow, and "nothing converted" reported the
// way the callers' endptr checks need it. One implementation for the cfg
// getters, cpu lists, memory sizes and xl's option values.
//
// glibc's strtol consumes every digit of the run however long it is, and
// overflows as soon as the value passes 64 bits. So the digit run is found
// first (a plain scan), leading zeros are skipped, and only a run short
// enough to fit 64 bits is converted: any longer run of significant digits
// is an overflow whatever the digits are. That keeps the work linear in the
// input (a million-digit number costs a scan, not a million BigInt steps).

export const LONG_MIN = -(2n ** 63n)
export const LONG_MAX = 2n ** 63n - 1n
export const ULONG_MAX = 2n ** 64n - 1n

/** More significant digits than this overflow 64 bits in any base >= 8 (2^64 has 22 octal digits). */
const MAX_SIGNIFICANT = 23

const isCSpace = (c: string | undefined): boolean =>
  c === ' ' || c === '\t' || c === '\n' || c === '\v' || c === '\f' || c === '\r'

function digitValue(c: string): number {
  const code = c.charCodeAt(0)
  if (code >= 48 && code <= 57) return code - 48
  if (code >= 97 && code <= 122) return code - 87
  if (code >= 65 && code <= 90) return code - 55
  return 99
}

/**
 * The magnitude of the digit run s[start, end) in `base`: exact when it has
 * few significant digits, else any value above ULONG_MAX (an overflow).
 */
function magnitude(s: string, start: number, end: number, base: number): bigint {
  let i = start
  while (i < end && s[i] === '0') i++
  if (end - i > MAX_SIGNIFICANT) return ULONG_MAX + 1n
  let v = 0n
  const big = BigInt(base)
  for (; i < end; i++) v = v * big + BigInt(digitValue(s[i]!))
  return v
}

/**
 * strtol(s, &ep, base) on an LP64 host, for base 0 (C prefixes: 0x hex,
 * leading 0 octal) or 10: returns the value (clamped, with `range` set on
 * overflow) and how many characters were consumed (0 when there was nothing
 * to convert).
 */
export function strtolBase(s: string, base0: 0 | 10): {value: bigint; consumed: number; range: boolean} {
  let i = 0
  while (i < s.length && isCSpace(s[i])) i++
  let neg = false
  if (s[i] === '+' || s[i] === '-') {
    neg = s[i] === '-'
    i++
  }
  let base = 10
  if (base0 === 0) {
    if (s[i] === '0' && (s[i + 1] === 'x' || s[i + 1] === 'X') && digitValue(s[i + 2] ?? '') < 16) {
      base = 16
      i += 2
    } else if (s[i] === '0') {
      base = 8
    }
  }
  const start = i
  while (i < s.length && digitValue(s[i]!) < base) i++
  if (i === start) return {value: 0n, consumed: 0, range: false}
  let v = magnitude(s, start, i, base)
  if (neg) v = -v
  if (v > LONG_MAX) return {value: LONG_MAX, consumed: i, range: true}
  if (v < LONG_MIN) return {value: LONG_MIN, consumed: i, range: true}
  return {value: v, consumed: i, range: false}
}

/** strtol(s, &ep, 0) on an LP64 host: see strtolBase. */
export function strtol0(s: string): {value: bigint; consumed: number; range: boolean} {
  return strtolBase(s, 0)
}

/** strtoul(s, &end, 10): value (ULONG_MAX on overflow) and end index; end = start when nothing converted. */
export function strtoul(s: string, start = 0): {value: bigint; end: number} {
  let i = start
  while (i < s.length && isCSpace(s[i])) i++
  let neg = false
  if (s[i] === '+' || s[i] === '-') {
    neg = s[i] === '-'
    i++
  }
  const digits = i
  while (i < s.length && s[i]! >= '0' && s[i]! <= '9') i++
  if (i === digits) return {value: 0n, end: start}
  let v = magnitude(s, digits, i, 10)
  if (v > ULONG_MAX) return {value: ULONG_MAX, end: i}
  if (neg) v = (ULONG_MAX + 1n - v) % (ULONG_MAX + 1n)
  return {value: v, end: i}
}
