// Tracing's cost: scheduler events/s of the bench host (16 pCPUs, 64 vCPUs,
// credit2, exact) with no recorder and with one recording every event (and
// the same for the other policies, whose class events add records), and a
// 10 s xentrace of that host: simulated, encoded and written, with the
// file's size.
//   npx tsc -p . && node dist/bench/trace.js
import {performance} from 'node:perf_hooks'
import {mkdtempSync, rmSync, statSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {pathToFileURL} from 'node:url'
import {mixedHost} from './sched.js'
import {advanceTo, eventsHandled, setFastForward} from '../src/hypervisor/sched/index.js'
import {encodeXentrace, mergeWindows, recordFor, startTracing, stopTracing} from '../src/hypervisor/trace/index.js'
import {NS_PER_S, type SchedulerName} from '../src/hypervisor/types.js'
import {median} from './startup.js'

/** Events per second of CPU time over 60 simulated seconds (about a million events), traced or not. */
function rate(traced: boolean, sched: SchedulerName = 'credit2'): number {
  const host = mixedHost(16, 64, sched)
  setFastForward(host, 0)
  advanceTo(host, NS_PER_S)
  const r = traced ? startTracing(host, {drained: true}) : null
  const before = eventsHandled(host)
  const c0 = process.cpuUsage()
  advanceTo(host, 61 * NS_PER_S)
  const c = process.cpuUsage(c0)
  if (r) stopTracing(host, r)
  return (eventsHandled(host) - before) / ((c.user + c.system) / 1e6)
}

export interface TraceBench {
  offEventsPerSecond: number
  onEventsPerSecond: number
  /** Cost of tracing: events/s off / on. */
  onCost: number
  /** Record 10 s of the bench host, encode it and write the file (s). */
  tenSecondsSeconds: number
  fileBytes: number
  records: number
  /** The cost of tracing (events/s off / on) under credit, rtds and null. */
  byPolicy: Record<string, number>
}

/** Medians of events/s off and on, measured alternately (warm-up first). */
function offOn(sched: SchedulerName, rounds: number): [number, number] {
  rate(false, sched)
  rate(true, sched)
  const off: number[] = [], on: number[] = []
  for (let i = 0; i < rounds; i++) {
    off.push(rate(false, sched))
    on.push(rate(true, sched))
  }
  return [median(off), median(on)]
}

export function benchTrace(): TraceBench {
  const [offEventsPerSecond, onEventsPerSecond] = offOn('credit2', 5)
  const byPolicy: Record<string, number> = {}
  for (const sched of ['credit', 'rtds', 'null'] as const) {
    const [off, on] = offOn(sched, 3)
    byPolicy[sched] = off / on
  }
  const host = mixedHost(16, 64, 'credit2')
  setFastForward(host, 0)
  advanceTo(host, NS_PER_S)
  const dir = mkdtempSync(join(tmpdir(), 'xlsim-trace-bench-'))
  try {
    const file = join(dir, 'host.trace')
    const t0 = performance.now()
    const r = startTracing(host, {drained: true})
    recordFor(host, 10 * NS_PER_S, 100_000_000)
    writeFileSync(file, encodeXentrace(mergeWindows(stopTracing(host, r))))
    const tenSecondsSeconds = (performance.now() - t0) / 1000
    return {offEventsPerSecond, onEventsPerSecond, onCost: offEventsPerSecond / onEventsPerSecond, tenSecondsSeconds, fileBytes: statSync(file).size, records: r.records, byPolicy}
  } finally {
    rmSync(dir, {recursive: true, force: true})
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const b = benchTrace()
  console.log(`events/s, tracing off (credit2, 16x64): ${Math.round(b.offEventsPerSecond).toLocaleString('en-US')}`)
  console.log(`events/s, tracing on:                   ${Math.round(b.onEventsPerSecond).toLocaleString('en-US')} (${b.onCost.toFixed(2)}x the cost)`)
  for (const [sched, cost] of Object.entries(b.byPolicy)) console.log(`tracing on, ${sched}:`.padEnd(41) + `${cost.toFixed(2)}x the cost`)
  console.log(`10 s trace of the bench host written:   ${b.tenSecondsSeconds.toFixed(2)} s, ${(b.fileBytes / 2 ** 20).toFixed(1)} MiB, ${b.records.toLocaleString('en-US')} records`)
}
