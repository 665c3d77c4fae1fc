// xl top's frames: CPU(%) and STEAL(%) over the interval, state counts,
// sorting, the xentop -b rendering of a frame, and the option parsers.
import {describe, expect, test} from 'vitest'
import {advanceTo} from '../../src/hypervisor/sched/index.js'
import {formatXentopBatch} from '../../src/xl/format/xentop.js'
import {StateError} from '../../state/errors.js'
import {
  headerLines, parseTopDelay, parseTopSpeed, runTopBatch, sampleHost, sortRows, topFrame, xentopFrame,
  type TopDomainSample, type TopSample,
} from '../../src/xl/top-view.js'
import {addGuest, S, testHost} from '../hypervisor/sched/helpers.js'

function dom(over: Partial<TopDomainSample>): TopDomainSample {
  return {
    domid: 1, name: 'g', running: false, blocked: true, paused: false, shutdown: false, crashed: false, dying: false,
    cpuNs: 0, stealNs: {0: 0}, onlineVcpus: 1, nrVcpus: over.onlineVcpus ?? 1, memKiB: 131072, maxmemKiB: 132096, ...over,
  }
}

function sample(nowNs: number, domains: TopDomainSample[]): TopSample {
  return {nowNs, clock: 'manual', arch: 'x86_64', xen: '4.17.7', sched: 'credit2', cpus: 2, memoryKiB: 3145728, domains}
}

describe('topFrame', () => {
  test('the first frame has 0.0 CPU(%) and STEAL(%), as xentop prints', () => {
    const f = topFrame(sample(5 * S, [dom({cpuNs: 4 * S, stealNs: {0: S}})]), null)
    expect(f.intervalNs).toBe(0)
    expect(f.rows[0]).toMatchObject({cpuPct: 0, stealPct: 0})
  })

  test('CPU(%) is CPU time over the interval (100 per busy vCPU); STEAL(%) is per online vCPU', () => {
    const prev = sample(S, [dom({domid: 1, cpuNs: 0, stealNs: {0: 0, 1: 0}, onlineVcpus: 2})])
    const cur = sample(3 * S, [dom({domid: 1, cpuNs: 3 * S, stealNs: {0: S / 2, 1: S / 2}, onlineVcpus: 2})])
    const [r] = topFrame(cur, prev).rows
    expect(r!.cpuPct).toBeCloseTo(150)
    expect(r!.stealPct).toBeCloseTo(25) // 1 s of steal over 2 s x 2 vCPUs
  })

  test('a vCPU brought online in the interval and a new domain count no steal yet', () => {
    const prev = sample(S, [dom({domid: 1, stealNs: {0: 0}})])
    const cur = sample(2 * S, [dom({domid: 1, stealNs: {0: S / 10, 1: 5 * S}, onlineVcpus: 2}), dom({domid: 2, cpuNs: S, stealNs: {0: S}})])
    const rows = topFrame(cur, prev).rows
    expect(rows[0]!.stealPct).toBeCloseTo(5)
    expect(rows[1]).toMatchObject({cpuPct: 0, stealPct: 0})
  })

  test('counts domains by state and sums memory for the header', () => {
    const f = topFrame(sample(S, [
      dom({domid: 0, name: 'Domain-0', running: true, blocked: false, memKiB: 1048576}),
      dom({domid: 1, paused: true, blocked: false}),
      dom({domid: 2, shutdown: true, crashed: true, blocked: false}),
    ]), null)
    expect(f.counts).toEqual({total: 3, running: 1, blocked: 0, paused: 1, crashed: 1, dying: 0, shutdown: 1})
    expect(headerLines(f)).toEqual([
      'xl top - 0:00:01.000 simulated (manual clock, run by top)   Xen 4.17.7  x86_64  credit2  2 pCPUs',
      '3 domains: 1 running, 0 blocked, 1 paused, 1 crashed, 0 dying, 1 shutdown',
      'Mem: 3145728k total, 1310720k used, 1835008k free    CPUs: 2',
    ])
  })

  test('renders as the 015-top sample does through the xentop -b formatter', () => {
    const cur = sample(10 * S, [
      dom({domid: 0, name: 'Domain-0', running: true, blocked: false, cpuNs: 18.5 * S, memKiB: 1048576, maxmemKiB: 1048576, onlineVcpus: 2}),
      dom({domid: 1, name: 'g1', running: true, blocked: false, cpuNs: 4.2 * S, onlineVcpus: 2}),
    ])
    expect(formatXentopBatch([xentopFrame(topFrame(cur, null))])).toBe(
      '      NAME  STATE   CPU(sec) CPU(%)     MEM(k) MEM(%)  MAXMEM(k) MAXMEM(%) VCPUS NETS NETTX(k) NETRX(k) VBDS   VBD_OO   VBD_RD   VBD_WR  VBD_RSECT  VBD_WSECT SSID\n' +
      '  Domain-0 -----r         18    0.0    1048576   33.3    1048576      33.3     2    0        0        0    0        0        0        0          0          0    0\n' +
      '        g1 -----r          4    0.0     131072    4.2     132096       4.2     2    0        0        0    0        0        0        0          0          0    0\n')
  })
})

