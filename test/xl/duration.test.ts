import {describe, expect, it} from 'vitest'
import {formatDuration, parseDurationNs} from '../../src/xl/duration.js'

describe('durations past 2^53 ns', () => {
  it('parse exactly', () => {
    expect(parseDurationNs('400d')).toBe(400n * 86_400_000_000_000n)
    expect(parseDurationNs('1095d')).toBe(1095n * 86_400_000_000_000n)
    expect(parseDurationNs('91.25d')).toBe(9125n * 864_000_000_000n)
    expect(parseDurationNs('1.5ns')).toBe(2n)
    expect(parseDurationNs('250ms')).toBe(250_000_000n)
    expect(parseDurationNs('3 weeks')).toMatchObject({error: expect.stringContaining('invalid duration')})
  })

  it('format the days exactly', () => {
    expect(formatDuration(400n * 86_400_000_000_000n + 1_500_000_000n)).toBe('400d 0:00:01.500')
    expect(formatDuration(1_500_000_000n)).toBe('0:00:01.500')
    expect(formatDuration(86400e9 + 1.5e9)).toBe('1d 0:00:01.500')
  })
})
