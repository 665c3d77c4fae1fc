// The trace buffers: what __trace_var (xen/common/trace.c) writes into each
// pCPU's buffer when the scheduler (xen/common/sched/core.c) traces, as
// struct t_rec words with a TSC timestamp, and what xentrace
// (tools/xentrace/xentrace.c) does with them: every poll it takes each
// pCPU's new records as one window. A buffer holds tbuf_size pages less its
// struct t_buf; a record that does not fit is lost and counted, and the
// next record written on that pCPU is preceded by TRC_LOST_RECORDS.
//
// Timestamps: the host's TSC, cpu_khz (xl info's cpu_mhz) cycles per ms of
// system time. Records are made in the simulation's order, one after the
// other; each gets a TSC above the one before (on any pCPU), so tools that
// merge the pCPUs' streams by TSC (xenalyze) see them in that order even
// when two happen in the same nanosecond. The records are kept packed
// (packed.ts) until the file is written.
import type {Pcpu, SchedCore, Unit} from '../sched/policy.js'
import type {TraceSink} from '../sched/trace-sink.js'
import {RUNSTATE_blocked, RUNSTATE_offline, RUNSTATE_runnable, RUNSTATE_running, type RunstateState} from '../types.js'
import {
  DOMID_IDLE, LOST_REC_WORDS, POLL_SLEEP_NS, TRACE_EXTRA_SHIFT, TRC_HD_CYCLE_FLAG, T_BUF_HEADER, TRACE_PAGE, TRC_LOST_RECORDS, TRC_SCHED_BLOCK, TRC_SCHED_CONTINUE_RUNNING,
  TRC_SCHED_DOM_ADD, TRC_SCHED_DOM_REM, TRC_SCHED_RUNSTATE_CHANGE, TRC_SCHED_SLEEP, TRC_SCHED_SWITCH,
  TRC_SCHED_SWITCH_INFCONT, TRC_SCHED_SWITCH_INFNEXT, TRC_SCHED_SWITCH_INFPREV, TRC_SCHED_WAKE, maskAllows, recHeader,
} from './events.js'
import {CONTINUE_WORDS, PK_CHAIN, PK_CONTINUE, PK_HI, PK_HEAD, PK_RUN, PK_RUN_MASK, PK_SWITCH, PK_WAKE, PackedWindow, SWITCH_WORDS, WAKE_WORDS, type TraceWindow} from './packed.js'

export type {TraceWindow} from './packed.js'

/** 2^-32, exact: the TSC's high word by a multiplication. */
const INV_2_32 = 1 / 4294967296
const H_LOST = recHeader(TRC_LOST_RECORDS, 4, true)

/** The state a unit switched out enters (Engine.stopRunning). */
function prevStateAfter(u: Unit): RunstateState {
  return u.runnable ? RUNSTATE_runnable : u.down ? RUNSTATE_offline : !u.awake ? RUNSTATE_blocked : RUNSTATE_offline
}

export interface TraceConfig {
  /** pCPUs of the host. */
  cpus: number
  /** physinfo cpu_khz: TSC cycles per ms. */
  cpuKhz: number
  /** tb_event_mask (xentrace -e). */
  mask: number
  /** tbuf_size: pages per pCPU buffer (xentrace -S). */
  bufPages: number
  /** The epoch the engine's times are relative to (ns since boot), and the engine's time at the start. */
  epochNs: bigint
  startNs: number
  /**
   * xentrace runs alongside (xl trace -T): it empties the buffers every
   * POLL_SLEEP_NS, so records are lost only when a pCPU fills its buffer
   * between two polls. Otherwise (xl trace start ... stop) the buffers are
   * read once, at the stop, and fill up.
   */
  drained: boolean
  /** xl trace -T on a wall clock: the engine time by which it stops reading (past it, nothing more is kept). */
  untilNs?: number
}

/** What a recorder keeps between two xl processes (xl trace start ... stop). */
export interface TraceState {
  config: Omit<TraceConfig, 'epochNs'> & {epochNs: string}
  ns0: number
  last: number
  lastNs: number
  /** Each cpupool's clock: [pool, last TSC, last engine time]. */
  clocks?: [number, number, number][]
  nextPoll: number
  polls: number
  base: number[]
  lost: number[]
  lostFirst: number[]
  idleRunning: boolean[]
  idleSince: number[]
  firstNs: number[]
  records: number
  lostTotal: number
  names: [number, string][]
  vcpus: TracedVcpu[]
}

/** A vCPU as the trace first saw it (for the timeline views: its state from the start). */
export interface TracedVcpu {
  domid: number
  vcpuId: number
  /** Its runstate and pCPU (v->processor) when the trace started or it first appeared. */
  state: RunstateState
  cpu: number
  /** Engine time it was first met (the trace's start for those there from the start). */
  at: number
}

/** Runstate totals (ns, indexed by RunstateState) as xenalyze --summary counts them. */
export interface VcpuAccounting {
  domid: number
  vcpuId: number
  time: [number, number, number, number]
}

interface Counted {
  u: Unit
  /** The simulator's runstate times when xenalyze starts counting this vCPU, and at its last record. */
  first: [number, number, number, number]
  last: [number, number, number, number]
  /** When its last record was made. */
  lastNs: number
}

/** The runstate times of u at `now` (vcpu_runstate_get(): the current state's time included). */
function timesAt(u: Unit, now: number): [number, number, number, number] {
  const rs = u.v.runstate
  const t: [number, number, number, number] = [rs.time[0], rs.time[1], rs.time[2], rs.time[3]]
  t[rs.state] += now - rs.entryTime
  return t
}

/** The TSC at the trace's start: (ns since boot) x cpu_khz / 10^6. */
export function tscOrigin(config: Pick<TraceConfig, 'epochNs' | 'startNs' | 'cpuKhz'>): bigint {
  return ((config.epochNs + BigInt(Math.floor(config.startNs))) * BigInt(config.cpuKhz)) / 1_000_000n
}

/**
 * Each pCPU writes into a store of its own, window after window, packed
 * (packed.ts): a window is handed out as a view of its store (never
 * copied: copying every window at each poll was a tenth of tracing's
 * cost), and a full store is replaced by a new one, twice as large up to
 * STORE_WORDS, into which only the window being written moves.
 */
const STORE_WORDS = 1 << 18

/**
 * A pCPU's buffer: its store and its bookkeeping, small integers in the
 * fields of one object (a record reads a field with one load, where a word
 * of a typed array is a bounds-checked load through its backing store
 * pointer; the fields a record reads share the object's first cache line).
 */
