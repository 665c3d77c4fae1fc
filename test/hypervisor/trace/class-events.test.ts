// The class events of credit.c, rt.c and null.c (Xen 4.17), decoded from
// the file against the C structs they are written from: field order, sizes
// and packing, word by word.
import {describe, expect, it} from 'vitest'
import {addGuest, schedSnapshot, testHost, MS, S} from '../sched/helpers.js'
import {contended} from './helpers.js'
import {advanceTo, cpupoolAddCpu, cpupoolCreate, cpupoolRemoveCpu} from '../../../src/hypervisor/sched/index.js'
import {DOM0, setVcpuAffinity} from '../../../src/hypervisor/domctl.js'
import {decodeXentrace, encodeXentrace, mergeWindows, recordFor, startTracing, stopTracing, type DecodedWindow} from '../../../src/hypervisor/trace/index.js'
import type {Host} from '../../../src/hypervisor/host.js'

// TRC_SCHED_CLASS_EVT(CSCHED=0 / RTDS=4 / SNULL=5, n), written out: 0x00022000 | id << 9 | n.
const CSCHED = {ACCOUNT_START: 0x22002, ACCOUNT_STOP: 0x22003, STOLEN_UNIT: 0x22004, PICKED_CPU: 0x22005, SCHEDULE: 0x22009, RATELIMIT: 0x2200a, STEAL_CHECK: 0x2200b}
const RTDS = {TICKLE: 0x22801, RUNQ_PICK: 0x22802, BUDGET_BURN: 0x22803, BUDGET_REPLENISH: 0x22804, SCHEDULE: 0x22806}
const SNULL = {PICKED_CPU: 0x22a01, UNIT_ASSIGN: 0x22a02, UNIT_DEASSIGN: 0x22a03, MIGRATE: 0x22a04, SCHEDULE: 0x22a05}
const SWITCH = 0x2800a
const DOMID_IDLE = 0x7fff

interface Rec {
  cpu: number
  event: number
  tsc: bigint
  extra: number[]
}

function records(windows: DecodedWindow[]): Rec[] {
  return windows.flatMap(w => w.records.map(r => ({cpu: w.cpu, event: r.event, tsc: r.tsc!, extra: r.extra})))
    .sort((a, b) => (a.tsc < b.tsc ? -1 : a.tsc > b.tsc ? 1 : 0))
}

function traced(host: Host, ns: number, between?: (h: Host) => void) {
  const r = startTracing(host, {drained: true})
  if (between) between(host)
  recordFor(host, ns, 100 * MS)
  const bytes = encodeXentrace(mergeWindows(stopTracing(host, r)))
  return {r, all: records(decodeXentrace(bytes))}
}

/** NOW() (ns since boot) at a record's TSC: the TSC counts cpu_khz cycles per ms since boot. */
function bootNsOf(r: ReturnType<typeof startTracing>, tsc: bigint): number {
  return Number((tsc * 1_000_000n) / BigInt(r.cpuKhz))
}

const who = (w: number) => `${w >>> 16}.${w & 0xffff}`
const u64 = (lo: number, hi: number) => lo + hi * 2 ** 32

