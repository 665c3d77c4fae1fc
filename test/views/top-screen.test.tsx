// The xl top screen as a view: what it shows for a frame and UI state, and
// which actions its keys report. Rendered with ink into strings / a fake
// terminal stream (no ink-testing-library).
import {describe, expect, test} from 'vitest'
import {EventEmitter} from 'node:events'
import {renderToString} from 'ink'
import {TopScreen} from '../../src/views/top/TopScreen.js'
import {frameIntervalMs, initialUi, keyActions, topReducer, type TopAction, type TopUiState} from '../../src/views/top/state.js'
import {headerCells, rowCells, statusLine} from '../../src/views/top/table.js'
import {runTopInteractive} from '../../src/views/top/interactive.js'
import {topFrame, type TopDomainSample, type TopSample} from '../../src/xl/top-view.js'

const S = 1e9
function dom(over: Partial<TopDomainSample>): TopDomainSample {
  return {
    domid: 1, name: 'g', running: true, blocked: false, paused: false, shutdown: false, crashed: false, dying: false,
    cpuNs: 0, stealNs: {0: 0}, onlineVcpus: 1, nrVcpus: over.onlineVcpus ?? 1, memKiB: 131072, maxmemKiB: 131072, ...over,
  }
}
function sample(nowNs: number, domains: TopDomainSample[]): TopSample {
  return {nowNs, clock: 'manual', arch: 'x86_64', xen: '4.17.7', sched: 'credit2', cpus: 2, memoryKiB: 8388608, domains}
}
const prev = sample(S, [dom({domid: 0, name: 'Domain-0'}), dom({domid: 1, name: 'g1'}), dom({domid: 2, name: 'g2'})])
const cur = sample(2 * S, [
  dom({domid: 0, name: 'Domain-0', cpuNs: S / 100, blocked: true, running: false, memKiB: 1048576, maxmemKiB: 1048576, onlineVcpus: 2, stealNs: {0: 0, 1: 0}}),
  dom({domid: 1, name: 'g1', cpuNs: S / 2, stealNs: {0: S / 2}}),
  dom({domid: 2, name: 'g2', cpuNs: 9 * S / 10, stealNs: {0: S / 10}}),
])
const frame = topFrame(cur, prev)
const ui = initialUi({delayS: 1, speed: 1, manual: true})
const noop = () => {}

describe('TopScreen', () => {
  test('shows xentop-style header lines, the column header and one row per domain', () => {
    const out = renderToString(<TopScreen frame={frame} ui={ui} onKey={noop} />, {columns: 100})
    const lines = out.split('\n')
    expect(lines[0]).toBe('xl top - 0:00:02.000 simulated (manual clock, run by top)   Xen 4.17.7  x86_64  credit2  2 pCPUs')
    expect(lines[1]).toBe('3 domains: 2 running, 1 blocked, 0 paused, 0 crashed, 0 dying, 0 shutdown')
    expect(lines[3]).toBe('      NAME  STATE   CPU(sec) CPU(%) STEAL(%)     MEM(k) MEM(%)  MAXMEM(k) VCPUS')
    expect(lines[4]).toBe('  Domain-0 --b---          0    1.0      0.0    1048576   12.5    1048576     2')
    expect(lines[5]).toBe('        g1 -----r          0   50.0     50.0     131072    1.6     131072     1')
    expect(lines[6]).toBe('        g2 -----r          0   90.0     10.0     131072    1.6     131072     1')
    expect(lines[7]).toMatch(/^Delay 1s {2}Speed 1x {2}\[\+\/-\] speed {2}\[d\]elay {2}sort: .*\[q\]uit$/)
    expect(lines).toHaveLength(8)
  })

  test('sorted by steal, the most stolen-from domain comes first', () => {
    const out = renderToString(<TopScreen frame={frame} ui={{...ui, sort: 'steal'}} onKey={noop} />, {columns: 100})
    expect(out.split('\n').slice(4, 7).map(l => l.trim().split(/\s+/)[0])).toEqual(['g1', 'g2', 'Domain-0'])
  })

  test('cuts the table to the terminal height', () => {
    const out = renderToString(<TopScreen frame={frame} ui={ui} height={8} onKey={noop} />, {columns: 100})
    expect(out.split('\n')).toHaveLength(7)
  })

  test('a narrow terminal: lines wrap at its width as curses wraps them (mid-word), the status line is cut, nothing scrolls', () => {
    const wide = renderToString(<TopScreen frame={frame} ui={ui} onKey={noop} />, {columns: 200}).split('\n')
    const out = renderToString(<TopScreen frame={frame} ui={ui} width={40} onKey={noop} />, {columns: 40}).split('\n')
    for (const l of out) expect(l.length).toBeLessThanOrEqual(40)
    // Each body line is its wide form cut into 40-column pieces, in order.
    // (ink drops trailing blanks.)
    const pieces = wide.slice(0, -1).flatMap(l => l.match(/.{1,40}/g) ?? ['']).map(l => l.trimEnd())
    expect(out.slice(0, -1)).toEqual(pieces)
    expect(out.at(-1)).toBe(wide.at(-1)!.slice(0, 40))
    const short = renderToString(<TopScreen frame={frame} ui={ui} width={40} height={8} onKey={noop} />, {columns: 40}).split('\n')
    expect(short).toHaveLength(7)
    expect(short.slice(0, 6)).toEqual(pieces.slice(0, 6))
  })

  test('shows the delay prompt and messages on the status line', () => {
    expect(statusLine({...ui, prompt: '2.5'})).toBe('Delay (simulated seconds per frame): 2.5')
    expect(statusLine({...ui, message: 'refresh failed: locked'})).toBe('refresh failed: locked')
    expect(statusLine({...ui, manual: false, delayS: 3})).toMatch(/^Delay 3s {2}\[\+\/-\] delay/)
  })

  test('cells line up with the header', () => {
    const widths = headerCells().map(h => h.length)
    expect(rowCells(frame.rows[1]!).map(c => c.length)).toEqual(widths)
  })
})