class CpuBuffer {
  /** Its records since the last poll or flush are store[start .. used), packed. */
  store: Uint32Array
  used = 0
  /**
   * The words its buffer holds as Xen counts them (the file's words, those
   * flush() handed out included: they leave the buffer at the next poll).
   */
  fill = 0
  /** this_cpu(lost_records). */
  lost = 0
  /** The TSC's high word the packed records since the last window cut were written under (-1: none yet). */
  hi = -1
  start = 0
  /** `fill` when the records since the last poll or flush began. */
  winFill = 0
  /** Whether its idle vCPU runs (1) or not (0). */
  idle = 0

  constructor(words: number) {
    this.store = new Uint32Array(words)
  }
}

/** TraceRecorder.allow's bits of TRC_SCHED_MIN and TRC_SCHED_VERBOSE, both needed by a packed group. */
const SUB_MIN_VERBOSE = (1 << 1) | (1 << 8)
/**
 * A clock of TraceRecorder: its own last TSC and engine time, then the
 * recorder's doubles, the same in every clock; K_TNS is the engine time a
 * record last worked its TSC out at (NaN: none since the last reset). A
 * later record at that time gets the TSC after the last one without the
 * conversion (the conversion gave no more, and the last TSC only grows).
 */
const K_LAST = 0, K_LAST_NS = 1, K_RATIO = 2, K_NEXT_POLL = 3, K_NS0 = 4, K_TSC0_LO = 5, K_TSC0_HI = 6, K_TNS = 7, K_WORDS = 8
/**
 * The constants the hot paths use, as this module's own: optimized code
 * reads an imported binding through its module cell, with a hole check, at
 * each use, while a const of this module is folded into the code. The
 * header's cycles flag as an int32 (a Uint32Array keeps the same bits).
 */
const CYCLES = TRC_HD_CYCLE_FLAG | 0
const EXTRA_SHIFT = TRACE_EXTRA_SHIFT
const P_SWITCH = PK_SWITCH, P_CONTINUE = PK_CONTINUE, P_WAKE = PK_WAKE, P_RUN = PK_RUN, P_RUN_MASK = PK_RUN_MASK, P_HEAD = PK_HEAD, P_CHAIN = PK_CHAIN
const W_SWITCH = SWITCH_WORDS, W_CONTINUE = CONTINUE_WORDS, W_WAKE = WAKE_WORDS

export class TraceRecorder implements TraceSink {
  readonly cpus: number
  readonly mask: number
  /** Words a pCPU's buffer holds (tbuf_size pages less struct t_buf). */
  readonly capacity: number
  readonly cpuKhz: number
  /** Each pCPU's buffer. */
  private readonly bufs: CpuBuffer[]
  /**
   * __trace_var's tb_event_mask test for the scheduler's events: bit `sub`
   * set when subclass sub (TRC_SCHED_MIN 1, _CLASS 2, _VERBOSE 8) is kept
   * (a field of the recorder, which each record reads anyway: a typed array
   * was one more cache line).
   */
  private readonly allow: number
  /** Polls made so far. */
  polls = 0
  /** lost_records_first_tsc (as a relative TSC). */
  private readonly lostFirst: number[]
  /** Windows taken so far, in the order xentrace writes them. */
  readonly windows: TraceWindow[] = []
  /**
   * Last TSC handed out (relative to the start) and the engine time of the
   * last record or poll, in a Float64Array: doubles kept in object fields
   * were boxed anew at each record (a heap number per record, half of
   * tracing's garbage).
   */
  private clock: Float64Array = new Float64Array(K_WORDS)
  /**
   * Each cpupool's engine runs to a time in turn, with its own clock (its
   * records' TSCs rise within the pool; pools have pCPUs of their own, so
   * each pCPU's stay monotonic). Pool 0's is `clock` to start with.
   */
  private readonly clocks = new Map<number, Float64Array>([[0, this.clock]])
  private get last(): number {
    return this.clock[K_LAST]
  }

  private set last(t: number) {
    this.clock[K_LAST] = t
  }

  get lastNs(): number {
    return this.clock[K_LAST_NS]
  }

  set lastNs(ns: number) {
    this.clock[K_LAST_NS] = ns
  }

  // The other doubles a record reads, in every clock (in object fields each
  // is a heap number of its own, one more cache line a record touches).

  /** TSC cycles per ns (cpu_khz / 10^6). */
  private get ratio(): number {
    return this.clock[K_RATIO]
  }

  /** When the next poll is due (drained mode). */
  private get nextPoll(): number {
    return this.clock[K_NEXT_POLL]
  }

  private set nextPoll(ns: number) {
    for (const c of this.clocks.values()) c[K_NEXT_POLL] = ns
  }

  /** The engine's time at the start. */
  private get ns0(): number {
    return this.clock[K_NS0]
  }

  private set ns0(ns: number) {
    for (const c of this.clocks.values()) c[K_NS0] = ns
  }

  /** The TSC at the start, split into 32-bit halves. */
  private get tsc0Lo(): number {
    return this.clock[K_TSC0_LO]
  }

  private get tsc0Hi(): number {
    return this.clock[K_TSC0_HI]
  }

  /** Since when each pCPU's idle vCPU runs (its unit's state_entry_time; whether it runs: its buffer's `idle`). */
  private readonly idleSince: Float64Array
  /** Records written (lost ones not included) and lost, over the whole trace. */
  records = 0
  lostTotal = 0
  /** Domain names met, for the Perfetto view's process names. */
  readonly names = new Map<number, string>()
  /** vCPUs in the order first met, with the state they were in then. */
  readonly vcpus = new Map<string, TracedVcpu>()
  /** What xenalyze --summary counts per vCPU (kept when `account` is set). */
  private readonly counted = new Map<Unit, Counted>()
  private readonly firstNs: number[]
  /**
   * Each pCPU's last record, and the vCPU it switched to last (null: idle),
   * for the accounting's end (kept when `account` is set, as it is from
   * the start when it is).
   */
  private readonly lastRecNs: number[]
  private readonly currUnit: (Unit | null)[]
  account = false
  /**
   * The pCPU whose store ends with the record that got the last TSC, at
   * the clock's K_TNS, with its TSC's high word (-1: none, or something
   * else took a TSC or cut the window since). A record on that pCPU at that
   * time takes the next TSC: it is kept chained (PK_CHAIN, without its low
   * word), after none of the per-record tests but the room left.
   */
  private chainCpu = -1
  /** The unit whose change to runnable wake() already wrote. */
  private doneW: Unit | null = null
  /** The engine reporting to this recorder (its time, its slice). */
  private core: SchedCore = {now: 0, slice: -1} as SchedCore
  constructor(readonly config: TraceConfig) {
    this.cpus = config.cpus
    this.mask = config.mask >>> 0
    this.cpuKhz = config.cpuKhz
    this.capacity = Math.floor((config.bufPages * TRACE_PAGE - T_BUF_HEADER) / 4)
    this.bufs = Array.from({length: this.cpus}, () => new CpuBuffer(Math.min(this.capacity, 4096)))
    let allow = 0
    for (let sub = 0; sub < 16; sub++) if (maskAllows(this.mask, 0x00020000 | (sub << 12))) allow |= 1 << sub
    this.allow = allow
    this.clock[K_LAST] = -1
    this.clock[K_TNS] = NaN
    this.clock[K_RATIO] = config.cpuKhz / 1e6
    this.nextPoll = config.drained ? config.startNs + POLL_SLEEP_NS : Infinity
    this.lostFirst = new Array<number>(this.cpus).fill(0)
    this.idleSince = new Float64Array(this.cpus).fill(config.startNs)
    this.firstNs = new Array<number>(this.cpus).fill(-1)
    this.lastRecNs = new Array<number>(this.cpus).fill(-1)
    this.currUnit = new Array<Unit | null>(this.cpus).fill(null)
    this.ns0 = config.startNs
    this.lastNs = config.startNs
    const tsc0 = tscOrigin(config)
    this.clock[K_TSC0_LO] = Number(tsc0 & 0xffffffffn)
    this.clock[K_TSC0_HI] = Number(tsc0 >> 32n)
    this.bootStart = Number(config.epochNs) + config.startNs
  }