describe('credit.c class events', () => {
  const host = contended('credit', 4)
  // A pin moves a running vCPU (csched_res_pick()'s PICKED_CPU); a domain made while traced is accounted from its first tick.
  const {all} = traced(host, 2 * S, h => {
    setVcpuAffinity(h, DOM0, 1, 0, [3], undefined)
    addGuest(h, 'late', {vcpus: 2, workload: ['cpu', 'io:1']})
  })

  it('SCHEDULE: struct {unsigned cpu:16, tasklet:8, idle:8}, one word, idle as the pCPU ran before', () => {
    const sched = all.filter(x => x.event === CSCHED.SCHEDULE)
    expect(sched.length).toBeGreaterThan(100)
    const running = new Map<number, number>()
    let checked = 0
    for (const x of all) {
      if (x.event === SWITCH) running.set(x.cpu, x.extra[2])
      if (x.event !== CSCHED.SCHEDULE) continue
      expect(x.extra.length).toBe(1)
      expect(x.extra[0] & 0xffff).toBe(x.cpu)
      expect((x.extra[0] >>> 16) & 0xff).toBe(0)
      const idle = x.extra[0] >>> 24
      expect([0, 1]).toContain(idle)
      const dom = running.get(x.cpu)
      if (dom !== undefined) {
        expect(idle, `cpu ${x.cpu}`).toBe(dom === DOMID_IDLE ? 1 : 0)
        checked++
      }
    }
    expect(checked).toBeGreaterThan(50)
  })

  it('STEAL_CHECK {peer_cpu, checked} and STOLEN_UNIT {peer_cpu, dom, unit}: the stolen unit runs next on the stealer', () => {
    const checks = all.filter(x => x.event === CSCHED.STEAL_CHECK)
    expect(checks.length).toBeGreaterThan(10)
    for (const x of checks) {
      expect(x.extra.length).toBe(2)
      expect(x.extra[0]).toBeLessThan(4)
      expect(x.extra[0]).not.toBe(x.cpu)
      expect([0, 1]).toContain(x.extra[1])
    }
    expect(checks.some(x => x.extra[1] === 1)).toBe(true)
    const stolen = all.filter(x => x.event === CSCHED.STOLEN_UNIT)
    expect(stolen.length).toBeGreaterThan(0)
    for (const x of stolen) {
      expect(x.extra.length).toBe(3)
      expect(x.extra[0]).not.toBe(x.cpu)
      // The last STEAL_CHECK before it, on the same pCPU, checked that peer.
      const check = checks.filter(c => c.cpu === x.cpu && c.tsc < x.tsc).pop()!
      expect(check.extra).toEqual([x.extra[0], 1])
      const sw = all.find(s => s.event === SWITCH && s.cpu === x.cpu && s.tsc > x.tsc)!
      expect([sw.extra[2], sw.extra[3]]).toEqual([x.extra[1], x.extra[2]])
    }
  })

  it("STEAL_CHECK: csched_load_balance()'s walk, the workers after the stealer, round (consecutive records of one walk)", () => {
    const checks = all.filter(x => x.event === CSCHED.STEAL_CHECK)
    let walks = 0
    for (let i = 0; i < checks.length; i++) {
      const x = checks[i], prev = checks[i - 1]
      if (prev === undefined || prev.cpu !== x.cpu || prev.tsc + 1n !== x.tsc) {
        walks++
        continue
      }
      // After the previous peer, going round from the stealer (never back past it).
      const dist = (c: number) => (c - x.cpu + 4) % 4
      expect(dist(x.extra[0])).toBeGreaterThan(dist(prev.extra[0]))
    }
    expect(walks).toBeGreaterThan(5)
    // Some walk wrapped past the last pCPU.
    expect(checks.some((x, i) => i > 0 && checks[i - 1].cpu === x.cpu && checks[i - 1].tsc + 1n === x.tsc && x.extra[0] < checks[i - 1].extra[0])).toBe(true)
  })

  it("STEAL_CHECK in a cpupool whose pCPUs leave gaps: the walk goes round the pool's pCPUs only, right after the walker's SCHEDULE", () => {
    const h = testHost(8, 'credit', {arch: 'x86_64'})
    for (const [i, w] of ['cpu', 'duty:40:20ms', 'io:2', 'cpu'].entries()) addGuest(h, `g${i}`, {vcpus: 2, workload: w})
    advanceTo(h, 100 * MS)
    const rt = cpupoolCreate(h, 'rtds', 'rt')
    for (const c of [2, 3, 6]) {
      cpupoolRemoveCpu(h, 0, c)
      cpupoolAddCpu(h, rt, c)
    }
    const pool = [0, 1, 4, 5, 7]
    const recs = traced(h, 1 * S).all
    let walks = 0, wrapped = 0
    for (let i = 0; i < recs.length; i++) {
      const x = recs[i]
      if (x.event !== CSCHED.STEAL_CHECK) continue
      expect(pool).toContain(x.cpu)
      expect(pool).toContain(x.extra[0])
      expect(x.extra[0]).not.toBe(x.cpu)
      const prev = recs[i - 1]
      if (prev.event === CSCHED.SCHEDULE) {
        // A walk's first record comes right after its SCHEDULE.
        expect([prev.cpu, prev.tsc + 1n, prev.extra[0] & 0xffff]).toEqual([x.cpu, x.tsc, x.cpu])
        walks++
      } else if (prev.event === CSCHED.STEAL_CHECK && prev.cpu === x.cpu && prev.tsc + 1n === x.tsc) {
        const dist = (c: number) => (c - x.cpu + 8) % 8
        expect(dist(x.extra[0])).toBeGreaterThan(dist(prev.extra[0]))
        if (x.extra[0] < prev.extra[0]) wrapped++
      }
    }
    expect(walks).toBeGreaterThan(20)
    expect(wrapped).toBeGreaterThan(0)
  })

  it('ACCOUNT_START / ACCOUNT_STOP {dom, unit, active_unit_count} and PICKED_CPU {dom, unit, cpu}', () => {
    const start = all.filter(x => x.event === CSCHED.ACCOUNT_START)
    const stop = all.filter(x => x.event === CSCHED.ACCOUNT_STOP)
    expect(start.map(x => x.extra[0])).toContain(4)
    expect(stop.length).toBeGreaterThan(0)
    for (const x of [...start, ...stop]) {
      expect(x.extra.length).toBe(3)
      expect([1, 2, 3, 4]).toContain(x.extra[0])
      expect(x.extra[1]).toBeLessThan(2)
      expect(x.extra[2]).toBeLessThanOrEqual(2)
    }
    for (const x of start) expect(x.extra[2]).toBeGreaterThanOrEqual(1)
    const picked = all.filter(x => x.event === CSCHED.PICKED_CPU)
    expect(picked.map(x => x.extra)).toContainEqual([1, 0, 3])
  })

  it('RATELIMIT {unit:16, dom:16}, runtime: below the 1 ms ratelimit', () => {
    const h = contended('credit', 2)
    addGuest(h, 'wakers', {vcpus: 2, workload: 'io:1'})
    const {all: recs} = traced(h, 2 * S)
    const rl = recs.filter(x => x.event === CSCHED.RATELIMIT)
    expect(rl.length).toBeGreaterThan(0)
    for (const x of rl) {
      expect(x.extra.length).toBe(2)
      expect([1, 2, 3, 4]).toContain(x.extra[0] >>> 16)
      expect(x.extra[1]).toBeLessThan(1_000_000)
    }
  })
})

