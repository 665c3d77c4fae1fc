/**
 * The exhaustive explorer: depth-first over every interleaving of the CPUs'
 * memory events that respects each CPU's preserved program order under the
 * chosen model (models.ts), with a visited set of canonical states
 * (memory bytes + which events each CPU has performed + canonical registers).
 *
 * Two schedules that reach the same state are explored once; this is what
 * makes the unordered whole-record copy (6 stores in any order) cheap.
 *
 * Do/undo on one mutable state: no allocation per step except the state key.
 */
import type {Access, MemoryModel} from './models.js'
import {overlaps} from './models.js'
import type {Barrier, Fold, LoadStep, Program, Settled, StoreStep, ThreadProgram} from './program.js'
import {ChoiceCache} from './choices.js'
import {VisitedSet} from './visited.js'

interface Ev {
  readonly thread: number
  readonly step: number
  /** index within its thread's events */
  readonly local: number
  readonly access: Access
  readonly store?: StoreStep
  readonly load?: LoadStep
  /** thread-local indices of events that must be performed first */
  readonly preds: Int32Array
  /** for loads: po-earlier overlapping stores not in preds, youngest first */
  readonly fwd: Int32Array
  readonly segment: number
  readonly group: number
}

export interface Compiled {
  readonly program: Program
  readonly model: MemoryModel
  /** per thread, its memory events in program order */
  readonly events: readonly (readonly Ev[])[]
  /** per thread, per segment, how many events */
  readonly segSizes: readonly (readonly number[])[]
}

export function compile(program: Program, model: MemoryModel): Compiled {
  const events: Ev[][] = []
  const segSizes: number[][] = []
  program.threads.forEach((th, t) => {
    const evs: Ev[] = []
    const sizes: number[] = [0]
    // barriers seen since each event, kept as one set per earlier event
    const after: Set<Barrier>[] = []
    let segment = 0
    th.steps.forEach((step, i) => {
      if (step.kind === 'barrier') {
        for (const s of after) s.add(step.barrier)
        if (step.barrier === 'switch') {
          segment++
          sizes.push(0)
        }
        return
      }
      const access: Access = step.kind === 'store'
        ? {kind: 'store', addr: step.addr, size: step.bytes.length}
        : {kind: 'load', addr: step.addr, size: step.size}
      const group = step.group ?? 0
      const preds: number[] = []
      const fwd: number[] = []
      for (let j = evs.length - 1; j >= 0; j--) {
        const earlier = evs[j]!
        // A memcpy promises no order among its own accesses on any machine:
        // only coherence (same bytes) keeps two of them in order.
        const sameCopy = group !== 0 && earlier.group === group && !overlaps(earlier.access, access)
        if (!sameCopy && model.mustPrecede(earlier.access, access, after[j]!)) preds.push(j)
        else if (access.kind === 'load' && earlier.access.kind === 'store' && overlaps(earlier.access, access)) fwd.push(j)
      }
      evs.push({
        thread: t, step: i, local: evs.length, access, segment, group,
        store: step.kind === 'store' ? step : undefined,
        load: step.kind === 'load' ? step : undefined,
        preds: Int32Array.from(preds.reverse()), fwd: Int32Array.from(fwd),
      })
      sizes[segment]!++
      after.push(new Set())
    })
    events.push(reducePreds(evs))
    segSizes.push(sizes)
  })
  return {program, model, events, segSizes}
}

/**
 * Keep only the immediate predecessors: a predecessor of a predecessor is
 * done anyway once that predecessor is (it could not be performed before).
 * Turns the O(n) enabled test under SC/TSO into O(1)-ish.
 */
function reducePreds(evs: Ev[]): Ev[] {
  const reach: Set<number>[] = []
  return evs.map((ev, i) => {
    const r = new Set<number>()
    for (const p of ev.preds) {
      r.add(p)
      for (const q of reach[p]!) r.add(q)
    }
    reach[i] = r
    const direct = [...ev.preds].filter((p) => !ev.preds.some((b) => b !== p && reach[b]!.has(p)))
    return {...ev, preds: Int32Array.from(direct)}
  })
}