  /** NOW() at the trace's start (ns since boot). */
  private readonly bootStart: number

  bootNs(t: number): number {
    return this.bootStart + (t - this.ns0)
  }

  /** The clock of cpupool `pool`'s engine (made on first use, from the trace's start). */
  clockOf(pool: number): Float64Array {
    let c = this.clocks.get(pool)
    if (c === undefined) {
      c = this.clocks.get(0)!.slice()
      c[K_LAST] = -1
      c[K_LAST_NS] = this.config.startNs
      c[K_TNS] = NaN
      this.clocks.set(pool, c)
    }
    return c
  }

  forPool(core: SchedCore, pool: number, primary: boolean): TraceSink {
    return new PoolTrace(this, core, pool, primary)
  }

  /** The engine of another cpupool reports next (see PoolTrace): its time and its clock. */
  use(core: SchedCore, clock: Float64Array): void {
    this.core = core
    if (clock !== this.clock) this.chainCpu = -1
    this.clock = clock
  }

  /** The host's pCPUs and vCPUs when tracing starts: which pCPUs run their idle vCPU, each vCPU's state. */
  started(core: SchedCore, pool = 0): void {
    this.core = core
    this.clock = this.clockOf(pool)
    this.chainCpu = -1
    for (const p of core.pcpus) {
      if (p.id >= this.cpus) continue
      this.bufs[p.id].idle = p.curr === null ? 1 : 0
      this.currUnit[p.id] = p.curr
    }
    for (const u of core.units) this.meet(u, this.lastNs)
  }

  private meet(u: Unit, now: number): void {
    const key = u.key
    if (this.vcpus.has(key)) return
    this.vcpus.set(key, {domid: u.d.domid, vcpuId: u.v.vcpuId, state: u.v.runstate.state, cpu: u.v.processor, at: now})
    this.names.set(u.d.domid, u.d.name)
  }

  // ---- the buffers ----

  /** What pCPU cpu's buffer holds since the last poll or flush, as a window (a view of its store, which moves on past it). */
  private take(cpu: number): PackedWindow {
    const pb = this.bufs[cpu]
    const w = new PackedWindow(cpu, this.polls, pb.store, pb.start, pb.used, pb.fill - pb.winFill)
    // A window starts with its TSC in full.
    this.chainCpu = -1
    pb.start = pb.used
    pb.winFill = pb.fill
    // The next window starts with the TSC's high word.
    pb.hi = -1
    return w
  }

  /** A field of every pCPU's buffer. */
  private perCpu(field: (pb: CpuBuffer) => number): number[] {
    return this.bufs.map(field)
  }

  /** Store words pCPU cpu holds since the last poll or flush. */
  private held(cpu: number): number {
    const pb = this.bufs[cpu]
    return pb.used - pb.start
  }

  /** Make room in cpu's store for `words` more words: a new store, into which the current window moves. */
  private grow(cpu: number, words: number): void {
    const pb = this.bufs[cpu]
    const b = pb.store
    const n = pb.used - pb.start
    if (pb.used + words <= b.length) return
    const store = new Uint32Array(Math.max(n + words + 7, Math.min(STORE_WORDS, b.length * 2)))
    store.set(b.subarray(pb.start, pb.used))
    pb.store = store
    pb.start = 0
    pb.used = n
  }

  /** The TSC of a record made at engine time `ns`, relative to the start; above every earlier one. */
  private tscAt(ns: number): number {
    this.chainCpu = -1
    let t = Math.floor((ns - this.ns0) * this.ratio)
    if (t <= this.last) t = this.last + 1
    this.last = t
    return t
  }

  /** Whether cpu's buffer has room for a record of `words` (and the lost record owed before it); the store is made large enough. */
  private room(cpu: number, words: number): boolean {
    const pb = this.bufs[cpu]
    const more = words + (pb.lost > 0 ? LOST_REC_WORDS : 0)
    if (pb.fill + more <= this.capacity) {
      // Two high-word entries at most come with them.
      this.grow(cpu, more + 4)
      return true
    }
    return false
  }

  /** A record's header and TSC (relative) into cpu's store, after the high word if it changed; returns where its extra words go. */
  private put(cpu: number, header: number, tsc: number): number {
    const pb = this.bufs[cpu]
    const b = pb.store
    let i = pb.used
    const sum = this.tsc0Lo + tsc
    const lo = sum >>> 0
    const hi = this.tsc0Hi + (sum - lo) * INV_2_32
    if (hi !== pb.hi) {
      b[i++] = PK_HI
      b[i++] = hi
      pb.hi = hi
    }
    b[i++] = header
    b[i++] = lo
    return i
  }

  /** insert_lost_records(): before the next record written on cpu once there is room. */
  private putLost(cpu: number, tsc: number, cur: number): void {
    const pb = this.bufs[cpu]
    let i = this.put(cpu, H_LOST, tsc)
    const b = pb.store
    const sum = this.tsc0Lo + this.lostFirst[cpu]
    const lo = sum >>> 0
    b[i++] = pb.lost
    b[i++] = cur
    b[i++] = lo
    b[i++] = this.tsc0Hi + (sum - lo) * INV_2_32
    pb.used = i
    pb.fill += LOST_REC_WORDS
    pb.lost = 0
  }

