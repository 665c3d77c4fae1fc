import {describe, expect, it} from 'vitest'
import {LONG_MAX, LONG_MIN, strtolBase, strtoul, ULONG_MAX} from '../../src/libxlu/strto.js'

// A reference with the textbook definition: every digit folded into an
// exact BigInt (quadratic on long inputs, fine for short ones), then
// clamped as glibc's strtol/strtoul clamp.
function refStrtol(s: string, base0: 0 | 10): {value: bigint; consumed: number; range: boolean} {
  let i = 0
  while (i < s.length && ' \t\n\v\f\r'.includes(s[i]!)) i++
  let neg = false
  if (s[i] === '+' || s[i] === '-') neg = s[i++] === '-'
  let base = 10
  if (base0 === 0) {
    if (s[i] === '0' && (s[i + 1] === 'x' || s[i + 1] === 'X') && /^[0-9a-fA-F]$/.test(s[i + 2] ?? '')) {
      base = 16
      i += 2
    } else if (s[i] === '0') base = 8
  }
  const start = i
  let v = 0n
  for (; i < s.length; i++) {
    const d = parseInt(s[i]!, 36)
    if (Number.isNaN(d) || d >= base) break
    v = v * BigInt(base) + BigInt(d)
  }
  if (i === start) return {value: 0n, consumed: 0, range: false}
  if (neg) v = -v
  if (v > LONG_MAX) return {value: LONG_MAX, consumed: i, range: true}
  if (v < LONG_MIN) return {value: LONG_MIN, consumed: i, range: true}
  return {value: v, consumed: i, range: false}
}

function refStrtoul(s: string, start: number): {value: bigint; end: number} {
  let i = start
  while (i < s.length && ' \t\n\v\f\r'.includes(s[i]!)) i++
  let neg = false
  if (s[i] === '+' || s[i] === '-') neg = s[i++] === '-'
  const digits = i
  let v = 0n
  while (i < s.length && s[i]! >= '0' && s[i]! <= '9') v = v * 10n + BigInt(s.charCodeAt(i++) - 48)
  if (i === digits) return {value: 0n, end: start}
  if (v > ULONG_MAX) return {value: ULONG_MAX, end: i}
  if (neg) v = (ULONG_MAX + 1n - v) % (ULONG_MAX + 1n)
  return {value: v, end: i}
}

/** Deterministic PRNG (mulberry32) so a failure reproduces. */
function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const ALPHABET = ['0', '0', '0', '1', '7', '8', '9', 'a', 'f', 'F', 'g', 'x', 'X', '-', '+', ' ', '\t', 'z', ',']

function randomInput(r: () => number): string {
  const kind = r()
  let s = ''
  if (kind < 0.2) s += ' '.repeat(Math.floor(r() * 3))
  if (kind < 0.5) s += r() < 0.5 ? '-' : '+'
  if (r() < 0.3) s += r() < 0.5 ? '0x' : '0'
  // Runs around the 64-bit edges: 18-24 digits, with or without leading zeros.
  if (r() < 0.4) s += '0'.repeat(Math.floor(r() * 30))
  const n = Math.floor(r() * 26)
  for (let i = 0; i < n; i++) s += r() < 0.8 ? String(Math.floor(r() * 10)) : ALPHABET[Math.floor(r() * ALPHABET.length)]
  return s
}

describe('strtol/strtoul: cut long digit runs, same results as the exact conversion', () => {
  it('agrees with the exact BigInt conversion on 60,000 random inputs', () => {
    const r = rng(17)
    for (let k = 0; k < 60_000; k++) {
      const s = randomInput(r)
      expect(strtolBase(s, 0), s).toEqual(refStrtol(s, 0))
      expect(strtolBase(s, 10), s).toEqual(refStrtol(s, 10))
      expect(strtoul(s, 0), s).toEqual(refStrtoul(s, 0))
    }
  })

  it('edges of 64 bits', () => {
    for (const s of ['9223372036854775807', '9223372036854775808', '-9223372036854775808', '-9223372036854775809',
      '0x7fffffffffffffff', '0x8000000000000000', '0777777777777777777777', '01777777777777777777777',
      '0002000000000000000000000', '18446744073709551615', '18446744073709551616', '-18446744073709551615',
      '-18446744073709551616', '00000000000000000000000000000018446744073709551615']) {
      expect(strtolBase(s, 0), s).toEqual(refStrtol(s, 0))
      expect(strtolBase(s, 10), s).toEqual(refStrtol(s, 10))
      expect(strtoul(s, 0), s).toEqual(refStrtoul(s, 0))
    }
  })

  it('a million-digit number overflows (clamps) and is consumed whole', () => {
    const big = '9'.repeat(1_000_000)
    expect(strtolBase(big, 10)).toEqual({value: LONG_MAX, consumed: 1_000_000, range: true})
    expect(strtolBase(`-${big}x`, 0)).toEqual({value: LONG_MIN, consumed: 1_000_001, range: true})
    expect(strtoul(big)).toEqual({value: ULONG_MAX, end: 1_000_000})
    // Leading zeros do not count: the value is exact.
    expect(strtolBase(`${'0'.repeat(1_000_000)}42`, 10)).toEqual({value: 42n, consumed: 1_000_002, range: false})
    expect(strtoul(`-${'0'.repeat(1_000_000)}1`)).toEqual({value: ULONG_MAX, end: 1_000_002})
  })
})