export interface ExploreOptions {
  /** stop at the first violation (default true) */
  readonly stopAtFirst?: boolean
  /** give up after this many states (default 20 million) */
  readonly maxStates?: number
  /** partial-order reduction (default true; false explores every interleaving) */
  readonly reduce?: boolean
  /** called on every state where all events are performed (litmus outcomes) */
  readonly onFinal?: (memory: Uint8Array, regs: readonly Int32Array[]) => void
  /**
   * Choices of the partial-order reduction kept across explorations (a
   * matrix): programs whose events wait for and conflict with the same
   * events make the same choice in the same done set, whatever their values
   * and barrier names (e.g. the x86 and ARM writers, or any writer under SC).
   */
  readonly choices?: SharedChoices
}

/** ChoiceCaches by the structure they hold choices for (see ExploreOptions.choices). */
export type SharedChoices = Map<string, ChoiceCache>

export interface ExploreResult {
  readonly states: number
  readonly transitions: number
  readonly timeMs: number
  /** false if maxStates cut the search short */
  readonly complete: boolean
  /** global schedule (thread, local event index) of the first violation */
  readonly violation?: readonly (readonly [number, number])[]
  readonly settled?: Settled
}

/** The value a load gets by default: little-endian integer. */
export function littleEndian(value: string): number {
  let v = 0
  for (let i = value.length - 1; i >= 0; i--) v = v * 256 + value.charCodeAt(i)
  return v
}

