// C's string-to-integer conversions as xl uses them on an LP64 host (long =
// long long = 64 bits): leading blanks and a sign accepted, clamping (strtol)
// or ULONG_MAX (strtoul) on overflow, and "nothing converted" reported the
// way the callers' endptr checks need it. One implementation for the cfg
// getters, cpu lists, memory sizes and xl's option values.

export const LONG_MIN = -(2n ** 63n)
export const LONG_MAX = 2n ** 63n - 1n

/**
 * strtol(s, &ep, base) on an LP64 host, for base 0 (C prefixes: 0x hex,
 * leading 0 octal) or 10: returns the value (clamped, with `range` set on
 * overflow) and how many characters were consumed (0 when there was nothing
 * to convert).
 */
export function strtolBase(s: string, base0: 0 | 10): {value: bigint; consumed: number; range: boolean} {
  let i = 0
  while (i < s.length && ' \t\n\v\f\r'.includes(s[i]!)) i++
  let neg = false
  if (s[i] === '+' || s[i] === '-') {
    neg = s[i] === '-'
    i++
  }
  let base = 10
  if (base0 === 0) {
    if (s[i] === '0' && (s[i + 1] === 'x' || s[i + 1] === 'X') && /^[0-9a-fA-F]$/.test(s[i + 2] ?? '')) {
      base = 16
      i += 2
    } else if (s[i] === '0') {
      base = 8
    }
  }
  const start = i
  let v = 0n
  const big = BigInt(base)
  for (; i < s.length; i++) {
    const d = parseInt(s[i]!, 36)
    if (Number.isNaN(d) || d >= base) break
    v = v * big + BigInt(d)
  }
  if (i === start) return {value: 0n, consumed: 0, range: false}
  if (neg) v = -v
  if (v > LONG_MAX) return {value: LONG_MAX, consumed: i, range: true}
  if (v < LONG_MIN) return {value: LONG_MIN, consumed: i, range: true}
  return {value: v, consumed: i, range: false}
}

/** strtol(s, &ep, 0) on an LP64 host: see strtolBase. */
export function strtol0(s: string): {value: bigint; consumed: number; range: boolean} {
  return strtolBase(s, 0)
}

export const ULONG_MAX = 2n ** 64n - 1n

/** strtoul(s, &end, 10): value (ULONG_MAX on overflow) and end index; end = start when nothing converted. */
export function strtoul(s: string, start = 0): {value: bigint; end: number} {
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
