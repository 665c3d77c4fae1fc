// Durations for `xl clock advance` and friends: "250ms", "3s", "1.5h", "2d".
const UNITS: Record<string, number> = {
  ns: 1, us: 1e3, 'µs': 1e3, ms: 1e6, s: 1e9, m: 60e9, min: 60e9, h: 3600e9, d: 86400e9,
}

/** ns, or an error message naming the accepted forms. */
export function parseDuration(text: string): number | {error: string} {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ns|us|µs|ms|s|m|min|h|d)\s*$/.exec(text)
  const bad = {error: `invalid duration '${text.slice(0, 40)}': use a number and a unit (ns, us, ms, s, m, h, d), e.g. 250ms or 3s`}
  if (!m) return bad
  const ns = Math.round(Number(m[1]) * UNITS[m[2]])
  if (!Number.isSafeInteger(ns)) return {error: `duration '${text.slice(0, 40)}' is too long`}
  return ns
}

export function formatDuration(ns: number | bigint): string {
  if (typeof ns === 'bigint') {
    // Past 2^53 ns a double loses ns: split off whole days exactly first.
    const days = ns / DAY_NS
    const s = Number(ns % DAY_NS) / 1e9
    return days > 0n ? `${days}d ${formatHms(s)}` : formatHms(s)
  }
  const s = ns / 1e9
  if (s >= 86400) return `${Math.floor(s / 86400)}d ${formatHms(s % 86400)}`
  return formatHms(s)
}

const DAY_NS = 86_400_000_000_000n

/**
 * A duration in ns as a bigint (`xl clock advance 3y`-scale spans are past
 * 2^53 ns); `days` and larger are exact for whole or decimal numbers.
 */
export function parseDurationNs(text: string): bigint | {error: string} {
  const m = /^\s*(\d+)(?:\.(\d+))?\s*(ns|us|µs|ms|s|m|min|h|d)\s*$/.exec(text)
  if (!m) {
    const r = parseDuration(text)
    return typeof r === 'number' ? BigInt(r) : r
  }
  const unit = BigInt(UNITS[m[3]])
  const frac = m[2] ?? ''
  if (m[1].length + frac.length > 30) return {error: `duration '${text.slice(0, 40)}' is too long`}
  const scale = 10n ** BigInt(frac.length)
  const scaled = (BigInt(m[1]) * scale + BigInt(frac || '0')) * unit
  return (scaled + scale / 2n) / scale
}

function formatHms(s: number): string {
  const h = Math.floor(s / 3600)
  const m = Math.floor((s % 3600) / 60)
  const sec = (s % 60).toFixed(3).padStart(6, '0')
  return `${h}:${String(m).padStart(2, '0')}:${sec}`
}