describe('rt.c class events', () => {
  const host = contended('rtds')
  const {r, all} = traced(host, 2 * S)

  it('SCHEDULE: struct __packed {unsigned cpu:16, tasklet:8, tickled:4, idle:4}: tickled only after a TICKLE of that pCPU', () => {
    const sched = all.filter(x => x.event === RTDS.SCHEDULE)
    expect(sched.length).toBeGreaterThan(100)
    const tickled = new Set<number>()
    let seen = 0
    for (const x of all) {
      if (x.event === RTDS.TICKLE) tickled.add(x.extra[0])
      if (x.event !== RTDS.SCHEDULE) continue
      expect(x.extra.length).toBe(1)
      expect(x.extra[0] & 0xffff).toBe(x.cpu)
      expect((x.extra[0] >>> 16) & 0xff).toBe(0)
      const t = (x.extra[0] >>> 24) & 0xf, idle = x.extra[0] >>> 28
      expect([0, 1]).toContain(idle)
      expect(t).toBe(tickled.has(x.cpu) ? 1 : 0)
      if (t === 1) seen++
      tickled.delete(x.cpu)
    }
    expect(seen).toBeGreaterThan(0)
  })

  it('BUDGET_BURN: struct __packed {unit:16, dom:16; uint64_t cur_budget; int delta; unsigned priority_level; bool has_extratime}: 6 words', () => {
    const burn = all.filter(x => x.event === RTDS.BUDGET_BURN)
    expect(burn.length).toBeGreaterThan(100)
    for (const x of burn) {
      expect(x.extra.length).toBe(6)
      expect(['1.0', '1.1', '2.0', '2.1', '3.0']).toContain(who(x.extra[0]))
      // cur_budget: at most the 4 ms default budget, a u64 over two words.
      expect(x.extra[2]).toBe(0)
      expect(u64(x.extra[1], x.extra[2])).toBeLessThanOrEqual(4 * MS)
      expect(x.extra[3] | 0).toBeGreaterThanOrEqual(0)
      expect(x.extra[4]).toBeLessThan(1000)
      // has_extratime (set by default) in the low byte; the rest of the word is past the struct.
      expect(x.extra[5]).toBe(1)
    }
    expect(burn.some(x => x.extra[4] > 0)).toBe(true)
  })

  it('BUDGET_REPLENISH {unit:16, dom:16; unsigned priority_level; uint64_t cur_deadline, cur_budget} and RUNQ_PICK {unit:16, dom:16; uint64_t cur_deadline, cur_budget}: deadlines in ns since boot', () => {
    const repl = all.filter(x => x.event === RTDS.BUDGET_REPLENISH)
    expect(repl.length).toBeGreaterThan(50)
    for (const x of repl) {
      expect(x.extra.length).toBe(6)
      expect(x.extra[1]).toBe(0)
      expect(u64(x.extra[4], x.extra[5])).toBe(4 * MS)
      // The new deadline lies within one 10 ms period after the record.
      const now = bootNsOf(r, x.tsc), dl = u64(x.extra[2], x.extra[3])
      expect(dl).toBeGreaterThan(now - 1)
      expect(dl).toBeLessThanOrEqual(now + 10 * MS + 1)
    }
    const pick = all.filter(x => x.event === RTDS.RUNQ_PICK)
    expect(pick.length).toBeGreaterThan(50)
    for (const x of pick) {
      expect(x.extra.length).toBe(5)
      const now = bootNsOf(r, x.tsc), dl = u64(x.extra[1], x.extra[2]), budget = u64(x.extra[3], x.extra[4])
      expect(budget).toBeGreaterThan(0)
      expect(budget).toBeLessThanOrEqual(4 * MS)
      expect(Math.abs(dl - now)).toBeLessThan(1000 * MS)
    }
  })
})

