// The same records as a Chrome / Perfetto trace (JSON "Trace Event
// Format"): Xen's pCPUs as one process with a track per pCPU showing the
// vCPU it runs as slices; each domain a process with a track per vCPU
// showing its runstate as slices; counters of each domain's steal and each
// pCPU's load. Only complete ("X") slices, one after the other on each
// track, so nothing nests wrongly; names come from "M" metadata events.
import {DOMID_IDLE, TRC_SCHED_DOM_ADD, TRC_SCHED_DOM_REM, TRC_SCHED_RUNSTATE_CHANGE} from './events.js'
import {tscOrigin, type TraceConfig, type TracedVcpu, type TraceWindow} from './recorder.js'
import {decodeXentrace, encodeXentrace} from './xentrace-file.js'
import {RUNSTATE_running, RUNSTATE_runnable, RUNSTATE_offline, type RunstateState} from '../types.js'

export interface PerfettoInput {
  config: Pick<TraceConfig, 'cpus' | 'cpuKhz' | 'epochNs' | 'startNs'>
  /** Engine time at the end of the trace. */
  endNs: number
  vcpus: readonly TracedVcpu[]
  names: ReadonlyMap<number, string>
  windows: readonly TraceWindow[]
  /** Counter sampling period (ns). */
  bucketNs?: number
}

type Ev = Record<string, unknown>

const STATE_NAMES = ['running', 'runnable', 'blocked', 'offline'] as const
/** The pCPUs' process id; a domain's is DOMAIN_PID + domid (pid 0 is the kernel's in most viewers). */
const XEN_PID = 1
const DOMAIN_PID = 1000
const PCPU_TID = 1_000_000
const vcpuTid = (domid: number, vcpu: number) => domid * 10_000 + vcpu + 1

/** µs with ns kept (Trace Event Format times are µs). */
const us = (ns: number) => Math.round(ns) / 1000

interface Open {
  state: RunstateState
  since: number
  cpu: number
}

