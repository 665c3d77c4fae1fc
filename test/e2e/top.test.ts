// xl top end to end: batch frames (xentop -b layout, as in the 015-top
// sample) from the built CLI against a temporary manual-clock host, and the
// full-screen view in a real terminal (tmux; skipped where it is missing).
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {BIN, ROOT, cfg, tempHost, type Result, type TempHost} from '../helpers/cli.js'
import {hasTmux, terminal} from '../helpers/tmux.js'
import {fixture} from '../helpers/fixtures.js'
import {holdWriteLock} from '../helpers/lock.js'
import {xlAsync} from './lifecycle-helpers.js'

const SAMPLE = fixture('x86-credit', '015-top', 'out')

function top(h: TempHost, ...args: string[]): Result {
  return h.xl('top', ...args)
}

/** The brief's host: x86_64, 2 pCPUs, manual clock, two cpu-bound 1-vCPU guests. */
function twoGuestHost(): TempHost {
  const h = tempHost()
  expect(h.xl('host', 'init', '--force', '--clock', 'manual', '--arch', 'x86_64', '--cpus', '2').code).toBe(0)
  for (const name of ['g1', 'g2']) {
    const r = h.xl('create', h.file(`${name}.cfg`, cfg({name, type: 'pv', kernel: 'linux-4.6', memory: 128, vcpus: 1, workload: 'cpu'})))
    expect(r.code, r.stderr).toBe(0)
  }
  return h
}

interface Row {name: string; state: string; cpuSec: number; cpuPct: number}
function frames(out: string): Row[][] {
  const result: Row[][] = []
  for (const line of out.split('\n').filter(Boolean)) {
    if (/^ +NAME /.test(line)) result.push([])
    else {
      const [name, state, cpuSec, cpuPct] = line.trim().split(/\s+/)
      result.at(-1)!.push({name: name!, state: state!, cpuSec: Number(cpuSec), cpuPct: Number(cpuPct)})
    }
  }
  return result
}

describe('xl top -b (no terminal)', () => {
  let h: TempHost
  let first: Result
  beforeAll(() => {
    h = twoGuestHost()
    first = top(h, '-b', '-i', '2', '-d', '1')
  })
  afterAll(() => h.cleanup())

  it('prints two xentop -b frames, no ANSI escapes, exit 0', () => {
    // A manual clock moves only when a command runs it: top says that it does.
    expect(first.stderr).toBe('xl top: the host has a manual clock; each frame runs it forward by 1 s (the new time is kept)\n')
    expect(first.code).toBe(0)
    expect(first.stdout).not.toMatch(/\x1b/)
    const sampleLines = SAMPLE.split('\n').filter(Boolean)
    const lines = first.stdout.split('\n').filter(Boolean)
    expect(lines).toHaveLength(8)
    expect(lines[0]).toBe(sampleLines[0])
    expect(lines[4]).toBe(sampleLines[0])
    // Every row has the sample's fixed-width layout.
    for (const l of lines) expect(l.length).toBe(sampleLines[1]!.length)
    const rowShape = /^ {2}Domain-0 [-a-z]{6} +\d+ +\d+\.\d +\d+ +\d+\.\d +\d+ +\d+\.\d +\d+ +0 +0 +0 +0 +0 +0 +0 +0 +0 +0$/
    expect(lines[1]).toMatch(rowShape)
  })

  it('the first frame has CPU(%) 0.0; then a cpu-bound guest with a pCPU to itself shows ~100%', () => {
    const [f1, f2] = frames(first.stdout)
    expect(f1!.map(r => r.name)).toEqual(['Domain-0', 'g1', 'g2'])
    expect(f1!.every(r => r.cpuPct === 0)).toBe(true)
    const byName = Object.fromEntries(f2!.map(r => [r.name, r]))
    for (const g of ['g1', 'g2']) {
      expect(byName[g]!.cpuPct).toBeGreaterThan(95)
      expect(byName[g]!.cpuPct).toBeLessThanOrEqual(100.1)
    }
    expect(byName['Domain-0']!.cpuPct).toBeLessThan(5)
    // xentop runs on a dom0 vCPU while it reads (as in the 015-top sample):
    // three vCPUs want two pCPUs, so one waits at that instant (dom0's, when
    // credit2 gives neither guest's pCPU to it: it preempts only a vCPU with
    // less credit).
    const states = ['Domain-0', 'g1', 'g2'].map(n => byName[n]!.state)
    expect(states.filter(s => s === '-----r')).toHaveLength(2)
    expect(states.filter(s => s === '------')).toHaveLength(1)
  })

  it('ran the manual clock forward by one delay, and is deterministic', () => {
    expect(h.xl('clock').stdout).toMatch(/now +: 1000000000 ns/)
    const other = twoGuestHost()
    try {
      expect(top(other, '-b', '-i', '2', '-d', '1')).toEqual(first)
    } finally {
      other.cleanup()
    }
  })

  it('refuses a bad delay with one line and exit 1, leaving the clock alone', () => {
    const r = top(h, '-b', '-i', '1', '-d', 'soon')
    expect(r.code).toBe(1)
    expect(r.stderr.trim().split('\n')).toHaveLength(1)
    expect(r.stderr).toMatch(/invalid duration 'soon'/)
    expect(h.xl('clock').stdout).toMatch(/now +: 1000000000 ns/)
  })
})