  /**
   * __trace_var(event, cycles=1, n words) on pCPU cpu at engine time ns.
   * The usual case (room in the buffer, nothing lost, the TSC's high word
   * as before) writes the record straight in; the rest is emitSlow.
   */
  emit(cpu: number, event: number, n: number, a: number, b: number, c: number, d: number): void {
    if (((this.allow >>> ((event >>> 12) & 15)) & 1) === 0) return
    const k = this.clock
    const ns = this.core.now
    if (cpu === this.chainCpu && ns === k[K_TNS] && (event & P_CHAIN) === 0) {
      // After the last record, on this pCPU, at this time (see chainCpu).
      const pb = this.bufs[cpu]
      const t = k[K_LAST] + 1
      const i = pb.used
      const w = pb.store
      const f = pb.fill + 3 + n
      // A low word of 0 carried into the high word: not chained.
      if (((k[K_TSC0_LO] + t) >>> 0) !== 0 && f <= this.capacity && i + 5 <= w.length) {
        k[K_LAST] = t
        w[i] = event | (n << EXTRA_SHIFT) | CYCLES | P_CHAIN
        w[i + 1] = a | 0
        w[i + 2] = b | 0
        w[i + 3] = c | 0
        w[i + 4] = d | 0
        pb.used = i + 1 + n
        pb.fill = f
        this.records++
        if (this.account) this.accountRecord(cpu)
        return
      }
    }
    if (cpu < 0 || cpu >= this.cpus) cpu = 0
    // The calls below get no double: one passed to a call that is not
    // inlined is boxed, and Turbofan allocates that box before the branches.
    if (ns >= k[K_NEXT_POLL]) this.pollDue()
    let t = k[K_LAST] + 1
    if (ns !== k[K_TNS]) {
      const at = Math.floor((ns - k[K_NS0]) * k[K_RATIO])
      if (at > t) t = at
      k[K_TNS] = ns
    }
    k[K_LAST] = t
    k[K_LAST_NS] = ns
    const pb = this.bufs[cpu]
    const i = pb.used
    const w = pb.store
    const f = pb.fill + 3 + n
    const sum = k[K_TSC0_LO] + t
    const lo = sum >>> 0
    if (pb.lost !== 0 || f > this.capacity || i + 6 > w.length || k[K_TSC0_HI] + (sum - lo) * INV_2_32 !== pb.hi) {
      this.emitSlow(cpu, event, n, a, b, c, d, 0, 0, 0)
      return
    }
    // Int32 all through (the same bits in a Uint32Array): a word taken as
    // a number would go through a double.
    w[i] = event | (n << EXTRA_SHIFT) | CYCLES
    w[i + 1] = lo | 0
    // Room for 6 words was checked: the unused ones are written over by the next record.
    w[i + 2] = a | 0
    w[i + 3] = b | 0
    w[i + 4] = c | 0
    w[i + 5] = d | 0
    pb.used = i + 2 + n
    pb.fill = f
    this.chainCpu = cpu
    this.records++
    if (this.account) this.accountRecord(cpu)
  }

  /** emit() for a record of 5 to 7 extra words (rt.c's), a call of its own so that emit() keeps its arity. */
  emitLong(cpu: number, event: number, n: number, a: number, b: number, c: number, d: number, e: number, f: number, g: number): void {
    if (((this.allow >>> ((event >>> 12) & 15)) & 1) === 0) return
    const k = this.clock
    const ns = this.core.now
    if (cpu === this.chainCpu && ns === k[K_TNS] && (event & P_CHAIN) === 0) {
      const pb = this.bufs[cpu]
      const t = k[K_LAST] + 1
      const i = pb.used
      const w = pb.store
      const fl = pb.fill + 3 + n
      if (((k[K_TSC0_LO] + t) >>> 0) !== 0 && fl <= this.capacity && i + 8 <= w.length) {
        k[K_LAST] = t
        w[i] = event | (n << EXTRA_SHIFT) | CYCLES | P_CHAIN
        w[i + 1] = a | 0
        w[i + 2] = b | 0
        w[i + 3] = c | 0
        w[i + 4] = d | 0
        w[i + 5] = e | 0
        w[i + 6] = f | 0
        w[i + 7] = g | 0
        pb.used = i + 1 + n
        pb.fill = fl
        this.records++
        if (this.account) this.accountRecord(cpu)
        return
      }
    }
    if (cpu < 0 || cpu >= this.cpus) cpu = 0
    if (ns >= k[K_NEXT_POLL]) this.pollDue()
    let t = k[K_LAST] + 1
    if (ns !== k[K_TNS]) {
      const at = Math.floor((ns - k[K_NS0]) * k[K_RATIO])
      if (at > t) t = at
      k[K_TNS] = ns
    }
    k[K_LAST] = t
    k[K_LAST_NS] = ns
    const pb = this.bufs[cpu]
    const i = pb.used
    const w = pb.store
    const fl = pb.fill + 3 + n
    const sum = k[K_TSC0_LO] + t
    const lo = sum >>> 0
    if (pb.lost !== 0 || fl > this.capacity || i + 9 > w.length || k[K_TSC0_HI] + (sum - lo) * INV_2_32 !== pb.hi) {
      this.emitSlow(cpu, event, n, a, b, c, d, e, f, g)
      return
    }
    w[i] = event | (n << EXTRA_SHIFT) | CYCLES
    w[i + 1] = lo | 0
    // Room for 9 words was checked: the unused ones are written over by the next record.
    w[i + 2] = a | 0
    w[i + 3] = b | 0
    w[i + 4] = c | 0
    w[i + 5] = d | 0
    w[i + 6] = e | 0
    w[i + 7] = f | 0
    w[i + 8] = g | 0
    pb.used = i + 2 + n
    pb.fill = fl
    this.chainCpu = cpu
    this.records++
    if (this.account) this.accountRecord(cpu)
  }

  /** TRC_SCHED_SWITCH_INFCONT and TRC_SCHED_CONTINUE_RUNNING (11 words in the file, consecutive TSCs), when that is the simple case (see switchUnits); false when not simple. */
  private continueRecords(cpu: number, dom: number, vid: number, ran: number, slice: number): boolean {
    const ns = this.core.now
    const k = this.clock
    if ((this.allow & SUB_MIN_VERBOSE) !== SUB_MIN_VERBOSE || ns >= k[K_NEXT_POLL] || cpu >= this.cpus) return false
    const pb = this.bufs[cpu]
    const i = pb.used
    const f = pb.fill + W_CONTINUE
    const w = pb.store
    if (pb.lost !== 0) return false
    if (f > this.capacity || i + 5 > w.length) return false
    let t = k[K_LAST] + 1
    if (ns !== k[K_TNS]) {
      const at = Math.floor((ns - k[K_NS0]) * k[K_RATIO])
      if (at > t) t = at
    }
    const sum = k[K_TSC0_LO] + t
    const lo = sum >>> 0
    if (lo > 0xfffffffe || k[K_TSC0_HI] + (sum - lo) * INV_2_32 !== pb.hi) return false
    k[K_LAST] = t + 1
    k[K_LAST_NS] = ns
    k[K_TNS] = ns
    w[i] = P_CONTINUE
    w[i + 1] = lo | 0
    w[i + 2] = vid | (dom << 16)
    w[i + 3] = ran
    w[i + 4] = slice
    pb.used = i + 5
    pb.fill = f
    this.chainCpu = cpu
    this.records += 2
    if (this.account) this.accountRecord(cpu)
    return true
  }

