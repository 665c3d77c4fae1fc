/**
 * The checker's API, plain data in and out (the `xl runstate check` command
 * and the tests use this; nothing here prints).
 */
import {compile, explore, replay, type SharedChoices} from './explore.js'
import {MODEL_NAMES, MODELS, type ModelName} from './models.js'
import {findReader, READERS} from './readers.js'
import {buildScenario, describeBytes, formatValue, snapshotOf, type Mode, type Snapshot} from './scenario.js'
import {findWriter, WRITERS} from './writers.js'

export {LITMUS, runLitmus} from './litmus.js'
export {MODEL_NAMES, type ModelName} from './models.js'
export {READERS} from './readers.js'
export {WRITERS} from './writers.js'
export type {Mode, Snapshot} from './scenario.js'

export const MAX_UPDATES = 3

/** A bad option value; `message` is one line naming the valid choices. */
export class CheckOptionError extends Error {
  override readonly name = 'CheckOptionError'
}

export interface CheckOptions {
  readonly writer: string
  readonly reader: string
  readonly model: string
  /** K consecutive updates, 1..3 (default 1) */
  readonly updates?: number
  /** default 'remote' */
  readonly mode?: Mode
  /** reader loop bound (default K + 1) */
  readonly attempts?: number
  /** safety net for the search (default 20 million states) */
  readonly maxStates?: number
  /** partial-order reduction (default true) */
  readonly reduce?: boolean
}

export interface TraceLine {
  readonly n: number
  readonly cpu: string
  readonly op: 'store' | 'load'
  readonly what: string
  /** bytes moved, as a little-endian hex value */
  readonly value: string
  /** which published record(s) the value belongs to */
  readonly matches: string
  /** this CPU's po-earlier accesses still not performed (a reordering) */
  readonly overtakes: readonly string[]
}

export type Verdict = 'SAFE' | 'TORN' | 'UNKNOWN'

export interface CheckResult {
  readonly writer: string
  readonly reader: string
  readonly model: ModelName
  readonly updates: number
  readonly mode: Mode
  readonly attempts: number
  readonly layout: 'native' | 'compat'
  readonly verdict: Verdict
  readonly states: number
  readonly transitions: number
  readonly timeMs: number
  readonly trace?: readonly TraceLine[]
  readonly snapshot?: Snapshot
}

const choices = (xs: readonly string[]) => xs.join(', ')

export function validate(o: CheckOptions): {updates: number; mode: Mode; attempts: number} {
  if (!findWriter(o.writer)) throw new CheckOptionError(`unknown writer '${o.writer}'; valid writers: ${choices(WRITERS.map((w) => w.name))}`)
  if (!findReader(o.reader)) throw new CheckOptionError(`unknown reader '${o.reader}'; valid readers: ${choices(READERS.map((r) => r.name))}`)
  if (!(MODEL_NAMES as readonly string[]).includes(o.model)) throw new CheckOptionError(`unknown model '${o.model}'; valid models: ${choices(MODEL_NAMES)}`)
  const updates = o.updates ?? 1
  if (!Number.isInteger(updates) || updates < 1 || updates > MAX_UPDATES) throw new CheckOptionError(`bad --updates '${o.updates}'; valid: 1, 2, 3`)
  const mode = o.mode ?? 'remote'
  if (mode !== 'remote' && mode !== 'local') throw new CheckOptionError(`bad mode '${String(mode)}'; valid modes: remote, local`)
  const attempts = o.attempts ?? updates + 1
  if (!Number.isInteger(attempts) || attempts < 1 || attempts > 4) throw new CheckOptionError(`bad attempts '${o.attempts}'; valid: 1..4`)
  return {updates, mode, attempts}
}

export function runCheck(o: CheckOptions): CheckResult {
  return check(o)
}

/** runCheck, with the choices of the reduction shared with other checks of one matrix */
function check(o: CheckOptions, choices?: SharedChoices): CheckResult {
  const {updates, mode, attempts} = validate(o)
  const model = o.model as ModelName
  const scenario = buildScenario(findWriter(o.writer)!, findReader(o.reader)!, model, updates, mode, attempts)
  const compiled = compile(scenario.program, MODELS[model])
  const r = explore(compiled, {maxStates: o.maxStates, reduce: o.reduce, choices})
  const verdict: Verdict = r.violation ? 'TORN' : r.complete ? 'SAFE' : 'UNKNOWN'
  const base = {
    writer: o.writer, reader: o.reader, model, updates, mode, attempts, layout: scenario.layout.name,
    verdict, states: r.states, transitions: r.transitions, timeMs: r.timeMs,
  }
  if (!r.violation) return base
  const {steps} = replay(compiled, r.violation)
  const trace: TraceLine[] = steps.map((s) => ({
    n: s.n, cpu: s.cpu, op: s.kind, what: s.label, value: formatValue(s.bytes),
    matches: describeBytes(scenario.layout, scenario.versions, s.addr, s.bytes) + (s.forwarded ? ', forwarded from own store' : ''),
    overtakes: s.overtakes,
  }))
  return {...base, trace, snapshot: snapshotOf(scenario, steps, r.settled?.detail ?? 0)}
}

export interface MatrixOptions {
  readonly updates?: number
  readonly mode?: Mode
  readonly writers?: readonly string[]
  readonly readers?: readonly string[]
  readonly models?: readonly string[]
  /** reader loop bound (default as runCheck) */
  readonly attempts?: number
}

export interface MatrixCell {
  readonly model: ModelName
  readonly verdict: Verdict
  readonly states: number
  readonly timeMs: number
}

export interface MatrixRow {
  readonly writer: string
  readonly reader: string
  readonly cells: readonly MatrixCell[]
}

export interface MatrixResult {
  readonly updates: number
  readonly mode: Mode
  readonly models: readonly ModelName[]
  readonly rows: readonly MatrixRow[]
  readonly states: number
  readonly timeMs: number
}

export function runMatrix(o: MatrixOptions = {}): MatrixResult {
  const started = performance.now()
  const writers = o.writers ?? WRITERS.map((w) => w.name)
  const readers = o.readers ?? READERS.map((r) => r.name)
  const models = o.models ?? MODEL_NAMES
  let states = 0
  const rows: MatrixRow[] = []
  const {updates, mode} = validate({writer: writers[0] ?? '', reader: readers[0] ?? '', model: models[0] ?? '', updates: o.updates, mode: o.mode})
  const choices: SharedChoices = new Map()
  for (const writer of writers) {
    for (const reader of readers) {
      const cells = models.map((model) => {
        const r = check({writer, reader, model, updates, mode, attempts: o.attempts}, choices)
        states += r.states
        return {model: r.model, verdict: r.verdict, states: r.states, timeMs: r.timeMs}
      })
      rows.push({writer, reader, cells})
    }
  }
  return {updates, mode, models: models as ModelName[], rows, states, timeMs: performance.now() - started}
}

export interface BenchResult {
  readonly states: number
  readonly timeMs: number
  readonly statesPerSecond: number
}

/** Explorer throughput over a whole matrix (SAFE cells explore everything). */
export function benchmark(o: MatrixOptions = {updates: 2}): BenchResult {
  const m = runMatrix(o)
  return {states: m.states, timeMs: m.timeMs, statesPerSecond: Math.round(m.states / (m.timeMs / 1000))}
}