describe('null.c class events', () => {
  const host = testHost(4, 'null', {arch: 'x86_64'})
  addGuest(host, 'a', {vcpus: 2, workload: 'cpu'})
  advanceTo(host, 100 * MS)
  // Created while traced (insert: pick_res, unit_assign; one vCPU waits), then moved (migrate, deassign, assign).
  const {all} = traced(host, 1 * S, h => {
    addGuest(h, 'b', {vcpus: 3, workload: 'duty:50:10ms'})
    setVcpuAffinity(h, DOM0, 1, 1, [3], undefined)
  })

  it('SCHEDULE: struct {uint16_t tasklet, cpu; int16_t unit, dom}: -1, -1 for a pCPU with no unit', () => {
    const sched = all.filter(x => x.event === SNULL.SCHEDULE)
    expect(sched.length).toBeGreaterThan(10)
    for (const x of sched) {
      expect(x.extra.length).toBe(2)
      expect(x.extra[0]).toBe(x.cpu << 16)
      expect(x.extra[1] === 0xffffffff || ['1.0', '1.1', '2.0', '2.1', '2.2'].includes(who(x.extra[1]))).toBe(true)
    }
  })

  it('PICKED_CPU, UNIT_ASSIGN, UNIT_DEASSIGN {uint16_t unit, dom; uint32_t cpu} and MIGRATE {uint16_t unit, dom, cpu, new_cpu}', () => {
    const picked = all.filter(x => x.event === SNULL.PICKED_CPU)
    const assign = all.filter(x => x.event === SNULL.UNIT_ASSIGN)
    const deassign = all.filter(x => x.event === SNULL.UNIT_DEASSIGN)
    const migrate = all.filter(x => x.event === SNULL.MIGRATE)
    for (const x of [...picked, ...assign, ...deassign, ...migrate]) expect(x.extra.length).toBe(2)
    // d2's three vCPUs: the free pCPUs 2 and 3 go to v0 and v1; v2 waits.
    expect(picked.filter(x => x.extra[0] >>> 16 === 2).map(x => who(x.extra[0]))).toEqual(['2.0', '2.1', '2.2'])
    expect(assign.slice(0, 2).map(x => [who(x.extra[0]), x.extra[1]])).toEqual([['2.0', 2], ['2.1', 3]])
    for (const x of assign) expect(x.cpu).toBe(x.extra[1])
    // d1v1 pinned to pCPU 3 (d2v1's): it leaves pCPU 1, which d2v2 (waiting) gets.
    expect(migrate.map(x => [who(x.extra[0]), x.extra[1] & 0xffff, x.extra[1] >>> 16])).toEqual([['1.1', 1, 3]])
    expect(deassign.map(x => [who(x.extra[0]), x.extra[1]])).toContainEqual(['1.1', 1])
    expect(assign.map(x => [who(x.extra[0]), x.extra[1]])).toContainEqual(['2.2', 1])
  })
})