  /** A record on cpu at ns, for accounting(): each pCPU's first and last (only kept when accounting). */
  private accountRecord(cpu: number): void {
    const ns = this.core.now
    this.lastRecNs[cpu] = ns
    if (this.firstNs[cpu] < 0) this.firstNs[cpu] = ns
  }

  /** emit()'s record when the buffer is short, records were lost or the TSC's high word changes; its TSC is this.last. */
  private emitSlow(cpu: number, event: number, n: number, a: number, b: number, c: number, d: number, e: number, f: number, g: number): void {
    const pb = this.bufs[cpu]
    const ns = this.core.now
    let tsc = this.last
    this.chainCpu = -1
    if (!this.room(cpu, 3 + n)) {
      if (++pb.lost === 1) this.lostFirst[cpu] = tsc
      this.lostTotal++
      return
    }
    if (this.account) this.accountRecord(cpu)
    if (pb.lost > 0) {
      this.putLost(cpu, tsc, this.current(cpu))
      tsc = this.tscAt(ns)
    }
    let i = this.put(cpu, recHeader(event, n, true), tsc)
    const w = pb.store
    if (n > 0) w[i++] = a
    if (n > 1) w[i++] = b
    if (n > 2) w[i++] = c
    if (n > 3) w[i++] = d
    if (n > 4) w[i++] = e
    if (n > 5) w[i++] = f
    if (n > 6) w[i++] = g
    pb.used = i
    pb.fill += 3 + n
    this.records++
  }

  /** did | vid << 16 of what runs on cpu (the lost record's `current`). */
  private current(cpu: number): number {
    return this.bufs[cpu].idle !== 0 ? DOMID_IDLE | (cpu << 16) : 0
  }

  /**
   * xentrace's poll: each pCPU with new records becomes one window, in pCPU
   * order, and its buffer is empty again. A pCPU that lost records and had
   * none written since gets its TRC_LOST_RECORDS now (at `ns`), as Xen
   * writes it before the next record once the buffer has room.
   */
  /** The polls xentrace made up to ns (drained mode). */
  private pollDue(): void {
    this.pollUntil(this.core.now)
  }

  private pollUntil(ns: number): void {
    while (this.nextPoll <= ns) {
      this.poll(this.nextPoll)
      this.nextPoll += POLL_SLEEP_NS
    }
  }

  poll(ns: number, final = false): void {
    if (final && this.nextPoll <= ns) this.pollUntil(ns)
    for (let cpu = 0; cpu < this.cpus; cpu++) {
      const pb = this.bufs[cpu]
      if (final && pb.lost > 0) {
        // Past the buffer's size: Xen would write it into the room the poll makes.
        this.grow(cpu, LOST_REC_WORDS + 2)
        this.putLost(cpu, this.tscAt(Math.max(ns, this.lastNs)), this.current(cpu))
      }
      if (this.held(cpu) > 0) this.windows.push(this.take(cpu))
      pb.fill = 0
      pb.winFill = 0
    }
    this.polls++
    this.lastNs = Math.max(this.lastNs, ns)
  }

  /**
   * Hand out what the buffers got since the last flush or poll, as windows
   * of the current poll, without emptying them (their room stays taken
   * until a poll): the records one xl command made, to be kept in the
   * state file until xl trace stop.
   */
  flush(): TraceWindow[] {
    const out: TraceWindow[] = []
    for (let cpu = 0; cpu < this.cpus; cpu++) {
      if (this.held(cpu) > 0) out.push(this.take(cpu))
    }
    // Not push(...windows): a long -T trace has more windows than a call takes arguments.
    for (const w of this.windows) out.push(w)
    this.windows.length = 0
    return out.sort((a, b) => a.poll - b.poll || a.cpu - b.cpu)
  }

  state(): TraceState {
    const {epochNs, ...rest} = this.config
    return {
      config: {...rest, epochNs: epochNs.toString()},
      ns0: this.ns0, last: this.last, lastNs: this.lastNs, clocks: [...this.clocks].map(([pool, c]) => [pool, c[K_LAST], c[K_LAST_NS]]), nextPoll: Number.isFinite(this.nextPoll) ? this.nextPoll : -1,
      polls: this.polls, base: this.perCpu(pb => pb.fill), lost: this.perCpu(pb => pb.lost), lostFirst: [...this.lostFirst],
      idleRunning: this.perCpu(pb => pb.idle).map(i => i !== 0), idleSince: [...this.idleSince], firstNs: [...this.firstNs],
      records: this.records, lostTotal: this.lostTotal, names: [...this.names], vcpus: [...this.vcpus.values()],
    }
  }

  /** A recorder carrying on from state() (in another process: its buffers' words are in the state file). */
  static restore(s: TraceState): TraceRecorder {
    const r = new TraceRecorder({...s.config, epochNs: BigInt(s.config.epochNs)})
    r.ns0 = s.ns0
    r.last = s.last
    r.lastNs = s.lastNs
    for (const [pool, last, lastNs] of s.clocks ?? []) {
      const c = r.clockOf(pool)
      c[K_LAST] = last
      c[K_LAST_NS] = lastNs
    }
    r.nextPoll = s.nextPoll >= 0 ? s.nextPoll : Infinity
    r.polls = s.polls
    for (let cpu = 0; cpu < r.cpus; cpu++) {
      const pb = r.bufs[cpu]
      pb.fill = pb.winFill = s.base[cpu] ?? 0
      pb.lost = s.lost[cpu] ?? 0
      r.lostFirst[cpu] = s.lostFirst[cpu] ?? 0
      pb.idle = s.idleRunning[cpu] === true ? 1 : 0
      r.idleSince[cpu] = s.idleSince[cpu] ?? s.ns0
      r.firstNs[cpu] = s.firstNs[cpu] ?? -1
    }
    r.records = s.records
    r.lostTotal = s.lostTotal
    for (const [domid, name] of s.names) r.names.set(domid, name)
    for (const v of s.vcpus) r.vcpus.set(`${v.domid}.${v.vcpuId}`, v)
    return r
  }

  /** Records still lost on some pCPU, waiting for their TRC_LOST_RECORDS. */
  pendingLost(): number {
    return this.perCpu(pb => pb.lost).reduce((a, b) => a + b, 0)
  }

