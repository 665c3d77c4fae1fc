// Domain rows and 64-bit time: createdAt is an exact bigint.
import {describe, expect, it} from 'vitest'
import {bootHost} from '../../src/libxl/host-boot.js'
import {DEFAULT_HOST_CONFIG} from '../../src/hypervisor/host.js'
import {decodeDomain, encodeDomain} from '../../state/codec.js'

describe('domain codec and time', () => {
  it('keeps a creation time past 2^53 ns exact, and reads the numbers older files hold', () => {
    const host = bootHost({...DEFAULT_HOST_CONFIG, arch: 'x86_64', clock: 'manual'})
    const d = host.domains.get(0)!
    d.createdAt = 3n * 365n * 86_400_000_000_000n + 1n
    expect(decodeDomain(encodeDomain(d)).createdAt).toBe(d.createdAt)
    const old = JSON.parse(encodeDomain(d))
    old.createdAt = 123_456_789
    expect(decodeDomain(JSON.stringify(old)).createdAt).toBe(123_456_789n)
  })
})
