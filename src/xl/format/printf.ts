/**
 * Small helpers reproducing the C printf conversions xl uses, byte for byte.
 * Widths count bytes (as C does), so non-ASCII names pad like real xl.
 */

/** UTF-8 byte length of a string (C's strlen of the same text). */
export function byteLength(s: string): number {
  let n = 0
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0
    n += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4
  }
  return n
}

/** `%-Ns`: left-justify in N bytes (never truncates). */
export function padRight(s: string, width: number): string {
  const len = byteLength(s)
  return len >= width ? s : s + ' '.repeat(width - len)
}

/** `%Ns`: right-justify in N bytes (never truncates). */
export function padLeft(s: string, width: number): string {
  const len = byteLength(s)
  return len >= width ? s : ' '.repeat(width - len) + s
}

/** `%N.Ms`-style truncation to at most `max` bytes (never splits a character). */
export function truncateBytes(s: string, max: number): string {
  if (byteLength(s) <= max) return s
  let out = ''
  let n = 0
  for (const ch of s) {
    const b = byteLength(ch)
    if (n + b > max) break
    out += ch
    n += b
  }
  return out
}

/** `%Nd` / `%Nu` for an integer (number or bigint). */
export function fmtInt(v: number | bigint, width = 0): string {
  const s = typeof v === 'bigint' ? v.toString() : Math.trunc(v).toString()
  return padLeft(s, width)
}

/** `%0Nd` with zero padding (non-negative values). */
export function fmtZero(v: number, width: number): string {
  const s = Math.trunc(Math.abs(v)).toString()
  const body = s.length >= width ? s : '0'.repeat(width - s.length) + s
  return v < 0 ? '-' + body : body
}

/** `%0Nx` for an unsigned 32-bit value. */
export function fmtHex(v: number | bigint, width = 0): string {
  const s = (typeof v === 'bigint' ? v : BigInt(Math.trunc(v))).toString(16)
  return s.length >= width ? s : '0'.repeat(width - s.length) + s
}

/**
 * `%.Pf` exactly as glibc prints a double: the exact binary value, rounded
 * to P decimals, ties to even.
 */
export function cFixed(x: number, prec: number): string {
  if (Number.isNaN(x)) return 'nan'
  if (!Number.isFinite(x)) return x < 0 ? '-inf' : 'inf'
  const neg = x < 0 || Object.is(x, -0)
  const ax = Math.abs(x)
  // Decompose ax = mant * 2^exp exactly.
  const buf = new DataView(new ArrayBuffer(8))
  buf.setFloat64(0, ax)
  const hi = buf.getUint32(0)
  const lo = buf.getUint32(4)
  const biased = (hi >>> 20) & 0x7ff
  let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo)
  let exp: number
  if (biased === 0) {
    exp = -1074
  } else {
    mant |= 1n << 52n
    exp = biased - 1075
  }
  const scale = 10n ** BigInt(prec)
  let q: bigint
  if (exp >= 0) {
    q = (mant << BigInt(exp)) * scale
  } else {
    const num = mant * scale
    const den = 1n << BigInt(-exp)
    q = num / den
    const r2 = (num % den) * 2n
    if (r2 > den || (r2 === den && (q & 1n) === 1n)) q += 1n
  }
  let digits = q.toString()
  if (prec > 0) {
    if (digits.length <= prec) digits = '0'.repeat(prec - digits.length + 1) + digits
    digits = digits.slice(0, digits.length - prec) + '.' + digits.slice(digits.length - prec)
  }
  return (neg ? '-' : '') + digits
}

/** `%W.Pf` */
export function fmtFloat(x: number, width: number, prec: number): string {
  return padLeft(cFixed(x, prec), width)
}

/**
 * `(float)ns / 1e9` as xl computes CPU seconds: the nanosecond count is first
 * rounded to a single-precision float, then divided in double precision.
 */
export function nsToSecondsViaFloat(ns: number | bigint): number {
  return Math.fround(Number(ns)) / 1e9
}

/**
 * printf for the conversions xl's listings use: %d, %u, %x, %s with the
 * flags '-' and '0' and a width (widths in bytes, as C counts them).
 */
export function sprintf(fmt: string, ...args: (string | number)[]): string {
  let i = 0
  return fmt.replace(/%(-?)(0?)(\d*)([dusx%])/g, (_m, left: string, zero: string, width: string, conv: string) => {
    if (conv === '%') return '%'
    const a = args[i++]
    let s: string
    if (conv === 's') s = String(a)
    else if (conv === 'x') s = (Number(a) >>> 0).toString(16)
    else if (conv === 'u') s = String(Number(a) >>> 0)
    else s = String(Math.trunc(Number(a)))
    const w = width === '' ? 0 : Number(width)
    if (left) return padRight(s, w)
    if (zero && conv !== 's') {
      const neg = s.startsWith('-')
      const digits = neg ? s.slice(1) : s
      return (neg ? '-' : '') + digits.padStart(Math.max(0, w - (neg ? 1 : 0)), '0')
    }
    return padLeft(s, w)
  })
}