  /**
   * Every pCPU's buffer is full (nothing more can be recorded until a
   * poll), or xentrace stopped reading before `end` (a -T trace whose
   * process went away: config.untilNs).
   */
  full(end: number): boolean {
    return this.perCpu(pb => pb.lost).every(n => n > 0) || (this.config.untilNs !== undefined && end > this.config.untilNs)
  }

  /** A span the simulation skipped (a fast-forward): every pCPU loses what it would have recorded. */
  gap(fromNs: number): void {
    for (let cpu = 0; cpu < this.cpus; cpu++) {
      if (++this.bufs[cpu].lost === 1) this.lostFirst[cpu] = this.tscAt(fromNs)
      this.lostTotal++
    }
  }

  // ---- TraceSink: the places core.c traces ----

  runstate(u: Unit, next: RunstateState): void {
    const now = this.core.now
    const old = u.v.runstate.state
    if (old === next) return
    if (this.account) this.count(u, next, now)
    if (u === this.doneW && next === RUNSTATE_runnable) {
      this.doneW = null
      return
    }
    const event = TRC_SCHED_RUNSTATE_CHANGE | ((old & 3) << 8) | ((next & 3) << 4)
    this.emit(u.v.processor, event, 1, u.v.vcpuId | (u.d.domid << 16), 0, 0, 0)
  }

  /**
   * sched_switch_units()'s five records (INFPREV, INFNEXT, SWITCH, then
   * prev's and next's runstate changes: 28 words in the file) as one packed
   * entry with consecutive TSCs, when that is the simple case; else,
   * nothing written here, record by record (the mask drops one, a poll is
   * due, the buffer is short, records were lost, the TSC's high word
   * changed or its low word is about to carry). The packed records are
   * those emit() would make one by one.
   */
  switchUnits(p: Pcpu, prev: Unit | null, next: Unit | null): boolean {
    const ns = this.core.now, slice = this.core.slice | 0
    const cpu = p.id
    // Tests against null (a truthiness test of an object is a chain of map checks).
    // u32 fields (TRACE_nD): as int32 they stay small integers, not boxed doubles.
    let pd = DOMID_IDLE, pv = cpu, nd = DOMID_IDLE, nv = cpu, ran = 0, waited = 0
    if (prev !== null) {
      pd = prev.d.domid
      pv = prev.v.vcpuId
      ran = (ns - prev.v.runstate.entryTime) | 0
    } else {
      ran = (ns - this.idleSince[cpu]) | 0
    }
    if (next !== null) {
      nd = next.d.domid
      nv = next.v.vcpuId
      const rs = next.v.runstate
      if (rs.state === RUNSTATE_runnable) waited = (ns - rs.entryTime) | 0
    }
    if (this.account) this.currUnit[cpu] = next
    // prev leaves running for the state Engine.stopRunning gives it; next
    // (or the idle vCPU) enters running: the idle vCPU goes running <-> runnable.
    const prevNew = prev === null ? RUNSTATE_runnable : prevStateAfter(prev)
    const nextOld = next === null ? RUNSTATE_runnable : next.v.runstate.state & 3
    const k = this.clock
    if ((this.allow & SUB_MIN_VERBOSE) === SUB_MIN_VERBOSE && ns < k[K_NEXT_POLL] && cpu < this.cpus) {
      const pb = this.bufs[cpu]
      const i = pb.used
      const f = pb.fill + W_SWITCH
      const w = pb.store
      let t = k[K_LAST] + 1
      if (ns !== k[K_TNS]) {
        const at = Math.floor((ns - k[K_NS0]) * k[K_RATIO])
        if (at > t) t = at
      }
      const sum = k[K_TSC0_LO] + t
      const lo = sum >>> 0
      if (pb.lost === 0 && f <= this.capacity && i + 7 <= w.length && lo <= 0xfffffffb && k[K_TSC0_HI] + (sum - lo) * INV_2_32 === pb.hi) {
        k[K_LAST] = t + 4
        k[K_LAST_NS] = ns
        k[K_TNS] = ns
        w[i] = P_SWITCH | (prevNew << 4) | (nextOld << 6)
        w[i + 1] = lo | 0
        // The idle vCPU's is d32767v<cpu>: pv and nv are the pCPU for it.
        w[i + 2] = pv | (pd << 16)
        w[i + 3] = nv | (nd << 16)
        w[i + 4] = ran
        w[i + 5] = waited
        w[i + 6] = slice
        pb.used = i + 7
        pb.fill = f
        this.chainCpu = cpu
        this.records += 5
        if (prev === null) pb.idle = 0
        if (next === null) {
          pb.idle = 1
          this.idleSince[cpu] = ns
        }
        if (this.account) {
          this.accountRecord(cpu)
          if (prev !== null) this.count(prev, prevNew, ns)
          if (next !== null) this.count(next, RUNSTATE_running, ns)
        }
        return true
      }
    }
    // Record by record (the engine's hooks then write the runstate changes).
    this.emit(cpu, TRC_SCHED_SWITCH_INFPREV, 3, pd, pv, ran, 0)
    this.emit(cpu, TRC_SCHED_SWITCH_INFNEXT, 4, nd, nv, waited, slice)
    this.emit(cpu, TRC_SCHED_SWITCH, 4, pd, pv, nd, nv)
    if (prev === null) {
      // The idle vCPU is switched out first (sched_switch_units: vprev, then vnext).
      this.bufs[cpu].idle = 0
      this.emit(cpu, TRC_SCHED_RUNSTATE_CHANGE | (RUNSTATE_running << 8) | (RUNSTATE_runnable << 4), 1, cpu | (DOMID_IDLE << 16), 0, 0, 0)
    }
    return false
  }

  switched(p: Pcpu, next: Unit | null): void {
    if (next !== null) return
    const now = this.core.now
    const cpu = p.id
    this.bufs[cpu].idle = 1
    this.idleSince[cpu] = now
    this.emit(cpu, TRC_SCHED_RUNSTATE_CHANGE | (RUNSTATE_runnable << 8) | (RUNSTATE_running << 4), 1, cpu | (DOMID_IDLE << 16), 0, 0, 0)
  }

  continued(p: Pcpu, u: Unit | null): void {
    const now = this.core.now, slice = this.core.slice | 0
    const cpu = p.id
    let dom = DOMID_IDLE, vid = cpu, ran = 0
    if (u !== null) {
      dom = u.d.domid
      vid = u.v.vcpuId
      ran = (now - u.v.runstate.entryTime) | 0
      if (this.account) this.countContinue(u, cpu, now)
    } else {
      ran = (now - this.idleSince[cpu]) | 0
    }
    if (!this.continueRecords(cpu, dom, vid, ran, slice)) {
      this.emit(cpu, TRC_SCHED_SWITCH_INFCONT, 4, dom, vid, ran, slice)
      this.emit(cpu, TRC_SCHED_CONTINUE_RUNNING, 1, vid | (dom << 16), 0, 0, 0)
    }
  }