describe('sortRows', () => {
  const f = topFrame(sample(2 * S, [
    dom({domid: 0, name: 'Domain-0', cpuNs: S / 10}),
    dom({domid: 1, name: 'alpha', cpuNs: S, stealNs: {0: S / 2}}),
    dom({domid: 2, name: 'Beta', cpuNs: S / 2, stealNs: {0: S / 4}}),
  ]), sample(S, [dom({domid: 0}), dom({domid: 1}), dom({domid: 2})]))
  const names = (by: 'name' | 'cpu' | 'steal', rev = false) => sortRows(f.rows, by, rev).map(r => r.name)
  test.each([
    ['name', false, ['alpha', 'Beta', 'Domain-0']],
    ['cpu', false, ['alpha', 'Beta', 'Domain-0']],
    ['steal', false, ['alpha', 'Beta', 'Domain-0']],
    ['name', true, ['Domain-0', 'Beta', 'alpha']],
  ] as const)('by %s (reversed: %s)', (by, rev, want) => {
    expect(names(by, rev)).toEqual(want)
  })
  test('cpu sort puts the busiest first', () => {
    expect(sortRows(f.rows, 'cpu').map(r => r.cpuPct)).toEqual([100, 50, 10])
  })
})

describe('sampleHost on a simulated host', () => {
  test('two cpu-bound 1-vCPU guests on one pCPU: ~50% CPU and ~50% steal each; idle dom0 ~0', () => {
    const host = testHost(1)
    addGuest(host, 'Domain-0', {vcpus: 1})
    addGuest(host, 'a', {vcpus: 1, workload: 'cpu'})
    addGuest(host, 'b', {vcpus: 1, workload: 'cpu'})
    advanceTo(host, S)
    const prev = sampleHost(host)
    advanceTo(host, 3 * S)
    const f = topFrame(sampleHost(host), prev)
    expect(f.intervalNs).toBe(2 * S)
    const [d0, a, b] = f.rows
    for (const r of [a!, b!]) {
      expect(r.cpuPct).toBeGreaterThan(45)
      expect(r.cpuPct).toBeLessThan(55)
      expect(r.stealPct).toBeGreaterThan(45)
      expect(r.stealPct).toBeLessThan(55)
      expect(r.cpuPct + r.stealPct).toBeCloseTo(100, 0)
    }
    expect(d0!.cpuPct).toBeLessThan(5)
    expect(f.counts.running).toBeGreaterThanOrEqual(1)
  })
})

describe('runTopBatch', () => {
  test('manual clock: first frame at once, then one delay of simulated time per frame, no real sleeping', async () => {
    const advances: number[] = []
    const sleeps: number[] = []
    let now = 0
    let out = ''
    await runTopBatch({
      sample: ns => {
        advances.push(ns)
        now += ns
        return sample(now, [dom({cpuNs: now})])
      },
      delayNs: 2 * S, iterations: 3, write: t => (out += t), sleep: async ms => void sleeps.push(ms),
    })
    expect(advances).toEqual([0, 2 * S, 2 * S])
    expect(sleeps).toEqual([])
    expect(out.match(/^ +NAME/gm)).toHaveLength(3)
    expect(out.split('\n')[1]).toContain('    0.0 ')
    expect(out.split('\n')[3]).toContain('  100.0 ')
  })

  test('wall clock: sleeps the delay in real time and only reads', async () => {
    const advances: number[] = []
    const sleeps: number[] = []
    await runTopBatch({
      sample: ns => (advances.push(ns), {...sample(0, []), clock: 'wall'}),
      delayNs: 1.5 * S, iterations: 2, write: () => {}, sleep: async ms => void sleeps.push(ms),
    })
    expect(advances).toEqual([0, 0])
    expect(sleeps).toEqual([1500])
  })
})

describe('runTopBatch and the host lock', () => {
  test('a sample that times out on another process\'s lock is tried again, not fatal; the manual clock is noted once', async () => {
    const notes: string[] = []
    const advances: number[] = []
    let busy = 2
    let now = 0
    let out = ''
    await runTopBatch({
      sample: ns => {
        if (busy-- > 0) throw new StateError('/x/host.db: the host is locked by another xl process (waited 5 s); try again')
        advances.push(ns)
        now += ns
        return sample(now, [dom({cpuNs: now})])
      },
      delayNs: S, iterations: 2, write: t => (out += t), note: l => void notes.push(l), sleep: async () => {},
    })
    expect(advances).toEqual([0, S])
    expect(out.match(/^ +NAME/gm)).toHaveLength(2)
    expect(notes).toEqual([
      'xl top: the host is locked by another xl process; waiting for it',
      'xl top: the host has a manual clock; each frame runs it forward by 1 s (the new time is kept)',
    ])
  })

  test('any other failure still ends the run', async () => {
    const run = runTopBatch({sample: () => { throw new StateError('/x/host.db: damaged state file') }, delayNs: S, iterations: 2, write: () => {}, sleep: async () => {}})
    await expect(run).rejects.toThrow('damaged')
  })
})

describe('option parsing', () => {
  test.each([['1', S], ['0.5', S / 2], ['250ms', S / 4], ['2s', 2 * S], ['1m', 60 * S]])('-d %s', (text, ns) => {
    expect(parseTopDelay(text)).toBe(ns)
  })
  test.each(['0', 'x', '-1', '2 weeks', '2h'])('-d %s is refused', text => {
    expect(parseTopDelay(text)).toHaveProperty('error')
  })
  test('--speed', () => {
    expect(parseTopSpeed('60')).toBe(60)
    expect(parseTopSpeed('0.5x')).toBe(0.5)
    expect(parseTopSpeed('0')).toHaveProperty('error')
    expect(parseTopSpeed('fast')).toHaveProperty('error')
  })
})