describe('keys', () => {
  const k = {}
  test.each([
    ['q', {type: 'quit'}], ['+', {type: 'more'}], ['-', {type: 'less'}], ['s', {type: 'sort', by: 'steal'}],
    ['n', {type: 'sort', by: 'name'}], ['c', {type: 'sort', by: 'cpu'}], ['d', {type: 'prompt-delay'}],
  ])('%s', (input, action) => {
    expect(keyActions(input, k, ui)).toEqual([action])
  })
  test('other keys and Ctrl combinations do nothing', () => {
    expect(keyActions('x', k, ui)).toEqual([])
    expect(keyActions('q', {ctrl: true}, ui)).toEqual([])
  })
  test('at the delay prompt keys edit the number', () => {
    const prompting = {...ui, prompt: ''}
    expect(keyActions('q', k, prompting)).toEqual([{type: 'prompt-input', text: 'q'}])
    expect(keyActions('', {return: true}, prompting)).toEqual([{type: 'prompt-submit'}])
    expect(keyActions('', {escape: true}, prompting)).toEqual([{type: 'prompt-cancel'}])
    expect(keyActions('', {backspace: true}, prompting)).toEqual([{type: 'prompt-backspace'}])
  })
  test('a chunk typed fast is read key by key: d opens the prompt for the digits after it', () => {
    const acts = keyActions('sd2.5\r', k, ui)
    expect(acts.map(a => a.type)).toEqual(['sort', 'prompt-delay', 'prompt-input', 'prompt-input', 'prompt-input', 'prompt-submit'])
    expect(acts.reduce(topReducer, ui)).toMatchObject({sort: 'steal', delayS: 2.5, prompt: null})
  })
})

