// Where RTDS's runq_tickle() (xen/common/sched/rt.c) looks: the first idle
// pCPU from the waker's own one round the host, else the first pCPU running
// the lowest-priority unit (the highest level, then the latest deadline),
// never a pCPU already tickled. Walking every pCPU at every wake-up and
// preemption costs thousands of steps on a big host; this keeps each pCPU's
// answer (its key) in a tournament tree that holds, at each node, the first
// pCPU with the highest key below it, so a query is two climbs.
//
// The policy reports what it knows: the unit it picks for a pCPU, the pCPUs
// it tickles, a running unit's deadline moved. A pCPU tickled by the engine
// itself (a domain destroyed) is found out when it wins a query: each winner
// is checked against the pCPU's real state and, if stale, re-keyed and the
// query asked again. A key never goes up unreported, so no stale key hides
// a better pCPU.
import type {Pcpu, Unit} from './policy.js'

/** Key of an idle pCPU: above every running unit (the walk takes an idle pCPU first). */
const IDLE = Infinity
/** Key of a tickled pCPU: never chosen. */
const OUT = -Infinity

export class TickleTree {
  private readonly size: number
  /** Per node: the leaf (pCPU) with the highest key below, the leftmost among equals; -1 for none. */
  private readonly best: Int32Array
  /** Per pCPU: level and deadline of the key, and the unit it was taken from. */
  private readonly pri: Float64Array
  private readonly dl: Float64Array
  private readonly unit: (Unit | null)[]

  constructor(readonly n: number) {
    let size = 1
    while (size < n) size *= 2
    this.size = size
    this.best = new Int32Array(2 * size).fill(-1)
    this.pri = new Float64Array(n).fill(OUT)
    this.dl = new Float64Array(n)
    this.unit = new Array<Unit | null>(n).fill(null)
  }

  /** pCPU c runs `cur` (null: nothing), tickled or not. */
  set(c: number, cur: Unit | null, tickled: boolean): void {
    this.unit[c] = cur
    const p = tickled ? OUT : cur === null ? IDLE : cur.pri
    const d = tickled || cur === null ? 0 : cur.credit
    const best = this.best
    let i = c + this.size
    if (best[i] === c) {
      // The same key (most reschedules keep a pCPU's): no node changes.
      if (this.pri[c] === p && this.dl[c] === d) return
    } else best[i] = c
    this.pri[c] = p
    this.dl[c] = d
    // Up to the root, or to a node whose winner stays another leaf (nothing
    // above it changes then).
    for (i >>= 1; i >= 1; i >>= 1) {
      const w = this.better(best[2 * i], best[2 * i + 1])
      if (w === best[i] && w !== c) return
      best[i] = w
    }
  }

  /** Does the key of c match what pCPU c really runs now (`cur`, `tickled`)? */
  current(c: number, cur: Unit | null, tickled: boolean): boolean {
    if (tickled) return this.pri[c] === OUT
    if (cur === null) return this.pri[c] === IDLE
    return this.unit[c] === cur && this.pri[c] === cur.pri && this.dl[c] === cur.credit
  }

  /** Key level of c (IDLE: idle; OUT: tickled) and deadline. */
  levelOf(c: number): number {
    return this.pri[c]
  }

  deadlineOf(c: number): number {
    return this.dl[c]
  }

  /** The first pCPU with the highest key (the root's), -1 when every one is tickled. */
  top(): number {
    const w = this.best[1]
    return w < 0 || this.pri[w] === OUT ? -1 : w
  }

  /** The first pCPU from `start` round the host with the highest key, -1 when every one is tickled. */
  query(start: number): number {
    const a = this.range(start, this.n)
    const b = start > 0 ? this.range(0, start) : -1
    const w = b < 0 ? a : a < 0 ? b : this.greater(b, a) ? b : a
    return w < 0 || this.pri[w] === OUT ? -1 : w
  }

  /** The leftmost highest key in [lo, hi). */
  private range(lo: number, hi: number): number {
    const best = this.best
    let left = -1, right = -1
    for (let l = lo + this.size, r = hi + this.size; l < r; l >>= 1, r >>= 1) {
      if (l & 1) left = this.better(left, best[l++])
      if (r & 1) right = this.better(best[--r], right)
    }
    return this.better(left, right)
  }

  /** Of two leaves (a before b), the one with the higher key, a on a tie. */
  private better(a: number, b: number): number {
    if (a < 0) return b
    if (b < 0) return a
    return this.greater(b, a) ? b : a
  }

  private greater(b: number, a: number): boolean {
    const pb = this.pri[b], pa = this.pri[a]
    return pb > pa || (pb === pa && this.dl[b] > this.dl[a])
  }
}

/** What pCPU p runs, for the tree (`self` runs `selfNext` once its schedule() is done). */
export function runningOn(p: Pcpu, self: Pcpu | null, selfNext: Unit | null): Unit | null {
  return p === self ? selfNext : p.curr
}
