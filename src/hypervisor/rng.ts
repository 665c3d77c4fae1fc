// Seeded randomness (mulberry32): the only source of chance in the core, so a
// manual-clock host replays byte for byte. The state lives in Host.rng.
import type {Host} from './host.js'

export function nextRandom(host: Host): number {
  return (nextRandomBits(host) >>> 0) / 4294967296
}

/**
 * The same draw as its 32 bits in an int32: nextRandom(host) is
 * (nextRandomBits(host) >>> 0) / 2^32. A small integer crosses a call V8
 * does not inline as it is, where a fraction is boxed (a heap allocation
 * per draw: the scheduler draws at most wake-ups and bursts).
 */
export function nextRandomBits(host: Host): number {
  let t = (host.rng = (host.rng + 0x6d2b79f5) >>> 0)
  t = Math.imul(t ^ (t >>> 15), t | 1)
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
  return (t ^ (t >>> 14)) | 0
}

/** A version-4 UUID drawn from the host's generator. */
export function randomUuid(host: Host): string {
  const hex: string[] = []
  for (let i = 0; i < 16; i++) hex.push(Math.floor(nextRandom(host) * 256).toString(16).padStart(2, '0'))
  hex[6] = '4' + hex[6][1]
  hex[8] = ((parseInt(hex[8], 16) & 0x3f) | 0x80).toString(16)
  const h = hex.join('')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`
}
