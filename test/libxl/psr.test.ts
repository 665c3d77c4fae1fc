// The -s socket lists of psr-cat-set / psr-mba-set (src/libxl/psr.ts): each
// item through parse_range with its result ignored, as xl_psr.c does.
import {describe, expect, it} from 'vitest'
import {atoi, socketMap} from '../../src/libxl/psr.js'

describe('socketMap', () => {
  it('no -s: every socket of the map', () => {
    expect([...socketMap([])]).toEqual([0, 1, 2, 3, 4, 5, 6, 7])
  })
  it('numbers, ranges and lists; repeated -s add up', () => {
    expect([...socketMap(['0,2-3'])].sort()).toEqual([0, 2, 3])
    expect([...socketMap(['1', '4'])].sort()).toEqual([1, 4])
  })
  it('bad items set what strtoul left (0 for junk); a backwards range sets nothing', () => {
    expect([...socketMap(['x'])]).toEqual([0])
    expect([...socketMap(['5-2'])].sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7])
  })
  it('a huge range stops at the map\'s end instead of walking 2^32 sockets', () => {
    expect([...socketMap(['0-18446744073709551615'])].length).toBe(8)
  })
})

describe('atoi', () => {
  it.each([['3', 3], ['  2x', 2], ['x', 0], ['', 0], ['-1', -1], ['4294967298', 2]])('%j -> %d', (s, v) => {
    expect(atoi(s)).toBe(v)
  })
})
