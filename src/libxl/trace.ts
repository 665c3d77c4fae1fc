// xl trace: what xentrace (tools/xentrace/xentrace.c) does on a real host,
// on the simulated one: record the scheduler's trace records for a while
// (-T, as xentrace -T), or from `xl trace start` to `xl trace stop`, then
// write them as a xentrace file (for xenalyze) or as Perfetto JSON.
import {writeFileSync} from 'node:fs'
import type {Host} from '../hypervisor/host.js'
import {
  DEFAULT_TBUF_PAGES, TRC_ALL, encodeXentrace, mergeWindows, parseEvtMask, recordFor, recorderOf, startTracing, stopTracing,
  tscKhz, type TraceRecorder, type TraceState, type TraceWindow, type VcpuAccounting,
} from '../hypervisor/trace/index.js'
import {perfettoTrace} from '../hypervisor/trace/perfetto.js'
import {XlError, shown} from './errors.js'

export type TraceFormat = 'xentrace' | 'perfetto'

/** Most pages a pCPU's buffer may have (64 MiB). */
export const MAX_TBUF_PAGES = 16384
/** xentrace empties the buffers this often; a -T trace advances the host in steps of it. */
export const POLL_NS = 100_000_000

export interface TraceRequest {
  mask: number
  bufPages: number
}

/** -e and -S as xentrace takes them; one line and exit 2 for a bad one. */
export function traceRequest(mask: string | undefined, pages: number | undefined): TraceRequest {
  let m = TRC_ALL
  if (mask !== undefined) {
    const r = parseEvtMask(mask)
    if (typeof r !== 'number') throw new XlError(`xl: trace: ${r.error}`, 2)
    m = r
  }
  const p = pages ?? DEFAULT_TBUF_PAGES
  if (!Number.isInteger(p) || p < 1 || p > MAX_TBUF_PAGES) {
    throw new XlError(`xl: trace: invalid buffer size ${p}: give 1 to ${MAX_TBUF_PAGES} pages per pCPU (xentrace's default is ${DEFAULT_TBUF_PAGES})`, 2)
  }
  return {mask: m, bufPages: p}
}

/** -T, parsed (a duration, or its error): more than 0. */
export function traceDurationNs(parsed: number | {error: string}): number {
  if (typeof parsed !== 'number') throw new XlError(`xl: trace: ${parsed.error}`, 2)
  if (parsed <= 0) throw new XlError('xl: trace: the duration must be more than 0', 2)
  return parsed
}

/** --format, else by the file's name: .json is Perfetto, anything else xentrace. */
export function traceFormat(file: string, format: string | undefined): TraceFormat {
  if (format === 'xentrace' || format === 'perfetto') return format
  if (format !== undefined) throw new XlError(`xl: trace: unknown format '${shown(format)}': use xentrace or perfetto`, 2)
  return /\.json$/i.test(file) ? 'perfetto' : 'xentrace'
}

function alreadyTracing(r: TraceRecorder): XlError {
  const pages = r.config.bufPages
  return new XlError(`xl: trace: the host is already being traced (mask 0x${r.mask.toString(16).padStart(8, '0')}, ${pages} pages per pCPU); \`xl trace stop FILE\` writes that trace first`)
}

/** What a finished trace is, whichever way it was recorded. */
export interface FinishedTrace {
  state: TraceState
  windows: TraceWindow[]
  endNs: number
  accounting?: VcpuAccounting[]
}

/**
 * Record the host for spanNs of simulated time (a manual clock advances by
 * that much), as xentrace -T does: the buffers are emptied every 100 ms.
 * `more` is asked between steps (false stops early).
 */
export function traceFor(host: Host, spanNs: number, req: TraceRequest, account = false, more: () => boolean = () => true): FinishedTrace {
  const prev = recorderOf(host)
  if (prev) throw alreadyTracing(prev)
  const r = startTracing(host, {mask: req.mask, bufPages: req.bufPages, drained: true})
  r.account = account
  recordFor(host, spanNs, POLL_NS, more)
  return finish(host, r, [], account)
}

