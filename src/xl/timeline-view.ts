// `xl runstate timeline`: each vCPU's runstate over time, one row per vCPU.
// Samples are taken by recording the host's runstate changes (the trace
// recorder, TRC_SCHED_MIN only) while a frame runs it; the rows are laid
// out here as text, which the ink view (src/views/timeline/) only colours.
import type {Host} from '../hypervisor/host.js'
import {recorderOf, startTracing, stopTracing, mergeWindows, type TraceRecorder} from '../hypervisor/trace/index.js'
import {TRC_SCHED_MIN} from '../hypervisor/trace/events.js'
import {runstateSegments, type Segment} from '../hypervisor/trace/segments.js'
import {RUNSTATE_blocked, RUNSTATE_offline, RUNSTATE_runnable, RUNSTATE_running, type RunstateState} from '../hypervisor/types.js'
import {findDomain} from '../libxl/domain.js'
import {advanceBy} from '../libxl/clock.js'
import {XlError} from '../libxl/errors.js'
import {withHost} from '../cli/session.js'

export interface TimelineSample {
  domid: number
  name: string
  vcpuIds: number[]
  clock: 'wall' | 'manual'
  arch: string
  sched: string
  cpus: number
  /** Engine times of the span the sample covers. */
  from: number
  to: number
  segments: Map<number, Segment[]>
}

/** Pages per pCPU for a frame's recording: enough that a frame of a busy host loses nothing. */
const FRAME_PAGES = 1024

function record(h: Host): TraceRecorder {
  const prev = recorderOf(h)
  if (prev) throw new XlError('xl runstate timeline: the host is being traced (xl trace start); `xl trace stop FILE` first')
  return startTracing(h, {mask: TRC_SCHED_MIN, bufPages: FRAME_PAGES, drained: true})
}

/**
 * One frame, in its own transaction: record the host while a manual clock
 * runs forward by advanceNs, or while a wall clock catches up to now (not
 * on a first frame, recordCatchUp false: the time since the last command
 * may be days, which a recording would have to simulate event by event).
 */
export function sampleTimeline(state: string | undefined, domain: string, advanceNs: number, recordCatchUp = true): TimelineSample {
  let rec: TraceRecorder | undefined
  const before = recordCatchUp ? (h: Host) => void (rec = record(h)) : undefined
  return withHost({state, beforeCatchUp: before}, h => {
    const d = findDomain(h, domain)
    const r = rec ?? record(h)
    if (h.config.clock === 'manual' && advanceNs > 0) advanceBy(h, advanceNs)
    const windows = mergeWindows(stopTracing(h, r))
    const segments = runstateSegments({config: r.config, endNs: h.now, vcpus: [...r.vcpus.values()], windows}, d.domid)
    return {
      domid: d.domid, name: d.name, vcpuIds: d.vcpus.map(v => v.vcpuId), clock: h.config.clock, arch: h.config.arch,
      sched: h.config.sched, cpus: h.config.cpus, from: r.config.startNs, to: h.now, segments,
    }
  })
}

/** The samples so far, joined: each vCPU's segments back to `keepNs` before the newest. */
export class TimelineHistory {
  readonly segments = new Map<number, Segment[]>()
  from = Infinity
  to = -Infinity
  latest: TimelineSample | null = null

  constructor(readonly keepNs: number) {}

  add(s: TimelineSample): void {
    this.latest = s
    this.from = Math.min(this.from, s.from)
    this.to = Math.max(this.to, s.to)
    for (const [vcpu, list] of s.segments) {
      const mine = this.segments.get(vcpu) ?? []
      for (const seg of list) {
        const last = mine[mine.length - 1]
        if (last && last.to === seg.from && last.state === seg.state && last.cpu === seg.cpu) last.to = seg.to
        else mine.push({...seg})
      }
      this.segments.set(vcpu, mine)
    }
    const cut = this.to - this.keepNs
    if (cut > this.from) {
      this.from = cut
      for (const [vcpu, list] of this.segments) this.segments.set(vcpu, list.filter(x => x.to > cut))
    }
  }
}

export const GLYPH = {runnable: '+', blocked: '.', offline: '_', none: ' '} as const
const CPU_GLYPHS = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'

/** Running on pCPU n: its digit (0-9, a-z, A-Z; `*` past 61). */
export function cpuGlyph(cpu: number): string {
  return CPU_GLYPHS[cpu] ?? '*'
}

export interface TimelineCell {
  ch: string
  /** The state that filled most of the column, or null where there is no data. */
  state: RunstateState | null
}