describe('what moves a manual clock (README: clock advance, top, runstate stress)', () => {
  it('xl top -b keeps the time its frames ran; runstate stress keeps the time it ran; list does not move it', () => {
    const h = tempHost()
    try {
      expect(h.xl('host', 'init', '--force', '--clock', 'manual', '--arch', 'x86_64', '--cpus', '2').code).toBe(0)
      expect(h.xl('create', h.file('g.cfg', cfg({name: 'g', type: 'pv', kernel: 'linux-4.6', memory: 128, vcpus: 2, workload: 'duty:50:5ms'}))).code).toBe(0)
      const now = () => Number(/now +: (\d+) ns/.exec(h.xl('clock').stdout)![1])
      const t0 = now()
      h.xl('list')
      expect(now()).toBe(t0)
      const t = top(h, '-b', '-d', '2', '-i', '3')
      expect(t.stderr).toBe('xl top: the host has a manual clock; each frame runs it forward by 2 s (the new time is kept)\n')
      expect(now()).toBe(t0 + 4e9)
      const s = h.xl('runstate', 'stress', 'g', '--reads', '200')
      expect(s.code).toBe(0)
      const ran = Number(/in ([\d.]+) s of simulated time/.exec(s.stdout)![1])
      expect(ran).toBeGreaterThan(0)
      expect(now()).toBeGreaterThanOrEqual(t0 + 4e9 + Math.floor(ran * 1e3) * 1e6)
    } finally {
      h.cleanup()
    }
  })
})

describe('xl top -b and another process holding the write lock', () => {
  it('waits for the lock instead of exiting at the first busy timeout', async () => {
    const h = twoGuestHost()
    try {
      // Longer than a writer waits for a holder that commits nothing (10 s).
      const lock = await holdWriteLock(h.state, 12_000)
      const r = await xlAsync(h.state, 'top', '-b', '-i', '2', '-d', '1')
      await lock.released
      expect(r.stderr).toBe('xl top: the host is locked by another xl process; waiting for it\n' +
        'xl top: the host has a manual clock; each frame runs it forward by 1 s (the new time is kept)\n')
      expect(r.code).toBe(0)
      expect(r.stdout.match(/^ +NAME /gm)).toHaveLength(2)
      expect(h.xl('clock').stdout).toMatch(/now +: 1000000000 ns/)
    } finally {
      h.cleanup()
    }
  }, 30_000)
})

const {tmux, screen, waitFor} = terminal('top', 'top')

