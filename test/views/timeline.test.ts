import {describe, expect, test} from 'vitest'
import {TimelineHistory, cpuGlyph, formatTimeline, timelineRows, type TimelineSample} from '../../src/xl/timeline-view.js'
import {MAX_WINDOW_NS, MIN_WINDOW_NS, timelineKeys, timelineReducer, type TimelineUi} from '../../src/views/timeline/state.js'

const MS = 1_000_000

function sample(from: number, to: number, segs: Record<number, [number, number, number, number][]>): TimelineSample {
  const segments = new Map(Object.entries(segs).map(([v, l]) => [Number(v), l.map(([state, cpu, a, b]) => ({state: state as 0 | 1 | 2 | 3, cpu, from: a, to: b}))]))
  return {domid: 3, name: 'web', vcpuIds: Object.keys(segs).map(Number), clock: 'manual', arch: 'x86_64', sched: 'credit2', cpus: 12, from, to, segments}
}

describe('timeline rows', () => {
  test('each column shows the state that filled most of it, running as its pCPU; steal over the view', () => {
    const h = new TimelineHistory(100 * MS)
    // v0: 4 ms on pCPU 11, 2 ms runnable, 2 ms blocked, 2 ms offline.
    h.add(sample(0, 10 * MS, {0: [[0, 11, 0, 4 * MS], [1, 11, 4 * MS, 6 * MS], [2, 11, 6 * MS, 8 * MS], [3, 11, 8 * MS, 10 * MS]], 1: [[2, 0, 0, 10 * MS]]}))
    const [v0, v1] = timelineRows(h, [0, 1], {endNs: 10 * MS, windowNs: 10 * MS, cols: 5})
    expect(v0.cells.map(c => c.ch).join('')).toBe('bb+._')
    expect(v0.stealPct).toBeCloseTo(40, 6)
    expect(v0.cpus).toEqual([11])
    expect(v1.cells.map(c => c.ch).join('')).toBe('.....')
    expect(v1.stealPct).toBe(0)
    // Before the history starts: blank.
    expect(timelineRows(h, [0], {endNs: 10 * MS, windowNs: 20 * MS, cols: 4})[0].cells.map(c => c.ch).join('')).toBe('  b.')
    expect(cpuGlyph(0) + cpuGlyph(35) + cpuGlyph(36) + cpuGlyph(62)).toBe('0zA*')
  })

  test('samples join (touching segments of one state merge) and old ones are dropped past keepNs', () => {
    const h = new TimelineHistory(10 * MS)
    h.add(sample(0, 5 * MS, {0: [[0, 1, 0, 5 * MS]]}))
    h.add(sample(5 * MS, 12 * MS, {0: [[0, 1, 5 * MS, 8 * MS], [2, 1, 8 * MS, 12 * MS]]}))
    expect(h.segments.get(0)).toEqual([{state: 0, cpu: 1, from: 0, to: 8 * MS}, {state: 2, cpu: 1, from: 8 * MS, to: 12 * MS}])
    expect(h.from).toBe(2 * MS)
    expect(formatTimeline(h, {endNs: 12 * MS, windowNs: 8 * MS, cols: 4}).split('\n')[3]).toBe('v0   |11..|   0.0  1')
  })
})

describe('timeline keys', () => {
  const ui: TimelineUi = {windowNs: 100 * MS, offsetNs: 0, quit: false}
  test('zoom halves and doubles the window within its bounds; pan stops at the history and at now', () => {
    expect(timelineReducer(ui, {type: 'zoom-in'}, 0).windowNs).toBe(50 * MS)
    expect(timelineReducer(ui, {type: 'zoom-out'}, 0).windowNs).toBe(200 * MS)
    expect(timelineReducer({...ui, windowNs: MIN_WINDOW_NS}, {type: 'zoom-in'}, 0).windowNs).toBe(MIN_WINDOW_NS)
    expect(timelineReducer({...ui, windowNs: MAX_WINDOW_NS}, {type: 'zoom-out'}, 0).windowNs).toBe(MAX_WINDOW_NS)
    expect(timelineReducer(ui, {type: 'pan-back'}, 1000 * MS).offsetNs).toBe(25 * MS)
    expect(timelineReducer(ui, {type: 'pan-back'}, 100 * MS).offsetNs).toBe(0)
    expect(timelineReducer({...ui, offsetNs: 10 * MS}, {type: 'pan-forward'}, 1000 * MS).offsetNs).toBe(0)
    expect(timelineReducer({...ui, offsetNs: 80 * MS}, {type: 'follow'}, 1000 * MS).offsetNs).toBe(0)
  })

  test('keys map to actions; other keys do nothing', () => {
    expect(timelineKeys('q', {})).toEqual([{type: 'quit'}])
    expect(timelineKeys('+-', {})).toEqual([{type: 'zoom-in'}, {type: 'zoom-out'}])
    expect(timelineKeys('', {leftArrow: true})).toEqual([{type: 'pan-back'}])
    expect(timelineKeys('', {rightArrow: true})).toEqual([{type: 'pan-forward'}])
    expect(timelineKeys('c', {ctrl: true})).toEqual([])
    expect(timelineKeys('xyz', {})).toEqual([])
  })
})
