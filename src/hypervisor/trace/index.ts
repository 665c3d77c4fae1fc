// Tracing a host: a recorder attached to its scheduler (sched/index.ts
// setTracer) records what Xen's trace buffers would hold; the file formats
// are in xentrace-file.ts and perfetto.ts.
import type {Host} from '../host.js'
import {archOps} from '../arch/index.js'
import {epochNs} from '../time.js'
import {advanceInSteps, setTracer, tracerOf} from '../sched/index.js'
import {DEFAULT_TBUF_PAGES, TRC_ALL} from './events.js'
import {TraceRecorder, type TraceState, type TraceWindow} from './recorder.js'
import {windowSize, writeWindow} from './packed.js'

export {TraceRecorder, type TraceState, type TraceWindow, type VcpuAccounting, type TracedVcpu} from './recorder.js'
export {encodeXentrace, decodeXentrace, type DecodedRecord, type DecodedWindow} from './xentrace-file.js'
export {parseEvtMask, DEFAULT_TBUF_PAGES, TRC_ALL} from './events.js'

export interface TraceOptions {
  mask?: number
  bufPages?: number
  /** xentrace empties the buffers every 100 ms (xl trace -T); else they are read once, at the stop. */
  drained?: boolean
  /** The reader stops by then (engine time): see TraceConfig.untilNs. */
  untilNs?: number
}

/** physinfo cpu_khz of the host: its TSC's rate (xl info cpu_mhz). */
export function tscKhz(host: Host): number {
  return archOps(host.config.arch).cpuKhz
}

/** Start recording the host from its current time. */
export function startTracing(host: Host, opts: TraceOptions = {}): TraceRecorder {
  const r = new TraceRecorder({
    cpus: host.config.cpus,
    cpuKhz: tscKhz(host),
    mask: opts.mask ?? TRC_ALL,
    bufPages: opts.bufPages ?? DEFAULT_TBUF_PAGES,
    epochNs: epochNs(host),
    startNs: host.now,
    drained: opts.drained ?? false,
    ...(opts.untilNs !== undefined ? {untilNs: opts.untilNs} : {}),
  })
  setTracer(host, r)
  return r
}

/** Carry on recording with a recorder saved by another process. */
export function resumeTracing(host: Host, state: TraceState): TraceRecorder {
  const r = TraceRecorder.restore(state)
  setTracer(host, r)
  return r
}

/** The recorder attached to the host, if it is one of ours. */
export function recorderOf(host: Host): TraceRecorder | undefined {
  const t = tracerOf(host)
  return t instanceof TraceRecorder ? t : undefined
}

/** Stop recording: xentrace's last read of every buffer. Returns the windows not yet flushed. */
export function stopTracing(host: Host, r: TraceRecorder): TraceWindow[] {
  r.poll(host.now, true)
  setTracer(host, null)
  return r.flush()
}

/**
 * Run the host for spanNs while recording, in steps of at most `stepNs`
 * (every event simulated), while more() holds; returns the ns run.
 */
export function recordFor(host: Host, spanNs: number, stepNs: number, more: () => boolean = () => true): number {
  const start = host.now
  advanceInSteps(host, stepNs, host.now + spanNs, more)
  return host.now - start
}

/** Merge windows of the same poll and pCPU (flushed by several commands) into one, in poll and pCPU order. */
export function mergeWindows(windows: readonly TraceWindow[]): TraceWindow[] {
  const sorted = [...windows].sort((a, b) => a.poll - b.poll || a.cpu - b.cpu)
  const out: TraceWindow[] = []
  for (let i = 0; i < sorted.length;) {
    let j = i + 1
    while (j < sorted.length && sorted[j].poll === sorted[i].poll && sorted[j].cpu === sorted[i].cpu) j++
    if (j === i + 1) {
      // Alone: kept as it is (a packed one is unpacked only into the file).
      out.push(sorted[i])
    } else {
      const parts = sorted.slice(i, j)
      const words = new Uint32Array(parts.reduce((n, w) => n + windowSize(w), 0))
      let at = 0
      for (const w of parts) at = writeWindow(w, words, at)
      out.push({cpu: sorted[i].cpu, poll: sorted[i].poll, words})
    }
    i = j
  }
  return out
}
