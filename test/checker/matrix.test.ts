import {describe, expect, it} from 'vitest'
import {benchmark, MODEL_NAMES, READERS, runMatrix, WRITERS} from '../../src/checker/index.js'
import {renderMatrix} from '../../src/checker/report.js'

describe('the matrix', () => {
  it('K=2 covers every writer x reader x model and finishes in seconds', () => {
    const m = runMatrix({updates: 2})
    expect(m.rows.length).toBe(WRITERS.length * READERS.length)
    expect(m.rows.every((r) => r.cells.length === MODEL_NAMES.length)).toBe(true)
    expect(m.timeMs).toBeLessThan(20_000) // ~2-3 s on an idle 2-core machine
    const cell = (w: string, r: string, model: string) => m.rows.find((x) => x.writer === w && x.reader === r)!.cells.find((c) => c.model === model)!.verdict
    expect(cell('xen-4.17-x86', 'linux-4.8', 'tso')).toBe('SAFE')
    expect(cell('xen-4.17-no-wmb1', 'linux-4.8', 'armv8')).toBe('TORN')
    expect(cell('xen-4.7', 'linux-4.6', 'sc')).toBe('TORN')
    const text = renderMatrix(m)
    expect(text.split('\n')[1]).toMatch(/^writer\s+reader\s+sc\s+tso\s+armv8$/)
    expect(text).toMatch(/xen-4.17-arm\s+linux-4.8\s+SAFE \d+\s+SAFE \d+\s+SAFE \d+/)
  })

  it('benchmark reports states per second', () => {
    const b = benchmark({updates: 1})
    expect(b.states).toBeGreaterThan(1000)
    expect(b.statesPerSecond).toBeGreaterThan(0)
  })
})
