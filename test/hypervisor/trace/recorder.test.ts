import {describe, expect, it} from 'vitest'
import {MS, S} from '../sched/helpers.js'
import {contended} from './helpers.js'
import {
  decodeXentrace, encodeXentrace, mergeWindows, recordFor, startTracing, stopTracing, TraceRecorder, TRC_ALL, type DecodedWindow,
} from '../../../src/hypervisor/trace/index.js'
import {maskAllows, parseEvtMask, recHeader, trcSchedClassEvt} from '../../../src/hypervisor/trace/events.js'
import type {SchedulerName} from '../../../src/hypervisor/types.js'

// The numbers of xen/include/public/trace.h (Xen 4.17), written out.
const TRC = {
  LOST_RECORDS: 0x0001f001, CPU_CHANGE: 0x0001f003,
  RUNSTATE_CHANGE: 0x00021001, CONTINUE_RUNNING: 0x00021002,
  DOM_ADD: 0x00028001, DOM_REM: 0x00028002, SLEEP: 0x00028003, WAKE: 0x00028004, BLOCK: 0x00028006,
  SWITCH: 0x0002800a, INFPREV: 0x0002800e, INFNEXT: 0x0002800f, INFCONT: 0x00028011,
  // TRC_SCHED_CLASS_EVT(CSCHED, 6..8) and (CSCHED2, 6..7): credit.c / credit2.c.
  CSCHED_TICKLE: 0x00022006, CSCHED_SCHEDULE: 0x00022009, CSCHED_STEAL_CHECK: 0x0002200b, CSCHED_BOOST_START: 0x00022007, CSCHED_BOOST_END: 0x00022008,
  CSCHED2_TICKLE: 0x00022206, CSCHED2_CREDIT_RESET: 0x00022207,
  // TRC_SCHED_CLASS_EVT(CSCHED2, 2) and (CSCHED2, 3).
  CSCHED2_RUNQ_POS: 0x00022202, CSCHED2_CREDIT_BURN: 0x00022203,
}
const KNOWN = new Set(Object.values(TRC).filter(e => e !== TRC.RUNSTATE_CHANGE))
/** Extra words each event carries (TRACE_nD / the struct passed to __trace_var). */
const WORDS: Record<number, number> = {
  [TRC.LOST_RECORDS]: 4, [TRC.CONTINUE_RUNNING]: 1, [TRC.DOM_ADD]: 1, [TRC.DOM_REM]: 1, [TRC.SLEEP]: 2,
  [TRC.WAKE]: 2, [TRC.BLOCK]: 2, [TRC.SWITCH]: 4, [TRC.INFPREV]: 3, [TRC.INFNEXT]: 4, [TRC.INFCONT]: 4,
  [TRC.CSCHED_TICKLE]: 1, [TRC.CSCHED_BOOST_START]: 2, [TRC.CSCHED_BOOST_END]: 2, [TRC.CSCHED2_TICKLE]: 1, [TRC.CSCHED2_CREDIT_RESET]: 3,
  [TRC.CSCHED2_RUNQ_POS]: 2, [TRC.CSCHED2_CREDIT_BURN]: 4,
}

function traceOf(sched: SchedulerName, ns: number, opts = {drained: true}) {
  const host = contended(sched)
  const r = startTracing(host, opts)
  recordFor(host, ns, 100 * MS)
  const rest = stopTracing(host, r)
  const bytes = encodeXentrace(mergeWindows(rest))
  return {host, r, bytes, windows: decodeXentrace(bytes)}
}

/** Every record of the file in TSC order, with its pCPU. */
function merged(windows: DecodedWindow[]) {
  return windows.flatMap(w => w.records.map(r => ({...r, cpu: w.cpu}))).sort((a, b) => (a.tsc! < b.tsc! ? -1 : a.tsc! > b.tsc! ? 1 : 0))
}