describe('xl top on a terminal', () => {
  afterAll(() => {
    if (hasTmux) tmux('kill-server')
  })

  it.skipIf(!hasTmux)('shows the header and domain rows, takes speed/sort/delay keys, quits on q with exit 0', async () => {
    const h = twoGuestHost()
    try {
      tmux('new-session', '-d', '-s', 'top', '-x', '100', '-y', '30',
        `env XLSIM_STATE='${h.state}' '${process.execPath}' '${BIN}' top; echo "EXITED rc=$?"; sleep 60`)
      await waitFor(s => s.includes('xl top - ') && /^ +g1 -----r/m.test(s), 'the header and a g1 row')
      let s = screen()
      expect(s).toMatch(/Xen 4\.17\.7 {2}x86_64 {2}credit2 {2}2 pCPUs/)
      expect(s).toMatch(/3 domains: /)
      expect(s).toMatch(/NAME +STATE +CPU\(sec\) +CPU\(%\) +STEAL\(%\)/)
      // The manual clock runs at 1x: a refresh shows g1 busy.
      await waitFor(t => /^ +g1 -----r +\d+ +(9\d|100)\.\d/m.test(t), 'g1 near 100% CPU')
      tmux('send-keys', '-t', 'top', '+')
      await waitFor(t => t.includes('Speed 2x'), 'speed 2x')
      tmux('send-keys', '-t', 'top', 's', 'd', '3')
      await waitFor(t => t.includes('Delay (simulated seconds per frame): 3'), 'the delay prompt')
      tmux('send-keys', '-t', 'top', 'Enter')
      await waitFor(t => t.includes('Delay 3s  Speed 2x'), 'delay 3s')
      // xentop's prompt shows what is typed; a non-number is refused in one line, the delay kept.
      tmux('send-keys', '-t', 'top', 'd', 'abc')
      await waitFor(t => t.includes('Delay (simulated seconds per frame): abc'), 'abc at the delay prompt')
      tmux('send-keys', '-t', 'top', 'Enter')
      await waitFor(t => t.includes("delay 'abc' not a number of seconds (e.g. 2 or 0.5); delay stays 3s"), 'the bad delay message')
      tmux('send-keys', '-t', 'top', 'q')
      s = await waitFor(t => t.includes('EXITED rc=0'), 'exit 0')
      // The alternate screen is gone: no table left behind.
      expect(s).not.toMatch(/STEAL\(%\)/)
    } finally {
      tmux('kill-session', '-t', 'top')
      h.cleanup()
    }
  }, 60_000)

  it.skipIf(!hasTmux)('on a 60-column terminal: lines wrap at 60 as curses wraps them, the screen does not scroll', async () => {
    const h = twoGuestHost()
    try {
      tmux('new-session', '-d', '-s', 'top', '-x', '60', '-y', '20',
        `env XLSIM_STATE='${h.state}' '${process.execPath}' '${BIN}' top; echo "EXITED rc=$?"; sleep 60`)
      const s = await waitFor(t => /^ +g2 -----r/m.test(t), 'the g2 row')
      const lines = s.split('\n')
      // The first screen line is the header's first 60 characters, the column header wraps mid-word.
      expect(lines[0]).toMatch(/^xl top - 0:00:\d\d\.\d{3} simulated \(manual clock, run by top\)$/)
      expect(lines[1]).toMatch(/^Xen 4\.17\.7 {2}x86_64 {2}credit2 {2}2 pCPUs$/)
      const at = lines.indexOf('      NAME  STATE   CPU(sec) CPU(%) STEAL(%)     MEM(k) MEM(')
      expect(at).toBeGreaterThan(0)
      expect(lines[at + 1]).toBe('%)  MAXMEM(k) VCPUS')
      // The status line sits at the bottom, as xentop's (one line is left for ink).
      expect(lines.findIndex(l => l.startsWith('Delay 1s'))).toBe(18)
      tmux('send-keys', '-t', 'top', 'q')
      await waitFor(t => t.includes('EXITED rc=0'), 'exit 0')
    } finally {
      tmux('kill-session', '-t', 'top')
      h.cleanup()
    }
  }, 60_000)
})