describe('topReducer', () => {
  const run = (s: TopUiState, ...as: TopAction[]) => as.reduce(topReducer, s)
  test('+/- double and halve the speed of a manual clock', () => {
    expect(run(ui, {type: 'more'}, {type: 'more'}).speed).toBe(4)
    expect(run(ui, {type: 'less'}).speed).toBe(0.5)
    expect(frameIntervalMs({...ui, speed: 4})).toBe(250)
  })
  test('+/- change the delay of a wall clock', () => {
    const wall = initialUi({delayS: 2, speed: 1, manual: false})
    expect(run(wall, {type: 'more'}).delayS).toBe(3)
    expect(run(wall, {type: 'less'}, {type: 'less'}, {type: 'less'}).delayS).toBe(1)
    expect(frameIntervalMs(wall)).toBe(2000)
  })
  test('d, digits, Enter sets the delay; a bad one leaves a message', () => {
    const typed = (text: string) => run(ui, {type: 'prompt-delay'}, {type: 'prompt-input', text}, {type: 'prompt-submit'})
    expect(typed('2.5')).toMatchObject({delayS: 2.5, prompt: null, message: null})
    expect(typed('0')).toMatchObject({delayS: 1, prompt: null})
    expect(typed('0').message).toBe("delay '0' out of range (0.1 to 3600 seconds); delay stays 1s")
  })
  test('the delay prompt shows what is typed, as xentop does; Enter on a non-number says so and keeps the delay', () => {
    const s = keyActions('dabc', {}, ui).reduce(topReducer, ui)
    expect(s.prompt).toBe('abc')
    expect(statusLine(s)).toBe('Delay (simulated seconds per frame): abc')
    const after = topReducer(s, {type: 'prompt-submit'})
    expect(after).toMatchObject({delayS: 1, prompt: null, message: "delay 'abc' not a number of seconds (e.g. 2 or 0.5); delay stays 1s"})
    expect(statusLine(after)).toBe(after.message)
    // xentop's PROMPT_VAL_LEN: at most 79 characters are kept.
    expect(keyActions(`d${'9'.repeat(100)}`, {}, ui).reduce(topReducer, ui).prompt).toHaveLength(79)
    expect(run(ui, {type: 'prompt-delay'}, {type: 'prompt-input', text: '7'}, {type: 'prompt-cancel'}).delayS).toBe(1)
  })
  test('sorting: a new key sorts by it; r reverses', () => {
    expect(run(ui, {type: 'sort', by: 'cpu'}, {type: 'reverse'})).toMatchObject({sort: 'cpu', reverse: true})
    expect(run(ui, {type: 'reverse'}, {type: 'sort', by: 'steal'})).toMatchObject({sort: 'steal', reverse: false})
  })
})

/** Enough of a TTY for ink: columns/rows and a write() that collects frames. */
class FakeTty extends EventEmitter {
  columns = 100
  rows = 30
  isTTY = true
  frames: string[] = []
  write(chunk: string): boolean {
    this.frames.push(String(chunk))
    return true
  }
}
class FakeStdin extends EventEmitter {
  isTTY = true
  data: string[] = []
  setRawMode() { return this }
  setEncoding() { return this }
  ref() { return this }
  unref() { return this }
  resume() { return this }
  pause() { return this }
  read(): string | null {
    return this.data.shift() ?? null
  }
  press(text: string) {
    this.data.push(text)
    this.emit('readable')
  }
}

describe('runTopInteractive', () => {
  test('draws frames as the manual clock runs at `speed`, re-sorts on a key and quits on q', async () => {
    const stdout = new FakeTty()
    const stdin = new FakeStdin()
    const advances: number[] = []
    let realMs = 0
    let now = S
    const done = runTopInteractive({
      sample: ns => {
        advances.push(ns)
        now += ns
        return sample(now, [dom({domid: 1, name: 'g1', cpuNs: now / 2}), dom({domid: 2, name: 'g2', cpuNs: now / 4})])
      },
      delayS: 1, speed: 10, nowMs: () => (realMs += 100),
      stdout: stdout as unknown as NodeJS.WriteStream, stdin: stdin as unknown as NodeJS.ReadStream, altScreen: true,
    })
    const screen = () => stdout.frames.join('')
    await waitFor(() => advances.length >= 2)
    // 100 ms of real time at 10x: one simulated second per refresh.
    expect(advances.slice(0, 2)).toEqual([0, 1e9])
    expect(screen()).toContain('\x1b[?1049h')
    await waitFor(() => /g1 -----r +\d+ +50\.0/.test(screen()))
    stdin.press('cd4\r')
    await waitFor(() => screen().includes('Delay 4s'))
    stdin.press('q')
    await done
    expect(screen().endsWith('\x1b[?1049l')).toBe(true)
  })
})

async function waitFor(cond: () => boolean, ms = 30_000): Promise<void> {
  const until = Date.now() + ms
  while (!cond()) {
    if (Date.now() > until) throw new Error('timed out')
    await new Promise(r => setTimeout(r, 20))
  }
}