export interface TimelineRow {
  vcpu: number
  cells: TimelineCell[]
  /** (runnable + offline) / time seen, over the view, in %. */
  stealPct: number
  /** pCPUs it ran on in the view. */
  cpus: number[]
}

export interface TimelineView {
  /** The view's right edge (engine time) and its span. */
  endNs: number
  windowNs: number
  cols: number
}

/** Each vCPU's row: per column, the state it spent most of the column in. */
export function timelineRows(h: TimelineHistory, vcpuIds: readonly number[], v: TimelineView): TimelineRow[] {
  const start = v.endNs - v.windowNs
  const w = v.windowNs / v.cols
  return vcpuIds.map(vcpu => {
    const segs = h.segments.get(vcpu) ?? []
    const cells: TimelineCell[] = []
    const total = [0, 0, 0, 0]
    const cpus = new Set<number>()
    let k = 0
    for (let c = 0; c < v.cols; c++) {
      const a = start + c * w, b = a + w
      const t = [0, 0, 0, 0]
      const onCpu = new Map<number, number>()
      while (k < segs.length && segs[k].to <= a) k++
      for (let j = k; j < segs.length && segs[j].from < b; j++) {
        const s = segs[j]
        const len = Math.min(b, s.to) - Math.max(a, s.from)
        if (len <= 0) continue
        t[s.state] += len
        if (s.state === RUNSTATE_running) {
          onCpu.set(s.cpu, (onCpu.get(s.cpu) ?? 0) + len)
          cpus.add(s.cpu)
        }
      }
      for (let i = 0; i < 4; i++) total[i] += t[i]
      const best = t.indexOf(Math.max(...t)) as RunstateState
      if (t[best] === 0) cells.push({ch: GLYPH.none, state: null})
      else if (best === RUNSTATE_running) cells.push({ch: cpuGlyph([...onCpu].sort((x, y) => y[1] - x[1])[0][0]), state: best})
      else cells.push({ch: best === RUNSTATE_runnable ? GLYPH.runnable : best === RUNSTATE_blocked ? GLYPH.blocked : GLYPH.offline, state: best})
    }
    const seen = total.reduce((x, y) => x + y, 0)
    const stealPct = seen > 0 ? (100 * (total[RUNSTATE_runnable] + total[RUNSTATE_offline])) / seen : 0
    return {vcpu, cells, stealPct, cpus: [...cpus].sort((x, y) => x - y)}
  })
}

function fmtSpan(ns: number): string {
  if (ns >= 1e9) return `${Number((ns / 1e9).toPrecision(3))} s`
  if (ns >= 1e6) return `${Number((ns / 1e6).toPrecision(3))} ms`
  return `${Number((ns / 1e3).toPrecision(3))} us`
}

export function timelineTitle(s: TimelineSample, v: TimelineView, offsetNs = 0): string {
  const ago = offsetNs > 0 ? `, ${fmtSpan(offsetNs)} ago` : ''
  return `Domain ${s.name} (id ${s.domid}): runstate of each vCPU over ${fmtSpan(v.windowNs)}${ago} (${fmtSpan(v.windowNs / v.cols)} per column); ${s.arch} ${s.sched}, ${s.cpus} pCPUs, ${s.clock} clock`
}

export const LEGEND = `legend: 0-9 a-z running on that pCPU, ${GLYPH.runnable} runnable, ${GLYPH.blocked} blocked, ${GLYPH.offline} offline`

/** The row's text parts: label, cells, steal and pCPUs. */
export function rowLabel(r: TimelineRow): string {
  return `v${r.vcpu}`.padEnd(5)
}

export function rowTail(r: TimelineRow): string {
  return ` ${r.stealPct.toFixed(1).padStart(5)}  ${r.cpus.length ? r.cpus.join(',') : '-'}`
}

export function headerLine(cols: number): string {
  return `${'vCPU'.padEnd(5)}|${'-'.repeat(cols)}| steal%  pCPUs`
}

/** The whole view as plain text (no terminal: printed once). */
export function formatTimeline(h: TimelineHistory, v: TimelineView): string {
  const s = h.latest!
  const rows = timelineRows(h, s.vcpuIds, v)
  return [
    timelineTitle(s, v),
    LEGEND,
    headerLine(v.cols),
    ...rows.map(r => `${rowLabel(r)}|${r.cells.map(c => c.ch).join('')}|${rowTail(r)}`),
  ].map(l => `${l}\n`).join('')
}
