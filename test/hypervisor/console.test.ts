import {describe, expect, it} from 'vitest'
import {CONRING_SIZE, guestLog, newConsoleRing, ringRead, xenLog} from '../../src/hypervisor/console.js'

describe('console ring', () => {
  it('prefixes hypervisor and guest lines', () => {
    const r = newConsoleRing()
    xenLog(r, 'a', 'b')
    guestLog(r, 3, 'hello\nworld\n')
    expect(ringRead(r, false)).toBe('(XEN) a\n(XEN) b\n(d3) hello\n(d3) world\n')
  })

  it('keeps at most 16 KiB, dropping the oldest bytes', () => {
    const r = newConsoleRing()
    for (let i = 0; i < 2000; i++) xenLog(r, `line ${i}`)
    expect(r.text.length).toBe(CONRING_SIZE)
    expect(r.text.endsWith('(XEN) line 1999\n')).toBe(true)
  })

  it('read with clear empties it', () => {
    const r = newConsoleRing()
    xenLog(r, 'x')
    expect(ringRead(r, true)).toBe('(XEN) x\n')
    expect(ringRead(r, false)).toBe('')
  })

  it('keeps the ring 7-bit clean', () => {
    const r = newConsoleRing()
    guestLog(r, 1, 'caf\u00e9\u0000\u001b[31m')
    expect(r.text).toBe('(d1) caf???[31m\n')
  })
})
