import {describe, expect, it} from 'vitest'
import {VisitedSet} from '../../src/checker/visited.js'

const put = (s: VisitedSet, values: readonly number[]) => {
  s.vector.set(values)
  return s.add()
}

describe('the visited set', () => {
  it('adds a state once: the same slots again are already there', () => {
    const s = new VisitedSet(3, 4)
    expect(put(s, [1, 2, 3])).toBe(true)
    expect(put(s, [1, 2, 3])).toBe(false)
    expect(s.size).toBe(1)
  })

  it('tells apart states that differ in any one slot, the last of an odd width included', () => {
    const s = new VisitedSet(5, 4)
    const base = [7, 0xffff, 0, 0xfffe, 9]
    expect(put(s, base)).toBe(true)
    for (let i = 0; i < base.length; i++) {
      const other = [...base]
      other[i] = other[i]! ^ 1
      expect(put(s, other), `slot ${i}`).toBe(true)
    }
    expect(s.size).toBe(6)
    expect(put(s, base)).toBe(false)
  })

  it('keeps the spare slot of an odd width out of the state', () => {
    const s = new VisitedSet(1, 4)
    expect(s.vector.length).toBe(2)
    expect(put(s, [5])).toBe(true)
    expect(put(s, [5])).toBe(false)
    expect(put(s, [6])).toBe(true)
  })

  it('grows far past its initial size and still finds every state', () => {
    const s = new VisitedSet(4, 2)
    const n = 20_000
    for (let i = 0; i < n; i++) expect(put(s, [i & 0xffff, i >> 16, (i * 7) & 0xffff, 1])).toBe(true)
    expect(s.size).toBe(n)
    for (let i = 0; i < n; i++) expect(put(s, [i & 0xffff, i >> 16, (i * 7) & 0xffff, 1])).toBe(false)
    expect(put(s, [0, 0, 0, 2])).toBe(true)
  })
})
