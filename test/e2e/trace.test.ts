// xl trace through the built CLI: xentrace files read back with a decoder
// of trace.h's records, Perfetto JSON checked for what the Perfetto UI
// needs, recording across commands with a bounded buffer, bad input.
import {describe, expect, it} from 'vitest'
import {spawn} from 'node:child_process'
import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {BIN, cfg, tempHosts, type TempHost} from '../helpers/cli.js'
import {decodeXentrace} from '../../src/hypervisor/trace/xentrace-file.js'

const host = tempHosts()
const RUNSTATE_CHANGE = 0x00021001
const LOST_RECORDS = 0x0001f001

/** A 2-pCPU manual-clock host with 4 busy-ish vCPUs and 2 that come and go. */
function contended(h: TempHost): string[] {
  const busy = h.file('busy.cfg', cfg({name: 'busy', kernel: 'linux-4.6-runstate', vcpus: 2, memory: 512, workload: 'cpu'}))
  const web = h.file('web.cfg', cfg({name: 'web', kernel: 'linux-6.1', vcpus: 2, memory: 512, workload: 'duty:40:20ms'}))
  return ['host init --force --arch x86_64 --cpus 2 --clock manual', `create -q ${busy}`, `create -q ${web}`, 'clock advance 1s']
}

function run(h: TempHost, lines: string[]): string {
  const r = h.xlInput(lines.join('\n') + '\n', 'shell')
  expect(r.code, r.stderr).toBe(0)
  return r.stdout
}