describe('trace records (struct t_rec of trace.h)', () => {
  it('encodes headers as event:28, extra_u32:3, cycles_included:1', () => {
    expect(recHeader(TRC.RUNSTATE_CHANGE | 0x010, 1, true)).toBe(0x90021011)
    expect(recHeader(TRC.CPU_CHANGE, 2, false)).toBe(0x2001f003)
    expect(trcSchedClassEvt(1, 1)).toBe(0x00022201) // TRC_CSCHED2_TICK
    expect(trcSchedClassEvt(0, 3)).toBe(0x00022003)
  })

  it('filters by tb_event_mask as __trace_var does, and parses xentrace -e', () => {
    expect(maskAllows(0x0ffff000, TRC.RUNSTATE_CHANGE)).toBe(true)
    expect(maskAllows(0x0002f000, TRC.SWITCH)).toBe(true)
    expect(maskAllows(0x00021000, TRC.SWITCH)).toBe(false)
    expect(maskAllows(0x0001f000, TRC.WAKE)).toBe(false)
    expect(parseEvtMask('sched')).toBe(0x0002f000)
    expect(parseEvtMask('0x21000')).toBe(0x21000)
    expect(parseEvtMask('all')).toBe(0x0ffff000)
    for (const bad of ['', 'schedx', '0x', '-1', '1e3', '0x1ffffffff']) expect(parseEvtMask(bad)).toHaveProperty('error')
  })

  it('writes windows that each start with TRC_TRACE_CPU_CHANGE, records of trace.h sizes, TSCs rising on every pCPU', () => {
    const {windows, bytes, r} = traceOf('credit2', 1 * S)
    expect(bytes.length % 4).toBe(0)
    expect(new DataView(bytes.buffer).getUint32(0, true)).toBe(0x2001f003)
    expect(windows.length).toBeGreaterThan(10)
    let records = 0
    const lastTsc = new Map<number, bigint>()
    for (const w of windows) {
      expect(w.cpu).toBeGreaterThanOrEqual(0)
      expect(w.cpu).toBeLessThan(2)
      for (const rec of w.records) {
        records++
        expect(rec.tsc).not.toBeNull()
        if ((rec.event & 0xfffff00f) === TRC.RUNSTATE_CHANGE) expect(rec.extra.length).toBe(1)
        else {
          expect(KNOWN.has(rec.event), rec.event.toString(16)).toBe(true)
          expect(rec.extra.length).toBe(WORDS[rec.event])
        }
        const prev = lastTsc.get(w.cpu) ?? -1n
        expect(rec.tsc! > prev).toBe(true)
        lastTsc.set(w.cpu, rec.tsc!)
      }
    }
    expect(records).toBe(r.records)
    expect(r.lostTotal).toBe(0)
    // credit2's own events where the model makes the same decisions: tickles and credit resets.
    const events = new Set(windows.flatMap(w => w.records.map(x => x.event)))
    expect(events.has(TRC.CSCHED2_TICKLE)).toBe(true)
    expect(events.has(TRC.CSCHED2_CREDIT_RESET)).toBe(true)
    // Polls every 100 ms of simulated time: windows in poll order, pCPU order within a poll.
    expect(windows.length).toBeLessThanOrEqual(2 * 11)
  })

  it("writes rtds' tickles as rt.c does: TRC_SCHED_CLASS_EVT(RTDS, 1), {cpu:16, pad:16}", () => {
    const {windows} = traceOf('rtds', 1 * S)
    const tickles = merged(windows).filter(x => x.event === 0x00022801)
    expect(tickles.length).toBeGreaterThan(10)
    for (const x of tickles) {
      expect(x.extra.length).toBe(1)
      expect(x.extra[0]).toBeLessThan(2)
    }
    // Each tickle is followed on the tickled pCPU by a schedule (a switch or a continue).
    const last = tickles[tickles.length - 1]
    const after = merged(windows).filter(x => x.cpu === last.extra[0] && x.tsc! > last.tsc! && (x.event === TRC.SWITCH || x.event === TRC.INFCONT))
    expect(after.length).toBeGreaterThan(0)
  })

  it("writes credit2's runq_insert and burn_credits records with credit2.c's layouts", () => {
    const {windows} = traceOf('credit2', 1 * S)
    const all = merged(windows)
    const vcpus = new Set(['1.0', '1.1', '2.0', '2.1', '3.0'])
    const who = (w: number) => `${w >>> 16}.${w & 0xffff}`
    // RUNQ_POS: {unit:16, dom:16}, pos: the units with at least its credit ahead of it (5 vCPUs: at most 4).
    const pos = all.filter(x => x.event === TRC.CSCHED2_RUNQ_POS)
    expect(pos.length).toBeGreaterThan(50)
    for (const x of pos) {
      expect(vcpus.has(who(x.extra[0])), who(x.extra[0])).toBe(true)
      expect(x.extra[1]).toBeLessThan(5)
    }
    expect(pos.some(x => x.extra[1] > 0)).toBe(true)
    // CREDIT_BURN: {unit:16, dom:16}, credit, budget (INT_MIN: no cap), delta; by the pCPU that schedules.
    const burn = all.filter(x => x.event === TRC.CSCHED2_CREDIT_BURN)
    expect(burn.length).toBeGreaterThan(50)
    for (const x of burn) {
      expect(vcpus.has(who(x.extra[0])), who(x.extra[0])).toBe(true)
      expect(x.extra[2]).toBe(0x80000000)
      expect(x.extra[3] | 0).toBeGreaterThanOrEqual(0)
      expect(x.extra[1] | 0).toBeLessThanOrEqual(10_000_000 + 500_000)
    }
    // busy's vCPUs run all the time: their slices burn credit (delta > 0), and a schedule that
    // switches busy's vCPU out burns its credit first (CREDIT_BURN before its TRC_SCHED_SWITCH).
    expect(burn.filter(x => x.extra[0] >>> 16 === 1 && x.extra[3] > 0).length).toBeGreaterThan(10)
    const sw = all.findIndex(x => x.event === TRC.SWITCH && x.extra[0] === 1)
    expect(sw).toBeGreaterThan(0)
    const before = all.slice(0, sw).filter(x => x.cpu === all[sw].cpu && x.event === TRC.CSCHED2_CREDIT_BURN)
    expect(before.length).toBeGreaterThan(0)
    expect(before[before.length - 1].extra[0]).toBe(all[sw].extra[1] | (1 << 16))
  })

  it('has runstate changes that chain (old state = previous new state) and switch records that agree with them', () => {
    const {windows} = traceOf('credit', 1 * S)
    const state = new Map<string, number>()
    // What each pCPU runs, once a record said so (before that: whatever ran at the start).
    const running = new Map<number, string>()
    const known = new Set<number>()
    let changes = 0
    for (const rec of merged(windows)) {
      if ((rec.event & 0xfffff00f) !== TRC.RUNSTATE_CHANGE) continue
      const vcpu = rec.extra[0] & 0xffff, dom = rec.extra[0] >>> 16
      const key = `d${dom}v${vcpu}`
      const old = (rec.event >> 8) & 0xf, next = (rec.event >> 4) & 0xf
      expect(old).not.toBe(next)
      if (state.has(key)) expect(old, key).toBe(state.get(key))
      state.set(key, next)
      if (old === 0) {
        if (known.has(rec.cpu)) expect(running.get(rec.cpu)).toBe(key)
        known.add(rec.cpu)
        running.delete(rec.cpu)
      }
      if (next === 0) {
        expect(running.has(rec.cpu), `pCPU ${rec.cpu} already runs ${running.get(rec.cpu)}`).toBe(false)
        running.set(rec.cpu, key)
      }
      changes++
    }
    expect(changes).toBeGreaterThan(100)
    const events = new Set(merged(windows).map(x => x.event))
    for (const e of [TRC.CSCHED_TICKLE, TRC.CSCHED_BOOST_START, TRC.CSCHED_BOOST_END]) expect(events.has(e), e.toString(16)).toBe(true)
    expect([...state.keys()]).toEqual(expect.arrayContaining(['d1v0', 'd1v1', 'd2v0', 'd3v0']))
  })

  it('loses records into a full buffer and says so with TRC_LOST_RECORDS, as xentrace shows it', () => {
    const host = contended('credit2')
    const r = startTracing(host, {bufPages: 1})
    recordFor(host, 1 * S, 100 * MS)
    const rest = stopTracing(host, r)
    const windows = decodeXentrace(encodeXentrace(mergeWindows(rest)))
    expect(windows.map(w => w.cpu)).toEqual([0, 1])
    expect(r.lostTotal).toBeGreaterThan(0)
    let lost = 0
    for (const w of windows) {
      const last = w.records[w.records.length - 1]
      expect(last.event).toBe(TRC.LOST_RECORDS)
      lost += last.extra[0]
      const firstTsc = BigInt(last.extra[2]) | (BigInt(last.extra[3]) << 32n)
      expect(firstTsc <= last.tsc!).toBe(true)
      // One page less struct t_buf, plus the lost record Xen writes once there is room.
      expect(w.records.reduce((n, rec) => n + 4 + 8 + 4 * rec.extra.length, 0)).toBeLessThanOrEqual(4096 - 8 + 28)
    }
    expect(lost).toBe(r.lostTotal)
  })

  it('hands out the windows of a long -T trace: more than a call takes arguments (one per pCPU and poll)', () => {
    const r = new TraceRecorder({cpus: 1, cpuKhz: 2_000_000, mask: TRC_ALL, bufPages: 1, epochNs: 0n, startNs: 0, drained: true})
    const core = {now: 0, slice: -1, pcpus: [], units: []}
    r.started(core as unknown as Parameters<TraceRecorder['started']>[0])
    const polls = 200_000
    for (let i = 0; i < polls; i++) {
      core.now += 100 * MS
      r.classEvent(0, TRC.CSCHED_TICKLE, 1, i, 0, 0, 0)
    }
    const windows = r.flush()
    // The last record's window is still open (the poll that takes it is due at the next record).
    expect(windows.length).toBe(polls)
    expect(windows[polls - 1].words[3]).toBe(polls - 1)
  })

  it('keeps a record made after the last one, on its pCPU and at its time, without its low word, and gives it the next TSC', () => {
    // 1 cycle per ns, from 2^32 - 3: the fourth TSC carries into the high word.
    const r = new TraceRecorder({cpus: 2, cpuKhz: 1_000_000, mask: TRC_ALL, bufPages: 4, epochNs: 2n ** 32n - 3n, startNs: 0, drained: false})
    const core = {now: 0, slice: -1, pcpus: [], units: []}
    r.started(core as unknown as Parameters<TraceRecorder['started']>[0])
    const tickle = (cpu: number, target: number) => r.classEvent(cpu, TRC.CSCHED2_TICKLE, 1, target, 0, 0, 0)
    for (let i = 0; i < 6; i++) tickle(0, i)
    tickle(1, 6)
    tickle(0, 7)
    const first = r.flush()
    tickle(0, 8)
    const windows = decodeXentrace(encodeXentrace(mergeWindows([...first, ...r.flush()])))
    const t0 = 2n ** 32n - 3n
    // The two flushes are one poll's: one window a pCPU in the file (the second piece starts with its TSC in full).
    expect(windows.map(w => [w.cpu, w.records.map(rec => [rec.tsc! - t0, rec.extra[0]])])).toEqual([
      [0, [0, 1, 2, 3, 4, 5, 7, 8].map(t => [BigInt(t), t])],
      [1, [[6n, 6]]],
    ])
    // Chained: the third (after the second, written whole) and the sixth (after the carry, which starts a high word).
    const data = (first[0] as unknown as {data: Uint32Array}).data
    // High word, 0, 1, 2 chained, high word, 3, 4, 5 chained, 7: two words a chained record, three the others.
    expect(data.length).toBe(2 + 3 + 3 + 2 + 2 + 3 + 3 + 2 + 3)
    expect([8, 18].map(i => (data[i] & 0x08000000) !== 0)).toEqual([true, true])
  })

  it('writes a run given as bits (classEventMask), with the record before it, as the same records as classEvent and the pairs of classEventRun, lost records, polls and carries included', () => {
    for (const [bufPages, drained] of [[1, true], [1, false], [4, true]] as const) {
      const files = ['mask', 'run'].map(how => {
        // 1 cycle per ns, from just under a carry into the TSC's high word.
        const r = new TraceRecorder({cpus: 4, cpuKhz: 1_000_000, mask: TRC_ALL, bufPages, epochNs: 2n ** 32n - 40_000n, startNs: 0, drained})
        const core = {now: 0, slice: -1, pcpus: [], units: []}
        r.started(core as unknown as Parameters<TraceRecorder['started']>[0])
        let seed = 12345
        const rnd = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0)
        for (let i = 0; i < 3000; i++) {
          if (rnd() % 3 === 0) core.now += (rnd() % 50 === 0 ? 150 * MS : 0) + (rnd() % 20_000)
          const cpu = rnd() % 4, start = (cpu + 1) & 31
          const mask = (rnd() & rnd() & (rnd() % 7 === 0 ? 0 : -1)) | 0, multi = rnd() | 0
          // Every other one after a TRC_CSCHED_SCHEDULE of one word.
          const head = rnd() % 2 === 0 ? TRC.CSCHED_SCHEDULE : 0, headA = rnd() & 0x100ffff
          if (how === 'mask') r.classEventMask(cpu, TRC.CSCHED_STEAL_CHECK, start, mask, multi, head, headA)
          else {
            if (head !== 0) r.classEvent(cpu, head, 1, headA, 0, 0, 0)
            const pairs = new Uint32Array(32)
            let n = 0
            for (let j = 0; j < 32; j++) if ((mask >>> j) & 1) pairs[n++] = ((j + start) & 31) | (((multi >>> j) & 1) << 16)
            r.classEventRun(cpu, TRC.CSCHED_STEAL_CHECK, pairs, n)
          }
          if (rnd() % 4 === 0) r.classEvent(cpu, TRC.CSCHED_TICKLE, 1, i, 0, 0, 0)
        }
        return {file: encodeXentrace(mergeWindows((r.poll(core.now, true), r.flush()))), records: r.records, lost: r.lostTotal}
      })
      expect(files[0].records).toBe(files[1].records)
      expect(files[0].lost).toBe(files[1].lost)
      expect(Buffer.from(files[0].file).equals(Buffer.from(files[1].file))).toBe(true)
      if (bufPages === 1) expect(files[0].lost).toBeGreaterThan(0)
    }
  })

  it('refuses a file that is not a xentrace file, naming the offset', () => {
    expect(() => decodeXentrace(new Uint8Array(12).fill(7))).toThrow(/offset 0: expected TRC_TRACE_CPU_CHANGE/)
    expect(() => decodeXentrace(new Uint8Array(13))).toThrow(/whole number of words/)
    const ok = encodeXentrace([{cpu: 0, poll: 0, words: new Uint32Array([recHeader(TRC.WAKE, 2, true), 1, 0, 5, 0])}])
    expect(decodeXentrace(ok)[0].records[0]).toEqual({event: TRC.WAKE, tsc: 1n, extra: [5, 0]})
    expect(() => decodeXentrace(ok.subarray(0, ok.length - 4))).toThrow(/runs past the end/)
  })
})