describe('tracing changes nothing in the simulation, for every policy', () => {
  for (const sched of ['credit', 'credit2', 'rtds', 'null'] as const) {
    it(sched, () => {
      const a = contended(sched), b = contended(sched)
      const r = startTracing(b, {drained: true})
      advanceTo(a, 2 * S)
      advanceTo(b, 2 * S)
      stopTracing(b, r)
      expect(schedSnapshot(b)).toBe(schedSnapshot(a))
    })
  }
})

describe('what xenalyze --summary counts (vcpu_start in xenalyze.c)', () => {
  it('counts a vCPU from its first change into running: one first seen leaving running stays uncounted until then', () => {
    const host = contended('credit', 4)
    const r = startTracing(host, {drained: true})
    r.account = true
    recordFor(host, 1 * S, 100 * MS)
    const all = records(decodeXentrace(encodeXentrace(mergeWindows(stopTracing(host, r)))))
    const ns = (tsc: bigint) => bootNsOf(r, tsc)
    const lastOnCpu = new Map<number, bigint>()
    for (const x of all) lastOnCpu.set(x.cpu, x.tsc)
    let leftFirst = 0
    for (const a of r.accounting()) {
      const id = a.vcpuId | (a.domid << 16)
      const mine = all.filter(x => (x.event & 0xfffff00f) === 0x21001 && x.extra[0] === id)
      const start = mine.find(x => ((x.event >> 4) & 0xf) === 0)
      // Only ever continued (TRC_SCHED_CONTINUE_RUNNING): counted from its pCPU's first record instead.
      if (start === undefined) continue
      if (((mine[0].event >> 8) & 0xf) === 0) leftFirst++
      const last = mine[mine.length - 1]
      // Running at the end: up to its pCPU's last record (deactivate_pcpu).
      const end = ((last.event >> 4) & 0xf) === 0 ? lastOnCpu.get(last.cpu)! : last.tsc
      const total = a.time.reduce((s, t) => s + t, 0)
      expect(Math.abs(total - (ns(end) - ns(start.tsc))), `d${a.domid}v${a.vcpuId}`).toBeLessThan(1000)
    }
    expect(leftFirst).toBeGreaterThan(0)
  })
})