describe('xl trace', () => {
  it('writes a xentrace file: CPU_CHANGE windows, trace.h records, TSCs rising per pCPU, the counts it prints', () => {
    const h = host()
    const file = join(h.dir, 'host.trace')
    const out = run(h, [...contended(h), `trace -T 2s --runstates ${file}`, 'uptime'])
    const m = /host\.trace: xentrace trace of 2\.000 s \(simulated\), (\d+) records, 0 lost, [\d.]+ KiB\n/.exec(out)
    expect(m, out).not.toBeNull()
    expect(out).toContain(`TSC at 2096.018 MHz (xl info cpu_mhz): xenalyze --summary --cpu-hz=2096018000 ${file}\n`)
    // The clock advanced by the duration.
    expect(out).toMatch(/Domain-0 +0 +0:00:03/)
    const windows = decodeXentrace(readFileSync(file))
    let records = 0
    const last = new Map<number, bigint>()
    // Windows of one poll come in pCPU order; 2 s of polls every 100 ms make at most 2 x 21 windows.
    expect(windows.length).toBeGreaterThan(20)
    expect(windows.length).toBeLessThanOrEqual(42)
    for (const w of windows) {
      expect([0, 1]).toContain(w.cpu)
      for (const r of w.records) {
        records++
        expect(r.tsc! > (last.get(w.cpu) ?? 0n)).toBe(true)
        last.set(w.cpu, r.tsc!)
        expect(r.event).not.toBe(LOST_RECORDS)
      }
    }
    expect(records).toBe(Number(m![1]))
    // Running time of busy's vCPUs from the file's runstate changes: about 2 s of 2 pCPUs, shared by 4 vCPUs.
    const changes = windows.flatMap(w => w.records).filter(r => (r.event & 0xfffff00f) === RUNSTATE_CHANGE)
    const d1 = changes.filter(r => r.extra[0] >>> 16 === 1)
    expect(d1.length).toBeGreaterThan(100)
    // --runstates: one row per vCPU seen running, in seconds.
    const rows = out.split('\n').filter(l => /^d\d+v\d+ /.test(l))
    expect(rows.map(l => l.split(/ +/)[0])).toEqual(expect.arrayContaining(['d1v0', 'd1v1', 'd2v0', 'd2v1']))
    for (const row of rows) {
      const t = row.split(/ +/).slice(1).map(Number)
      expect(t.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(2.01)
    }
  })

  it('changes nothing: a traced host ends as the same host advanced without tracing', () => {
    const a = host(), b = host()
    const look = ['vcpu-list', 'runstate busy', 'runstate web', 'debug-keys r', 'dmesg']
    const plain = run(a, [...contended(a), 'clock advance 1500ms', ...look])
    const traced = run(b, [...contended(b), `trace -T 1500ms ${join(b.dir, 't.trace')}`, ...look])
    expect(traced.slice(traced.indexOf('Name'))).toBe(plain.slice(plain.indexOf('Name')))
  })

  it('writes Perfetto JSON for a .json file: X slices only, every track named, counters, ns display', () => {
    const h = host()
    const file = join(h.dir, 'host.json')
    const out = run(h, [...contended(h), `trace -T 500ms ${file}`])
    expect(out).toContain('host.json: perfetto trace of 0.500 s')
    const t = JSON.parse(readFileSync(file, 'utf8')) as {displayTimeUnit: string; traceEvents: Record<string, unknown>[]}
    expect(t.displayTimeUnit).toBe('ns')
    const phases = new Set(t.traceEvents.map(e => e.ph))
    expect([...phases].sort()).toEqual(['C', 'M', 'X'])
    const names = new Map<string, string>()
    const procs = new Map<number, string>()
    for (const e of t.traceEvents) {
      if (e.name === 'thread_name') names.set(`${e.pid}/${e.tid}`, (e.args as {name: string}).name)
      if (e.name === 'process_name') procs.set(e.pid as number, (e.args as {name: string}).name)
    }
    expect([...procs.values()]).toEqual(expect.arrayContaining(['Xen pCPUs', 'Domain-0 (d0)', 'busy (d1)', 'web (d2)']))
    expect([...names.values()]).toEqual(expect.arrayContaining(['pCPU 0', 'pCPU 1', 'd1v0', 'd1v1', 'd2v0', 'd2v1']))
    const byTrack = new Map<string, {ts: number; dur: number}[]>()
    for (const e of t.traceEvents.filter(e => e.ph === 'X')) {
      const k = `${e.pid}/${e.tid}`
      expect(names.has(k), k).toBe(true)
      expect(e.dur as number).toBeGreaterThan(0)
      byTrack.set(k, [...(byTrack.get(k) ?? []), {ts: e.ts as number, dur: e.dur as number}])
    }
    // Slices on a track follow one another (no overlap, so no bad nesting).
    for (const [k, s] of byTrack) {
      s.sort((x, y) => x.ts - y.ts)
      for (let i = 1; i < s.length; i++) expect(s[i].ts, k).toBeGreaterThanOrEqual(s[i - 1].ts + s[i - 1].dur - 0.0015)
    }
    // A vCPU's runstate slices cover the whole 500 ms.
    const v = byTrack.get([...names].find(([, n]) => n === 'd1v0')![0])!
    expect(v.reduce((a, s) => a + s.dur, 0)).toBeCloseTo(500_000, 0)
    const counters = t.traceEvents.filter(e => e.ph === 'C').map(e => e.name)
    expect(counters).toContain('steal %')
    expect(counters).toContain('pCPU 1 load %')
  })

  it('records across commands with bounded buffers: lost records end each full window, as TRC_LOST_RECORDS', () => {
    const h = host()
    const file = join(h.dir, 'boot.trace')
    const g = h.file('g.cfg', cfg({name: 'g', kernel: 'linux-6.1', vcpus: 1, memory: 256, workload: 'io:2'}))
    const out = run(h, [...contended(h), 'trace start -S 2', 'clock advance 10ms', `create -q ${g}`, 'pause web',
      'clock advance 50ms', 'unpause web', 'destroy g', 'clock advance 2s', `trace stop ${file}`])
    const m = /boot\.trace: xentrace trace of 2\.060 s \(simulated\), (\d+) records, (\d+) lost/.exec(out)
    expect(m, out).not.toBeNull()
    expect(Number(m![2])).toBeGreaterThan(0)
    const windows = decodeXentrace(readFileSync(file))
    expect(windows.map(w => w.cpu)).toEqual([0, 1])
    let lost = 0
    for (const w of windows) {
      const r = w.records[w.records.length - 1]
      expect(r.event).toBe(LOST_RECORDS)
      lost += r.extra[0]
      expect(w.records.reduce((n, x) => n + 12 + 4 * x.extra.length, 0)).toBeLessThanOrEqual(2 * 4096 - 8 + 28)
    }
    expect(lost).toBe(Number(m![2]))
    // The domain's creation is in it (TRC_SCHED_DOM_ADD, d3).
    expect(windows[0].records.some(r => r.event === 0x00028001 && r.extra[0] === 3)).toBe(true)
  })

  it('keeps recording when the file cannot be written, and says what is wrong for each bad input', () => {
    const h = host()
    run(h, [...contended(h)])
    expect(h.xl('trace', 'stop', join(h.dir, 'x.trace'))).toMatchObject({code: 1,
      stderr: 'xl: trace: the host is not being traced; start with `xl trace start` (or record a while with `xl trace -T 10s FILE`)\n'})
    expect(h.xl('trace', 'start').code).toBe(0)
    expect(h.xl('trace', 'start')).toMatchObject({code: 1,
      stderr: 'xl: trace: the host is already being traced (mask 0x0ffff000, 32 pages per pCPU); `xl trace stop FILE` writes that trace first\n'})
    const bad = h.xl('trace', 'stop', join(h.dir, 'no', 'such', 'dir.trace'))
    expect(bad).toMatchObject({code: 1, stdout: ''})
    expect(bad.stderr).toMatch(/^xl: trace: cannot write .*dir\.trace: ENOENT\n$/)
    h.xl('clock', 'advance', '100ms')
    const ok = h.xl('trace', 'stop', join(h.dir, 'ok.trace'))
    expect(ok.code, ok.stderr).toBe(0)
    expect(ok.stdout).toContain('ok.trace: xentrace trace of 0.100 s')
    for (const [args, err] of [
      [['-T', 'soon', 'f'], "xl: trace: invalid duration 'soon': use a number and a unit (ns, us, ms, s, m, h, d), e.g. 250ms or 3s\n"],
      [['-T', '0', 'f'], 'xl: trace: the duration must be more than 0\n'],
      [['-e', 'schedx', 'f'], "xl: trace: invalid event mask 'schedx': use gen, sched, dom0op, hvm, all or a number such as 0x0002f000\n"],
      [['-S', '0', 'f'], "xl: trace: invalid buffer size 0: give 1 to 16384 pages per pCPU (xentrace's default is 32)\n"],
      [['--format', 'ctf', 'f'], "xl: trace: unknown format 'ctf': use xentrace or perfetto\n"],
    ] as [string[], string][]) {
      expect(h.xl('trace', ...args), args.join(' ')).toMatchObject({code: 2, stdout: '', stderr: err})
    }
  })

  it('follows a wall clock for -T, and Ctrl-C ends the trace early with the file written', async () => {
    const h = host()
    const busy = h.file('busy.cfg', cfg({name: 'busy', kernel: 'linux-6.1', vcpus: 2, memory: 256, workload: 'cpu'}))
    expect(h.xl('host', 'init', '--force', '--arch', 'x86_64', '--cpus', '2').code).toBe(0)
    expect(h.xl('create', '-q', busy).code).toBe(0)
    const file = join(h.dir, 'wall.trace')
    const r = h.xl('trace', '-T', '300ms', file)
    expect(r.code, r.stderr).toBe(0)
    const secs = Number(/wall\.trace: xentrace trace of ([\d.]+) s/.exec(r.stdout)![1])
    expect(secs).toBeGreaterThanOrEqual(0.3)
    expect(secs).toBeLessThan(5)
    expect(decodeXentrace(readFileSync(file)).length).toBeGreaterThan(0)
    // -T 60s, interrupted after a moment.
    const file2 = join(h.dir, 'cut.trace')
    const spawnedAt = Date.now()
    const child = spawn(process.execPath, [BIN, 'trace', '-T', '60s', file2], {env: {...process.env, XLSIM_STATE: h.state}})
    let out = ''
    child.stdout.on('data', d => (out += d))
    // Wait until it traces (the timeline refuses a traced host; before that it prints its rows once), then interrupt it.
    for (let until = Date.now() + 30_000; Date.now() < until;) {
      if (h.xl('runstate', 'timeline', 'busy').stderr.includes('being traced')) break
      await new Promise(resolve => setTimeout(resolve, 200))
    }
    await new Promise(resolve => setTimeout(resolve, 500))
    const interruptedAfter = (Date.now() - spawnedAt) / 1000
    child.kill('SIGINT')
    const code = await new Promise(resolve => child.on('exit', resolve))
    expect(code).toBe(0)
    // Ended by the interrupt, not by -T: no longer than the time until SIGINT (on a loaded machine that wait itself can be long).
    const traced = Number(/cut\.trace: xentrace trace of ([\d.]+) s/.exec(out)![1])
    expect(traced).toBeLessThanOrEqual(interruptedAfter + 0.5)
    expect(traced).toBeLessThan(60)
    expect(h.xl('trace', 'stop', join(h.dir, 'x.trace')).code).toBe(1)
  }, 60_000)

  it('records every pCPU of a host split among cpupools, each pool with its own scheduler, and changes nothing', () => {
    const pools = (h: TempHost): string[] => [...contended(h), `cpupool-create 'name="p1"' 'sched="credit"'`, 'cpupool-cpu-remove Pool-0 1',
      'cpupool-cpu-add p1 1', 'cpupool-migrate web p1', 'clock advance 200ms']
    const a = host(), b = host()
    const look = ['vcpu-list', 'runstate busy', 'runstate web']
    const plain = run(a, [...pools(a), 'clock advance 1s', ...look])
    const file = join(b.dir, 'pools.trace')
    const traced = run(b, [...pools(b), `trace -T 1s --runstates ${file}`, ...look])
    expect(traced.slice(traced.indexOf('Name'))).toBe(plain.slice(plain.indexOf('Name')))
    expect(traced).toMatch(/pools\.trace: xentrace trace of 1\.000 s \(simulated\), \d+ records, 0 lost/)
    const windows = decodeXentrace(readFileSync(file))
    const last = new Map<number, bigint>()
    const seen = new Map<number, Set<number>>()
    for (const w of windows) {
      for (const r of w.records) {
        expect(r.tsc! > (last.get(w.cpu) ?? 0n)).toBe(true)
        last.set(w.cpu, r.tsc!)
        if ((r.event & 0xfffff00f) === RUNSTATE_CHANGE) {
          const s = seen.get(w.cpu) ?? new Set<number>()
          s.add(r.extra[0] >>> 16)
          seen.set(w.cpu, s)
        }
      }
    }
    // busy (d1) runs on Pool-0's pCPU 0, web (d2) on p1's pCPU 1: both are traced.
    expect(seen.get(0)?.has(1)).toBe(true)
    expect(seen.get(1)?.has(2)).toBe(true)
    expect(seen.get(1)?.has(1)).toBe(false)
    // Each pool's scheduler traces its class events: credit2's on pCPU 0, credit's (TRC_SCHED_CLASS_EVT(CSCHED, n)) on pCPU 1.
    const classes = (cpu: number) => new Set(windows.filter(w => w.cpu === cpu).flatMap(w => w.records).filter(r => (r.event & 0xff000) === 0x22000).map(r => (r.event >>> 9) & 7))
    expect(classes(0)).toEqual(new Set([1]))
    expect(classes(1)).toEqual(new Set([0]))
    // Recording across commands and the timeline work there too.
    expect(b.xl('trace', 'start').code).toBe(0)
    run(b, ['clock advance 300ms'])
    const stop = b.xl('trace', 'stop', join(b.dir, 'later.trace'))
    expect(stop.code, stop.stderr).toBe(0)
    expect(new Set(decodeXentrace(readFileSync(join(b.dir, 'later.trace'))).map(w => w.cpu))).toEqual(new Set([0, 1]))
    const tl = b.xl('runstate', 'timeline', 'web')
    expect(tl.code, tl.stderr).toBe(0)
  })
})