  classEvent(cpu: number, event: number, n: number, a: number, b: number, c: number, d: number): void {
    this.emit(cpu, event, n, a, b, c, d)
  }

  classEventLong(cpu: number, event: number, n: number, a: number, b: number, c: number, d: number, e: number, f: number, g: number): void {
    this.emitLong(cpu, event, n, a, b, c, d, e, f, g)
  }

  classEventRun(cpu: number, event: number, pairs: Uint32Array, count: number): void {
    if (count <= 0 || ((this.allow >>> ((event >>> 12) & 15)) & 1) === 0) return
    if (!this.runRecords(cpu, event, pairs, count)) {
      for (let k = 0; k < count; k++) this.emit(cpu, event, 2, pairs[k] & 0xffff, pairs[k] >>> 16, 0, 0)
    }
  }

  /** classEventRun()'s records as one packed entry (PK_RUN), when that is the simple case (see switchUnits); false when not simple. */
  private runRecords(cpu: number, event: number, pairs: Uint32Array, count: number): boolean {
    const ns = this.core.now
    const k = this.clock
    if (ns >= k[K_NEXT_POLL] || cpu < 0 || cpu >= this.cpus) return false
    const pb = this.bufs[cpu]
    const i = pb.used
    const f = pb.fill + 5 * count
    const w = pb.store
    if (pb.lost !== 0) return false
    if (f > this.capacity || i + 3 + count > w.length) return false
    let t = k[K_LAST] + 1
    if (ns !== k[K_TNS]) {
      const at = Math.floor((ns - k[K_NS0]) * k[K_RATIO])
      if (at > t) t = at
    }
    const sum = k[K_TSC0_LO] + t
    const lo = sum >>> 0
    if (lo > 0xffffffff - count || k[K_TSC0_HI] + (sum - lo) * INV_2_32 !== pb.hi) return false
    k[K_LAST] = t + count - 1
    k[K_LAST_NS] = ns
    k[K_TNS] = ns
    w[i] = P_RUN | (count << 8)
    w[i + 1] = event
    w[i + 2] = lo | 0
    for (let k = 0; k < count; k++) w[i + 3 + k] = pairs[k]
    pb.used = i + 3 + count
    pb.fill = f
    this.chainCpu = cpu
    this.records += count
    if (this.account) this.accountRecord(cpu)
    return true
  }

  classEventMask(cpu: number, event: number, start: number, mask: number, multi: number, head: number, headA: number): void {
    const allow = this.allow
    const runs = mask !== 0 && ((allow >>> ((event >>> 12) & 15)) & 1) !== 0
    if (head !== 0) {
      if (runs && ((allow >>> ((head >>> 12) & 15)) & 1) !== 0 && this.maskRecords(cpu, event, start, mask, multi, head, headA)) return
      this.emit(cpu, head, 1, headA, 0, 0, 0)
    }
    if (!runs || this.maskRecords(cpu, event, start, mask, multi, 0, 0)) return
    for (let m = mask | 0; m !== 0;) {
      const low = m & -m
      m ^= low
      const j = 31 - Math.clz32(low)
      this.emit(cpu, event, 2, (j + start) & 31, (multi >>> j) & 1, 0, 0)
    }
  }