export function explore(c: Compiled, opts: ExploreOptions = {}): ExploreResult {
  const started = performance.now()
  const {program} = c
  const threads: readonly ThreadProgram[] = program.threads
  const n = threads.length
  const stopAtFirst = opts.stopAtFirst ?? true
  const maxStates = opts.maxStates ?? 20_000_000
  const mem = Uint8Array.from(program.memory)
  const done = c.events.map((evs) => new Uint8Array(evs.length))
  const remaining = c.events.map((evs) => evs.length)
  const regs = threads.map((th) => Int32Array.from(th.regs))
  const segDone = c.segSizes.map((s) => new Int32Array(s.length))
  const atomic = threads.map((th) => th.atomic === true)
  const reduce = (opts.reduce ?? true) && !atomic.some(Boolean)
  const reduceAtomic = (opts.reduce ?? true) && atomic.every(Boolean)
  let holder = -1

  // The state vector, 16 bits a slot: memory two bytes a slot, then per
  // thread its done bits (15 a slot) and its canonical registers. When
  // every byte has one writing CPU, whose stores to it are ordered
  // (coherence), memory is a function of the done bits and is left out.
  const writers = new Map<number, number>()
  let memIsDerived = true
  c.events.forEach((evs, t) => evs.forEach((ev) => {
    if (ev.access.kind !== 'store') return
    for (let b = ev.access.addr; b < ev.access.addr + ev.access.size; b++) {
      if ((writers.get(b) ?? t) !== t) memIsDerived = false
      writers.set(b, t)
    }
  }))
  const memSlots = memIsDerived ? 0 : (mem.length + 1) >> 1
  const doneAt: number[] = []
  const regsAt: number[] = []
  let size = memSlots
  for (let t = 0; t < n; t++) {
    doneAt.push(size)
    size += Math.ceil(c.events[t]!.length / 15) || 1
    regsAt.push(size)
    size += regs[t]!.length
  }
  const visited = new VisitedSet(size, 1 << 12)
  const vec = visited.vector
  const fill = (): void => {
    for (let i = 0; i < memSlots; i++) vec[i] = mem[2 * i]! | ((mem[2 * i + 1] ?? 0) << 8)
    for (let t = 0; t < n; t++) {
      const canon = threads[t]!.canon
      if (canon) canon(regs[t]!, vec, regsAt[t]!)
      else {
        const r = regs[t]!
        for (let k = 0; k < r.length; k++) vec[regsAt[t]! + k] = r[k]!
      }
    }
  }

  // Partial-order reduction with stubborn sets (Valmari; Godefroid,
  // "Partial-Order Methods for the Verification of Concurrent Systems",
  // LNCS 1032): from one enabled event, close under "conflicts with" (same
  // bytes, one a store, other CPU) for enabled events and "needs first"
  // (undone ppo predecessors) for disabled ones; only the enabled events of
  // the closure are explored. Events of one CPU never disable each other
  // and loads only touch their own register (folds commute), so this
  // preserves every final state, hence every verdict (settle only looks at
  // registers once they are final). With atomic sections (local mode) one
  // CPU's event disables the others', so there we explore everything.
  //
  // Events are numbered CPU by CPU in program order, each CPU's from a
  // multiple of 32 (the numbers between are never enabled): the bit rows
  // below then touch as few words as possible (an event's conflicts lie in
  // the other CPU's words, its predecessors in its own), and the order of
  // the numbers, which decides ties between sets, is the order without gaps.
  const offset: number[] = []
  let total = 0
  for (const evs of c.events) {
    total = (total + 31) & ~31
    offset.push(total)
    total += evs.length
  }
  const threadOf = new Int32Array(total)
  const localOf = new Int32Array(total)
  c.events.forEach((evs, t) => evs.forEach((_, i) => {
    threadOf[offset[t]! + i] = t
    localOf[offset[t]! + i] = i
  }))
  // what step and loadValue need of each event, by event number
  const isStore = new Uint8Array(total)
  const evAddr = new Int32Array(total)
  const evSize = new Int32Array(total)
  const storeBytes = new Uint8Array(total * 8)
  const loadReg = new Int32Array(total)
  const foldG: (Fold | undefined)[] = new Array<Fold | undefined>(total).fill(undefined)
  const segmentOf = new Int32Array(total)
  /** the state vector's done bit of the event: slot and mask */
  const vecSlot = new Int32Array(total)
  const vecBit = new Int32Array(total)
  /** a load's po-earlier overlapping stores (forwarding), youngest first */
  const fwdG: Int32Array[] = Array.from({length: total}, () => new Int32Array(0))
  c.events.forEach((evs, t) => evs.forEach((ev, i) => {
    const g = offset[t]! + i
    evAddr[g] = ev.access.addr
    evSize[g] = ev.access.size
    segmentOf[g] = ev.segment
    vecSlot[g] = doneAt[t]! + ((i / 15) | 0)
    vecBit[g] = 1 << (i % 15)
    if (ev.store) {
      // as savedBytes below: a store moves at most 8 bytes (a u64)
      if (ev.store.bytes.length > 8) throw new RangeError(`a store of ${ev.store.bytes.length} bytes: at most 8`)
      isStore[g] = 1
      storeBytes.set(ev.store.bytes, 8 * g)
    } else {
      loadReg[g] = ev.load!.reg
      foldG[g] = ev.load!.fold
    }
    fwdG[g] = Int32Array.from(ev.fwd, (j) => offset[t]! + j)
  }))
  const conflictsG: Int32Array[] = Array.from({length: total}, () => new Int32Array(0))
  const predsG: Int32Array[] = Array.from({length: total}, () => new Int32Array(0))
  c.events.forEach((evs, t) => evs.forEach((ev, i) => {
    const out: number[] = []
    c.events.forEach((others, u) => {
      if (u === t) return
      others.forEach((o, j) => {
        if ((ev.access.kind === 'store' || o.access.kind === 'store') && overlaps(ev.access, o.access)) out.push(offset[u]! + j)
      })
    })
    conflictsG[offset[t]! + i] = Int32Array.from(out)
    predsG[offset[t]! + i] = Int32Array.from(ev.preds, (p) => offset[t]! + p)
  }))
  const work = new Int32Array(total)
  const best = new Int32Array(total)
  const cand = new Int32Array(total)
  // How many of each event's (immediate) predecessors are not done yet,
  // kept as events are done and undone: enabled is then one lookup instead
  // of a walk over the predecessors for every event at every state.
  const waiting = Int32Array.from(predsG, (p) => p.length)
  // the gaps between CPUs' numbers wait forever
  for (let g = 0; g < total; g++) if (g >= offset[threadOf[g]!]! + c.events[threadOf[g]!]!.length) waiting[g] = 1
  const succsG: Int32Array[] = (() => {
    const out: number[][] = predsG.map(() => [])
    predsG.forEach((p, g) => p.forEach((q) => out[q]!.push(g)))
    return out.map((x) => Int32Array.from(x))
  })()
  const isEnabled = (g: number): boolean => waiting[g] === 0
  // Sets of events as bit words (32 events a word): each event's conflicts,
  // the done events (kept by step) and the events already in the set being
  // closed, so that closing over an event's conflicts is a few word
  // operations rather than a walk over its conflict list.
  const words = (total + 31) >>> 5
  const conflictBits = new Int32Array(total * words)
  conflictsG.forEach((next, g) => next.forEach((h) => conflictBits[g * words + (h >>> 5)] |= 1 << (h & 31)))
  const predBits = new Int32Array(total * words)
  predsG.forEach((p, g) => p.forEach((h) => predBits[g * words + (h >>> 5)] |= 1 << (h & 31)))
  // each row's words that can be non-zero, [lo, hi): an event conflicts
  // only with the other CPUs' events and waits only for its own CPU's
  // earlier ones, a word or two of the two or three a row has
  const span = (bits: Int32Array) => {
    const lo = new Int32Array(total)
    const hi = new Int32Array(total)
    for (let g = 0; g < total; g++) {
      for (let w = 0; w < words; w++) {
        if (bits[g * words + w] === 0) continue
        if (hi[g] === 0) lo[g] = w
        hi[g] = w + 1
      }
    }
    return {lo, hi}
  }
  const {lo: conflictLo, hi: conflictHi} = span(conflictBits)
  const {lo: predLo, hi: predHi} = span(predBits)
  const doneBits = new Int32Array(words)
  // the enabled events not done yet, kept by step like `waiting`: the
  // choice walks these instead of testing every event
  const enabledBits = new Int32Array(words)
  waiting.forEach((k, g) => {
    if (k === 0) enabledBits[g >>> 5] = enabledBits[g >>> 5]! | (1 << (g & 31))
  })
  const markBits = new Int32Array(words)
  const setMark = (h: number) => {
    markBits[h >>> 5] = markBits[h >>> 5]! | (1 << (h & 31))
  }
  /**
   * stubborn set from g0 into cand; its size, or -1 once it reaches
   * `limit`. Depth-first on a stack; an event's conflicts are pushed in
   * ascending order, as a walk over its (ascending) conflict list would.
   */
  const stubborn = (g0: number, limit: number): number => {
    for (let w = 0; w < words; w++) markBits[w] = 0
    let top = 0
    let count = 0
    work[top++] = g0
    setMark(g0)
    while (top > 0) {
      const g = work[--top]!
      if (isEnabled(g)) {
        if (count + 1 >= limit) return -1
        cand[count++] = g
        const base = g * words
        for (let w = conflictLo[g]!, end = conflictHi[g]!; w < end; w++) {
          let m = conflictBits[base + w]! & ~doneBits[w]! & ~markBits[w]!
          if (m === 0) continue
          markBits[w] = markBits[w]! | m
          while (m !== 0) {
            const low = m & -m
            work[top++] = (w << 5) + 31 - Math.clz32(low)
            m ^= low
          }
        }
      } else {
        // one undone predecessor is a necessary enabling set; prefer one
        // already in the set (then nothing more is needed), else the first
        // undone one (predecessor lists are in ascending order: the lowest bit)
        const base = g * words
        let pick = -1
        for (let w = predLo[g]!, end = predHi[g]!; w < end; w++) {
          const undone = predBits[base + w]! & ~doneBits[w]!
          if ((undone & markBits[w]!) !== 0) {
            pick = -2
            break
          }
          if (pick === -1 && undone !== 0) pick = (w << 5) + 31 - Math.clz32(undone & -undone)
        }
        if (pick >= 0) {
          setMark(pick)
          work[top++] = pick
        }
      }
    }
    return count
  }

  /** a lower bound of the size of g's stubborn set: g and its enabled conflicts */
  const atLeast = (g: number): number => {
    let k = 1
    const base = g * words
    for (let w = conflictLo[g]!, end = conflictHi[g]!; w < end; w++) k += popcount(conflictBits[base + w]! & enabledBits[w]!)
    return k
  }

  const choices = shared(opts.choices, () => `${offset.join(',')}+${total}:${predsG.map((p, g) => `${p.join(',')};${conflictsG[g]!.join(',')}`).join('/')}`, words)
  let states = 0
  let transitions = 0
  let complete = true
  let stopped = false
  let violation: (readonly [number, number])[] | undefined
  let settledAt: Settled | undefined
  // The schedule so far (thread, local index per depth): a typed array,
  // nothing allocated per step.
  const pathBuf = new Int32Array(2 * (c.events.reduce((a, e) => a + e.length, 0) + 1))
  const codes: number[] = []
  const totalEvents = c.events.reduce((a, e) => a + e.length, 0)
  const savedBytes = new Uint8Array((totalEvents + 1) * 8)

  // The strings loads hand to their folds, one per distinct value: made
  // once, so a load allocates nothing and the fold's lookups by value find
  // the string's hash already computed. Keyed by the low 4 bytes, then by
  // the high ones.
  const valueStrings = new Map<number, string | Map<number, string>>()
  const loadValue = (g: number): string => {
    const addr = evAddr[g]!
    const sz = evSize[g]!
    const fwd = fwdG[g]!
    let lo = 0
    let hi = 0
    for (let b = 0; b < sz; b++) {
      const a = addr + b
      let v = mem[a]!
      for (let f = 0; f < fwd.length; f++) {
        const j = fwd[f]!
        if ((doneBits[j >>> 5]! & (1 << (j & 31))) !== 0) continue
        if (a >= evAddr[j]! && a < evAddr[j]! + evSize[j]!) {
          v = storeBytes[8 * j + a - evAddr[j]!]!
          break
        }
      }
      codes[b] = v
      if (b < 4) lo |= v << (8 * b)
      else hi |= v << (8 * (b - 4))
    }
    // size in the key: the same bytes as a 2-byte and as a 4-byte value are different strings
    const key = (lo >>> 0) + sz * 0x1_0000_0000
    let hit = valueStrings.get(key)
    if (sz <= 4) {
      if (hit === undefined) {
        codes.length = sz
        hit = String.fromCharCode.apply(null, codes)
        valueStrings.set(key, hit)
      }
      return hit as string
    }
    if (hit === undefined) valueStrings.set(key, (hit = new Map<number, string>()))
    const byHi = hit as Map<number, string>
    let value = byHi.get(hi)
    if (value === undefined) {
      codes.length = sz
      value = String.fromCharCode.apply(null, codes)
      byHi.set(hi, value)
    }
    return value
  }

  const enabled = (t: number, ev: Ev): boolean => {
    const d = done[t]!
    const p = ev.preds
    for (let i = 0; i < p.length; i++) if (!d[p[i]!]) return false
    return true
  }

  const step = (g: number, depth: number): void => {
    const t = threadOf[g]!
    const i = localOf[g]!
    const reg = regs[t]!
    transitions++
    let savedReg = 0
    const addr = evAddr[g]!
    if (isStore[g]) {
      for (let b = 0, end = evSize[g]!; b < end; b++) {
        savedBytes[depth * 8 + b] = mem[addr + b]!
        mem[addr + b] = storeBytes[8 * g + b]!
      }
    } else {
      const value = loadValue(g)
      const r = loadReg[g]!
      const fold = foldG[g]
      savedReg = reg[r]!
      reg[r] = fold ? fold(savedReg, value) : littleEndian(value)
    }
    done[t]![i] = 1
    doneBits[g >>> 5] = doneBits[g >>> 5]! ^ (1 << (g & 31))
    enabledBits[g >>> 5] = enabledBits[g >>> 5]! ^ (1 << (g & 31))
    const succs = succsG[g]!
    for (let k = 0; k < succs.length; k++) {
      const s = succs[k]!
      if (--waiting[s]! === 0) enabledBits[s >>> 5] = enabledBits[s >>> 5]! | (1 << (s & 31))
    }
    const w = vecSlot[g]!
    vec[w] = vec[w]! ^ vecBit[g]!
    remaining[t]!--
    const seg = segDone[t]!
    const segment = segmentOf[g]!
    seg[segment]!++
    const prevHolder = holder
    if (atomic[t]) holder = seg[segment]! < c.segSizes[t]![segment]! ? t : -1
    pathBuf[2 * depth] = t
    pathBuf[2 * depth + 1] = i
    dfs(depth + 1)
    holder = prevHolder
    seg[segment]!--
    remaining[t]!++
    vec[w] = vec[w]! ^ vecBit[g]!
    done[t]![i] = 0
    doneBits[g >>> 5] = doneBits[g >>> 5]! ^ (1 << (g & 31))
    enabledBits[g >>> 5] = enabledBits[g >>> 5]! ^ (1 << (g & 31))
    for (let k = 0; k < succs.length; k++) {
      const s = succs[k]!
      if (waiting[s]!++ === 0) enabledBits[s >>> 5] = enabledBits[s >>> 5]! & ~(1 << (s & 31))
    }
    if (isStore[g]) {
      for (let b = 0, end = evSize[g]!; b < end; b++) mem[addr + b] = savedBytes[depth * 8 + b]!
    } else reg[loadReg[g]!] = savedReg
  }

  const dfs = (depth: number): void => {
    fill()
    if (!visited.add()) return
    states++
    if (states >= maxStates) {
      complete = false
      stopped = true
      return
    }
    for (let t = 0; t < n; t++) {
      const settle = threads[t]!.settle
      if (!settle) continue
      const s = settle(regs[t]!)
      if (s === undefined) continue
      if (s.verdict === 'violation' && violation === undefined) {
        violation = Array.from({length: depth}, (_, k) => [pathBuf[2 * k]!, pathBuf[2 * k + 1]!] as const)
        settledAt = s
        if (stopAtFirst) stopped = true
      }
      return
    }
    if (reduce) {
      // the choice depends on the done events alone: computed once per done set
      const h = ChoiceCache.hash(doneBits, words)
      let entry = choices.find(doneBits, h)
      if (entry < 0) {
        // every enabled event in ascending order, the first smallest set wins
        let bestSize = total + 1
        for (let w = 0; w < words && bestSize > 1; w++) {
          let m = enabledBits[w]!
          while (m !== 0 && bestSize > 1) {
            const low = m & -m
            m ^= low
            const g = (w << 5) + 31 - Math.clz32(low)
            // its set holds it and its enabled conflicts at least: if that is
            // already no smaller than the best, the closure cannot win
            if (atLeast(g) >= bestSize) continue
            const size = stubborn(g, bestSize)
            if (size > 0) {
              bestSize = size
              for (let k = 0; k < size; k++) best[k] = cand[k]!
            }
          }
        }
        entry = choices.add(doneBits, h, best, bestSize <= total ? bestSize : 0)
      }
      const chosen = choices.length(entry)
      if (chosen > 0) {
        const at = choices.start(entry)
        for (let k = 0; k < chosen; k++) {
          // read the list each time: entries added deeper down can move it
          const g = choices.list[at + k]!
          step(g, depth)
          if (stopped) return
        }
        return
      }
    }
    let stepped = false
    if (reduceAtomic) {
      // Every CPU runs in atomic sections: nothing interleaves inside one,
      // so its accesses can go in one fixed order (only which section runs
      // next is a real choice). A section's own loads and stores to the
      // same bytes are ordered or forwarded, so the order cannot change them.
      for (let t = 0; t < n; t++) {
        if ((holder !== -1 && holder !== t) || remaining[t] === 0) continue
        const evs = c.events[t]!
        const i = evs.findIndex((ev, j) => !done[t]![j] && enabled(t, ev))
        step(offset[t]! + i, depth)
        if (stopped) return
        stepped = true
      }
      if (stepped) return
    }
    let any = false
    for (let t = 0; t < n; t++) {
      if (holder !== -1 && holder !== t) continue
      if (remaining[t] === 0) continue
      const evs = c.events[t]!
      const d = done[t]!
      for (let i = 0; i < evs.length; i++) {
        if (d[i] || !enabled(t, evs[i]!)) continue
        any = true
        step(offset[t]! + i, depth)
        if (stopped) return
      }
    }
    if (!any && opts.onFinal) opts.onFinal(mem, regs)
  }

  dfs(0)
  return {
    states, transitions, timeMs: performance.now() - started, complete,
    ...(violation ? {violation, settled: settledAt} : {}),
  }
}