export function perfettoTrace(input: PerfettoInput): {displayTimeUnit: 'ns'; traceEvents: Ev[]} {
  const {config} = input
  const start = config.startNs
  const end = input.endNs
  const bucket = input.bucketNs ?? 10_000_000
  const nBuckets = Math.max(1, Math.ceil((end - start) / bucket))
  const tsc0 = tscOrigin(config)
  const khz = BigInt(config.cpuKhz)
  const nsOf = (tsc: bigint) => start + Number(((tsc - tsc0) * 1_000_000n) / khz)
  const events: Ev[] = []
  const slices: Ev[] = []
  const vcpuState = new Map<string, Open>()
  const pcpuRun: ({key: string; since: number} | null)[] = new Array(config.cpus).fill(null)
  const steal = new Map<number, Float64Array>()
  const busy = Array.from({length: config.cpus}, () => new Float64Array(nBuckets))
  const domVcpus = new Map<number, number>()

  /** Add [a, b) to the per-bucket totals of `acc`. */
  const spread = (acc: Float64Array, a: number, b: number) => {
    let t = Math.max(a, start)
    while (t < b) {
      const i = Math.min(nBuckets - 1, Math.floor((t - start) / bucket))
      const edge = Math.min(b, start + (i + 1) * bucket)
      acc[i] += (i === nBuckets - 1 ? b : edge) - t
      t = i === nBuckets - 1 ? b : edge
    }
  }
  const stealOf = (domid: number) => {
    let a = steal.get(domid)
    if (!a) steal.set(domid, a = new Float64Array(nBuckets))
    return a
  }

  const closeVcpu = (domid: number, vcpu: number, o: Open, t: number) => {
    if (t > o.since) {
      slices.push({ph: 'X', name: STATE_NAMES[o.state], cat: 'runstate', pid: DOMAIN_PID + domid, tid: vcpuTid(domid, vcpu),
        ts: us(o.since), dur: us(t) - us(o.since), args: {pcpu: o.cpu}})
      if (o.state === RUNSTATE_runnable || o.state === RUNSTATE_offline) spread(stealOf(domid), o.since, t)
    }
  }
  const closePcpu = (cpu: number, t: number) => {
    const r = pcpuRun[cpu]
    if (!r) return
    if (t > r.since) {
      slices.push({ph: 'X', name: r.key, cat: 'pcpu', pid: XEN_PID, tid: PCPU_TID + cpu, ts: us(r.since), dur: us(t) - us(r.since)})
      spread(busy[cpu], r.since, t)
    }
    pcpuRun[cpu] = null
  }

  for (const v of input.vcpus) {
    const key = `d${v.domid}v${v.vcpuId}`
    vcpuState.set(key, {state: v.state, since: Math.max(start, v.at), cpu: v.cpu})
    domVcpus.set(v.domid, Math.max(domVcpus.get(v.domid) ?? 0, v.vcpuId + 1))
    if (v.state === RUNSTATE_running && v.at <= start && v.cpu >= 0 && v.cpu < config.cpus) pcpuRun[v.cpu] = {key, since: start}
  }

  const records = decodeXentrace(encodeXentrace(input.windows))
    .flatMap(w => w.records.map(r => ({cpu: w.cpu, r})))
    .filter(x => x.r.tsc !== null)
    .sort((a, b) => (a.r.tsc! < b.r.tsc! ? -1 : a.r.tsc! > b.r.tsc! ? 1 : 0))
  for (const {cpu, r} of records) {
    const t = Math.min(end, nsOf(r.tsc!))
    if ((r.event & 0xfffff00f) === TRC_SCHED_RUNSTATE_CHANGE) {
      const vcpu = r.extra[0] & 0xffff, domid = r.extra[0] >>> 16
      if (domid === DOMID_IDLE) continue
      const next = ((r.event >> 4) & 3) as RunstateState
      const key = `d${domid}v${vcpu}`
      const o = vcpuState.get(key) ?? {state: ((r.event >> 8) & 3) as RunstateState, since: t, cpu}
      closeVcpu(domid, vcpu, o, t)
      vcpuState.set(key, {state: next, since: t, cpu})
      domVcpus.set(domid, Math.max(domVcpus.get(domid) ?? 0, vcpu + 1))
      if (o.state === RUNSTATE_running) closePcpu(cpu, t)
      if (next === RUNSTATE_running) {
        closePcpu(cpu, t)
        pcpuRun[cpu] = {key, since: t}
      }
    } else if (r.event === TRC_SCHED_DOM_ADD || r.event === TRC_SCHED_DOM_REM) {
      events.push({ph: 'i', s: 'g', name: r.event === TRC_SCHED_DOM_ADD ? `d${r.extra[0]} created` : `d${r.extra[0]} destroyed`,
        cat: 'domain', pid: XEN_PID, tid: PCPU_TID + cpu, ts: us(t)})
    }
  }
  for (const [key, o] of vcpuState) {
    const m = /^d(\d+)v(\d+)$/.exec(key)!
    closeVcpu(Number(m[1]), Number(m[2]), o, end)
  }
  for (let cpu = 0; cpu < config.cpus; cpu++) closePcpu(cpu, end)

  // Names first: processes and threads, in a stable order.
  events.unshift(
    {ph: 'M', name: 'process_name', pid: XEN_PID, args: {name: 'Xen pCPUs'}},
    {ph: 'M', name: 'process_sort_index', pid: XEN_PID, args: {sort_index: 0}},
    ...Array.from({length: config.cpus}, (_, cpu) => [
      {ph: 'M', name: 'thread_name', pid: XEN_PID, tid: PCPU_TID + cpu, args: {name: `pCPU ${cpu}`}},
      {ph: 'M', name: 'thread_sort_index', pid: XEN_PID, tid: PCPU_TID + cpu, args: {sort_index: cpu}},
    ]).flat(),
  )
  for (const [domid, n] of [...domVcpus].sort((a, b) => a[0] - b[0])) {
    const pid = DOMAIN_PID + domid
    const name = input.names.get(domid)
    events.push({ph: 'M', name: 'process_name', pid, args: {name: name ? `${name} (d${domid})` : `d${domid}`}})
    events.push({ph: 'M', name: 'process_sort_index', pid, args: {sort_index: domid + 1}})
    for (let v = 0; v < n; v++) {
      events.push({ph: 'M', name: 'thread_name', pid, tid: vcpuTid(domid, v), args: {name: `d${domid}v${v}`}})
      events.push({ph: 'M', name: 'thread_sort_index', pid, tid: vcpuTid(domid, v), args: {sort_index: v}})
    }
  }
  // A loop, not push(...slices): a long trace has more slices than a call takes arguments.
  for (const s of slices.sort((a, b) => (a.ts as number) - (b.ts as number))) events.push(s)
  // Counters, one sample per bucket: a domain's steal (runnable + offline
  // time of its vCPUs over their total) and each pCPU's load.
  for (let i = 0; i < nBuckets; i++) {
    const a = start + i * bucket
    const len = Math.min(bucket, end - a)
    if (len <= 0) break
    for (const [domid, acc] of [...steal].sort((x, y) => x[0] - y[0])) {
      const pct = (100 * acc[i]) / (len * (domVcpus.get(domid) ?? 1))
      events.push({ph: 'C', name: 'steal %', pid: DOMAIN_PID + domid, ts: us(a), args: {steal: Math.round(pct * 100) / 100}})
    }
    for (let cpu = 0; cpu < config.cpus; cpu++) {
      events.push({ph: 'C', name: `pCPU ${cpu} load %`, pid: XEN_PID, ts: us(a), args: {load: Math.round((10000 * busy[cpu][i]) / len) / 100}})
    }
  }
  return {displayTimeUnit: 'ns', traceEvents: events}
}