  /**
   * classEventMask()'s records as one packed entry (PK_RUN_MASK, with
   * PK_HEAD when head is not 0), when that is the simple case (see
   * switchUnits); false when not simple.
   */
  private maskRecords(cpu: number, event: number, start: number, mask: number, multi: number, head: number, headA: number): boolean {
    const ns = this.core.now
    const k = this.clock
    if (ns >= k[K_NEXT_POLL] || cpu < 0 || cpu >= this.cpus) return false
    let count = (mask - ((mask >>> 1) & 0x55555555)) | 0
    count = (count & 0x33333333) + ((count >>> 2) & 0x33333333)
    count = (Math.imul((count + (count >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24)
    const heads = head !== 0 ? 1 : 0
    const pb = this.bufs[cpu]
    const i = pb.used
    const f = pb.fill + 5 * count + 4 * heads
    const w = pb.store
    if (pb.lost !== 0 || f > this.capacity || i + 7 > w.length) return false
    let t = k[K_LAST] + 1
    if (ns !== k[K_TNS]) {
      const at = Math.floor((ns - k[K_NS0]) * k[K_RATIO])
      if (at > t) t = at
    }
    const sum = k[K_TSC0_LO] + t
    const lo = sum >>> 0
    if (lo > 0xffffffff - count - heads || k[K_TSC0_HI] + (sum - lo) * INV_2_32 !== pb.hi) return false
    k[K_LAST] = t + count + heads - 1
    k[K_LAST_NS] = ns
    k[K_TNS] = ns
    w[i] = P_RUN_MASK | (start << 8) | (heads !== 0 ? P_HEAD : 0)
    w[i + 1] = event
    w[i + 2] = lo | 0
    w[i + 3] = mask
    w[i + 4] = multi
    // Room for 7 words was checked: the unused ones are written over by the next record.
    w[i + 5] = head
    w[i + 6] = headA
    pb.used = i + 5 + 2 * heads
    pb.fill = f
    this.chainCpu = cpu
    this.records += count + heads
    if (this.account) this.accountRecord(cpu)
    return true
  }

  wake(u: Unit): void {
    // From the event loop (Engine.wakeUp), a vCPU that may run enters
    // runnable right after: both records in one write when simple.
    const old = u.v.runstate.state
    if (u.canRun && old !== RUNSTATE_runnable && this.wakeRecords(u, old)) return
    this.emit(u.v.processor, TRC_SCHED_WAKE, 2, u.d.domid, u.v.vcpuId, 0, 0)
  }

  /** TRC_SCHED_WAKE and u's runstate change to runnable (9 words in the file, consecutive TSCs), when that is the simple case (see switchUnits); false when not simple. */
  private wakeRecords(u: Unit, old: RunstateState): boolean {
    const cpu = u.v.processor
    const ns = this.core.now
    const k = this.clock
    if ((this.allow & SUB_MIN_VERBOSE) !== SUB_MIN_VERBOSE || ns >= k[K_NEXT_POLL] || cpu < 0 || cpu >= this.cpus) return false
    const pb = this.bufs[cpu]
    const i = pb.used
    const f = pb.fill + W_WAKE
    const w = pb.store
    if (pb.lost !== 0) return false
    if (f > this.capacity || i + 3 > w.length) return false
    let t = k[K_LAST] + 1
    if (ns !== k[K_TNS]) {
      const at = Math.floor((ns - k[K_NS0]) * k[K_RATIO])
      if (at > t) t = at
    }
    const sum = k[K_TSC0_LO] + t
    const lo = sum >>> 0
    if (lo > 0xfffffffe || k[K_TSC0_HI] + (sum - lo) * INV_2_32 !== pb.hi) return false
    k[K_LAST] = t + 1
    k[K_LAST_NS] = ns
    k[K_TNS] = ns
    w[i] = P_WAKE | ((old & 3) << 4)
    w[i + 1] = lo | 0
    w[i + 2] = u.v.vcpuId | (u.d.domid << 16)
    pb.used = i + 3
    pb.fill = f
    this.chainCpu = cpu
    this.records += 2
    if (this.account) this.accountRecord(cpu)
    // Written: runstate() skips it when the engine reports it next.
    this.doneW = u
    return true
  }

  sleep(u: Unit): void {
    this.emit(u.v.processor, TRC_SCHED_SLEEP, 2, u.d.domid, u.v.vcpuId, 0, 0)
  }

  block(u: Unit): void {
    this.emit(u.v.processor, TRC_SCHED_BLOCK, 2, u.d.domid, u.v.vcpuId, 0, 0)
  }

  rebased(shift: number): void {
    this.chainCpu = -1
    this.ns0 -= shift
    for (const c of this.clocks.values()) {
      c[K_LAST_NS] -= shift
      c[K_TNS] = NaN
    }
    for (let cpu = 0; cpu < this.cpus; cpu++) {
      this.idleSince[cpu] -= shift
      if (this.firstNs[cpu] >= 0) this.firstNs[cpu] -= shift
    }
  }

  /** sched_init_domain() / sched_destroy_domain(), on pCPU 0 (where the toolstack's hypercall runs). */
  domain(added: boolean, domid: number, name: string): void {
    if (added) this.names.set(domid, name)
    this.emit(0, added ? TRC_SCHED_DOM_ADD : TRC_SCHED_DOM_REM, 1, domid, 0, 0, 0)
  }

  // ---- what xenalyze --summary counts (sched_runstate_process in tools/xentrace/xenalyze.c) ----

  /**
   * xenalyze (vcpu_start) starts counting a vCPU at its first record that
   * takes it into running: a change into running from then, a continue
   * from the first record of that pCPU (p->first_tsc, whatever record that
   * is); a change out of running, or any other, leaves it uncounted
   * (RUNSTATE_INIT). Each record after closes an interval; the state after
   * the last record is not counted.
   */
  private count(u: Unit, next: RunstateState, now: number): void {
    let c = this.counted.get(u)
    if (c === undefined) {
      if (next === RUNSTATE_running) this.startCounting(u, now, now)
      c = this.counted.get(u)
      if (c === undefined) return
    }
    c.last = timesAt(u, now)
    c.lastNs = now
  }

  private countContinue(u: Unit, cpu: number, now: number): void {
    if (!this.counted.has(u)) this.startCounting(u, this.pcpuFirst(cpu, now), now)
    const c = this.counted.get(u)!
    c.last = timesAt(u, now)
    c.lastNs = now
  }

  private pcpuFirst(cpu: number, now: number): number {
    return this.firstNs[cpu] >= 0 ? this.firstNs[cpu] : now
  }

  /** u has been running since before `from` (or enters running at from === now). */
  private startCounting(u: Unit, from: number, now: number): void {
    const first = timesAt(u, now)
    first[RUNSTATE_running] -= now - from
    this.counted.set(u, {u, first, last: first, lastNs: now})
  }

  /** Per vCPU, the simulator's runstate totals over the spans xenalyze counts. */
  accounting(): VcpuAccounting[] {
    const out: VcpuAccounting[] = []
    // At the end of the file, xenalyze (deactivate_pcpu) counts the vCPU
    // running on each pCPU as running up to that pCPU's last record.
    const tail = new Map<Unit, number>()
    for (let cpu = 0; cpu < this.cpus; cpu++) {
      const u = this.currUnit[cpu]
      if (u !== null && this.lastRecNs[cpu] >= 0) tail.set(u, this.lastRecNs[cpu])
    }
    for (const c of this.counted.values()) {
      const t: [number, number, number, number] = [0, 0, 0, 0]
      for (const s of [RUNSTATE_running, RUNSTATE_runnable, RUNSTATE_blocked, RUNSTATE_offline]) t[s] = c.last[s] - c.first[s]
      const end = tail.get(c.u)
      if (end !== undefined && end > c.lastNs) t[RUNSTATE_running] += end - c.lastNs
      out.push({domid: c.u.d.domid, vcpuId: c.u.v.vcpuId, time: t})
    }
    return out.sort((a, b) => a.domid - b.domid || a.vcpuId - b.vcpuId)
  }
}

/**
 * What a cpupool's engine reports to, on a host whose pCPUs are split among
 * cpupools (Xen traces every pCPU, whatever its pool): the recorder, told
 * first which engine speaks (its time, its slice, its clock). The epoch's
 * rebase moves every engine at once: one of them (`primary`) passes it on.
 */
export class PoolTrace implements TraceSink {
  private readonly clock: Float64Array

  constructor(readonly recorder: TraceRecorder, private readonly core: SchedCore, pool: number, private readonly primary: boolean) {
    this.clock = recorder.clockOf(pool)
  }

  private on(): TraceRecorder {
    this.recorder.use(this.core, this.clock)
    return this.recorder
  }

  runstate(u: Unit, next: RunstateState): void {
    this.on().runstate(u, next)
  }

  switchUnits(p: Pcpu, prev: Unit | null, next: Unit | null): boolean {
    return this.on().switchUnits(p, prev, next)
  }

  switched(p: Pcpu, next: Unit | null): void {
    this.on().switched(p, next)
  }

  continued(p: Pcpu, u: Unit | null): void {
    this.on().continued(p, u)
  }

  classEvent(cpu: number, event: number, n: number, a: number, b: number, c: number, d: number): void {
    this.on().classEvent(cpu, event, n, a, b, c, d)
  }

  classEventLong(cpu: number, event: number, n: number, a: number, b: number, c: number, d: number, e: number, f: number, g: number): void {
    this.on().classEventLong(cpu, event, n, a, b, c, d, e, f, g)
  }

  classEventRun(cpu: number, event: number, pairs: Uint32Array, count: number): void {
    this.on().classEventRun(cpu, event, pairs, count)
  }

  classEventMask(cpu: number, event: number, start: number, mask: number, multi: number, head: number, headA: number): void {
    this.on().classEventMask(cpu, event, start, mask, multi, head, headA)
  }

  bootNs(t: number): number {
    return this.recorder.bootNs(t)
  }

  wake(u: Unit): void {
    this.on().wake(u)
  }

  sleep(u: Unit): void {
    this.on().sleep(u)
  }

  block(u: Unit): void {
    this.on().block(u)
  }

  rebased(shift: number): void {
    if (this.primary) this.recorder.rebased(shift)
  }
}