/** the cache for this structure from `pool` (made and added if new), or a fresh one */
function shared(pool: SharedChoices | undefined, structure: () => string, words: number): ChoiceCache {
  if (!pool) return new ChoiceCache(words)
  const key = structure()
  let cache = pool.get(key)
  if (!cache) pool.set(key, (cache = new ChoiceCache(words)))
  return cache
}

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333)
  return (Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24)
}

/** One performed event of a schedule, with the bytes it moved. */
export interface ReplayStep {
  readonly n: number
  readonly thread: number
  readonly cpu: string
  readonly step: number
  readonly kind: 'load' | 'store'
  readonly label: string
  readonly addr: number
  readonly size: number
  readonly bytes: readonly number[]
  /** labels of po-earlier accesses of the same CPU not yet performed (outside its own memcpy) */
  readonly overtakes: readonly string[]
  /** bytes a load took from its own CPU's pending store */
  readonly forwarded: boolean
}

/** Re-run a schedule to recover values (the explorer keeps none). */
export function replay(c: Compiled, schedule: readonly (readonly [number, number])[]): {steps: ReplayStep[]; regs: Int32Array[]; memory: Uint8Array} {
  const mem = Uint8Array.from(c.program.memory)
  const regs = c.program.threads.map((th) => Int32Array.from(th.regs))
  const done = c.events.map((evs) => new Uint8Array(evs.length))
  const steps: ReplayStep[] = []
  schedule.forEach(([t, i], idx) => {
    const ev = c.events[t]![i]!
    const overtakes: string[] = []
    for (let j = 0; j < i; j++) {
      const e = c.events[t]![j]!
      // accesses of one memcpy have no order to overtake
      if (!done[t]![j] && !(ev.group !== 0 && e.group === ev.group)) overtakes.push((e.store ?? e.load)!.label)
    }
    let bytes: number[]
    let forwarded = false
    if (ev.store) {
      bytes = [...ev.store.bytes]
      mem.set(bytes, ev.store.addr)
    } else {
      bytes = []
      for (let b = 0; b < ev.access.size; b++) {
        const a = ev.access.addr + b
        let v = mem[a]!
        for (const j of ev.fwd) {
          const st = c.events[t]![j]!
          if (done[t]![j]) continue
          if (a >= st.access.addr && a < st.access.addr + st.access.size) {
            v = st.store!.bytes[a - st.access.addr]!
            forwarded = true
            break
          }
        }
        bytes.push(v)
      }
      const ld = ev.load!
      const value = String.fromCharCode(...bytes)
      const r = regs[t]!
      r[ld.reg] = ld.fold ? ld.fold(r[ld.reg]!, value) : littleEndian(value)
    }
    done[t]![i] = 1
    steps.push({
      n: idx + 1, thread: t, cpu: c.program.threads[t]!.cpu, step: ev.step, kind: ev.access.kind,
      label: (ev.store ?? ev.load)!.label, addr: ev.access.addr, size: ev.access.size, bytes, overtakes, forwarded,
    })
  })
  return {steps, regs, memory: mem}
}
