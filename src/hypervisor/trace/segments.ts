// Each vCPU's runstate over a trace, as segments: read off the trace's
// TRC_SCHED_RUNSTATE_CHANGE records (the terminal timeline's data).
import {DOMID_IDLE, TRC_SCHED_RUNSTATE_CHANGE} from './events.js'
import {tscOrigin, type TraceConfig, type TracedVcpu, type TraceWindow} from './recorder.js'
import {decodeXentrace, encodeXentrace} from './xentrace-file.js'
import type {RunstateState} from '../types.js'

export interface Segment {
  state: RunstateState
  /** The pCPU it ran on (running), or its v->processor. */
  cpu: number
  /** Engine times (host.now's scale), [from, to). */
  from: number
  to: number
}

export interface SegmentInput {
  config: Pick<TraceConfig, 'cpuKhz' | 'epochNs' | 'startNs'>
  endNs: number
  vcpus: readonly TracedVcpu[]
  windows: readonly TraceWindow[]
}

/** Segments per vCPU of domain `domid`, by vCPU id, covering [startNs, endNs). */
export function runstateSegments(input: SegmentInput, domid: number): Map<number, Segment[]> {
  const {config, endNs} = input
  const tsc0 = tscOrigin(config)
  const khz = BigInt(config.cpuKhz)
  const out = new Map<number, Segment[]>()
  const open = new Map<number, {state: RunstateState; cpu: number; since: number}>()
  for (const v of input.vcpus) {
    if (v.domid === domid) open.set(v.vcpuId, {state: v.state, cpu: v.cpu, since: Math.max(config.startNs, v.at)})
  }
  const push = (vcpu: number, s: Segment) => {
    if (s.to <= s.from) return
    const list = out.get(vcpu) ?? []
    list.push(s)
    out.set(vcpu, list)
  }
  const records = decodeXentrace(encodeXentrace(input.windows))
    .flatMap(w => w.records.map(r => ({cpu: w.cpu, r})))
    .filter(x => x.r.tsc !== null && (x.r.event & 0xfffff00f) === TRC_SCHED_RUNSTATE_CHANGE && x.r.extra[0] >>> 16 === domid && domid !== DOMID_IDLE)
    .sort((a, b) => (a.r.tsc! < b.r.tsc! ? -1 : a.r.tsc! > b.r.tsc! ? 1 : 0))
  for (const {cpu, r} of records) {
    const t = Math.min(endNs, config.startNs + Number(((r.tsc! - tsc0) * 1_000_000n) / khz))
    const vcpu = r.extra[0] & 0xffff
    const o = open.get(vcpu) ?? {state: ((r.event >> 8) & 3) as RunstateState, cpu, since: t}
    push(vcpu, {state: o.state, cpu: o.cpu, from: o.since, to: t})
    open.set(vcpu, {state: ((r.event >> 4) & 3) as RunstateState, cpu, since: t})
  }
  for (const [vcpu, o] of open) push(vcpu, {state: o.state, cpu: o.cpu, from: o.since, to: endNs})
  for (const list of out.values()) list.sort((a, b) => a.from - b.from)
  return out
}