/** xl trace start: record from now until xl trace stop, in buffers that fill up (nobody empties them meanwhile). */
export function traceStart(host: Host, req: TraceRequest, drained = false, forNs?: number): void {
  const prev = recorderOf(host)
  if (prev) throw alreadyTracing(prev)
  // A -T trace on a wall clock that is never stopped (its process killed)
  // keeps nothing past its duration and a minute: later commands are not
  // made to simulate every event for it.
  const untilNs = forNs === undefined ? undefined : host.now + forNs + 60_000_000_000
  startTracing(host, {mask: req.mask, bufPages: req.bufPages, drained, untilNs})
}

/** xl trace stop: the last read of the buffers; `stored` are the windows earlier commands kept. */
export function traceStop(host: Host, stored: readonly TraceWindow[]): FinishedTrace {
  const r = recorderOf(host)
  if (!r) throw new XlError('xl: trace: the host is not being traced; start with `xl trace start` (or record a while with `xl trace -T 10s FILE`)')
  return finish(host, r, stored, false)
}

function finish(host: Host, r: TraceRecorder, stored: readonly TraceWindow[], account: boolean): FinishedTrace {
  const rest = stopTracing(host, r)
  return {
    state: r.state(),
    windows: mergeWindows([...stored, ...rest]),
    endNs: host.now,
    ...(account ? {accounting: r.accounting()} : {}),
  }
}

/** The file's bytes or text. */
export function traceFile(t: FinishedTrace, format: TraceFormat): Uint8Array | string {
  if (format === 'xentrace') return encodeXentrace(t.windows)
  const {config} = t.state
  return JSON.stringify(perfettoTrace({
    config: {...config, epochNs: BigInt(config.epochNs)},
    endNs: t.endNs, vcpus: t.state.vcpus, names: new Map(t.state.names), windows: t.windows,
  }))
}

export function writeTraceFile(file: string, data: Uint8Array | string): void {
  try {
    writeFileSync(file, data)
  } catch (e) {
    const err = e as NodeJS.ErrnoException
    throw new XlError(`xl: trace: cannot write ${shown(file)}: ${err.code ?? err.message}`)
  }
}

/** The lines xl trace prints: what was written and what to open it with. */
export function describeTrace(host: Host, t: FinishedTrace, file: string, format: TraceFormat, bytes: number): string {
  const khz = tscKhz(host)
  const s = t.state
  const secs = (t.endNs - s.config.startNs) / 1e9
  const size = bytes >= 1 << 20 ? `${(bytes / (1 << 20)).toFixed(2)} MiB` : `${(bytes / 1024).toFixed(1)} KiB`
  const lines = [
    `${file}: ${format} trace of ${secs.toFixed(3)} s (simulated), ${s.records} records, ${s.lostTotal} lost, ${size}`,
  ]
  if (format === 'xentrace') {
    lines.push(`TSC at ${(khz / 1000).toFixed(3)} MHz (xl info cpu_mhz): xenalyze --summary --cpu-hz=${khz * 1000} ${file}`)
  } else {
    lines.push('open it in ui.perfetto.dev (Open trace file) or chrome://tracing')
  }
  return lines.map(l => `${l}\n`).join('')
}

/** --runstates: per vCPU, the simulator's runstate totals over the spans xenalyze --summary counts. */
export function formatAccounting(acc: readonly VcpuAccounting[]): string {
  const head = 'vCPU          running   runnable    blocked    offline  (s, as xenalyze --summary counts them)\n'
  return head + acc.map(a => `d${a.domid}v${a.vcpuId}`.padEnd(10) + a.time.map(ns => (ns / 1e9).toFixed(2).padStart(11)).join('') + '\n').join('')
}
