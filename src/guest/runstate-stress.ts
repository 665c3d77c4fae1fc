// xl runstate stress: while the scheduler runs a domain, one of its CPUs
// reads another vCPU's runstate area through the real guest-copy bytes the
// hypervisor writes at each context switch, with the writer's stores and the
// reader's loads interleaved at random (seeded). A snapshot that equals
// neither the record before nor the one after the update, or that carries
// the update flag, is a torn read.
import type {Host} from '../hypervisor/host.js'
import type {Domain, Vcpu} from '../hypervisor/domain.js'
import {setGuestCopyTap, XEN_RUNSTATE_UPDATE, type GuestCopyStore, type RunstateArea} from '../hypervisor/runstate.js'
import {advanceInSteps, runstateFlagEnabled} from '../hypervisor/sched/index.js'
import {RUNSTATE_blocked, RUNSTATE_offline, RUNSTATE_running} from '../hypervisor/types.js'
import {findKernel} from './kernels.js'
import {FIELD_OFFSETS, SnapshotReader, type ReaderAlgorithm} from './runstate-reader.js'
import {nowNs} from '../hypervisor/time.js'

export interface StressCount {
  reader: number
  target: number
  reads: number
  retries: number
  torn: number
  /** The first torn snapshot, described. */
  firstTorn: string | null
}

export interface StressResult {
  /** Remote reads asked for: fewer are made when the window ends first. */
  requestedReads: number
  readerAlgorithm: ReaderAlgorithm
  updateFlag: boolean
  updates: number
  simulatedNs: number
  remote: StressCount
  local: StressCount
}

/** One writer step: a store of some bytes, as the hypervisor's copy makes them. */
interface Store {
  offset: number
  bytes: Uint8Array
}

function rngFrom(seed: number): () => number {
  let s = (seed >>> 0) || 0x9e3779b9
  return () => {
    s ^= s << 13; s >>>= 0
    s ^= s >>> 17
    s ^= s << 5; s >>>= 0
    return s / 4294967296
  }
}

/** The whole-record copy has no order among its bytes: split it into 8-byte stores, shuffled. */
function writerSteps(stores: readonly GuestCopyStore[], rand: () => number): Store[] {
  const out: Store[] = []
  for (const st of stores) {
    if (st.bytes.length <= 8) {
      out.push({offset: st.offset, bytes: st.bytes})
      continue
    }
    const chunks = FIELD_OFFSETS.map(off => ({offset: st.offset + off, bytes: st.bytes.subarray(off, off + 8)}))
    for (let i = chunks.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1))
      ;[chunks[i], chunks[j]] = [chunks[j], chunks[i]]
    }
    out.push(...chunks)
  }
  return out
}

function equal(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i])
}

function describeTorn(snap: Uint8Array, before: Uint8Array, after: Uint8Array): string {
  const names = ['state', 'state_entry_time', 'time[running]', 'time[runnable]', 'time[blocked]', 'time[offline]']
  const parts = FIELD_OFFSETS.map((off, i) => {
    const f = snap.subarray(off, off + 8)
    const from = equal(f, before.subarray(off, off + 8)) ? 'old' : equal(f, after.subarray(off, off + 8)) ? 'new' : 'neither'
    return `${names[i]}=${from}`
  })
  const flag = (new DataView(snap.buffer).getBigUint64(8, true) & XEN_RUNSTATE_UPDATE) !== 0n
  return `${parts.join(' ')}${flag ? ' (update flag set)' : ''}`
}

function count(reader: Vcpu, target: Vcpu): StressCount {
  return {reader: reader.vcpuId, target: target.vcpuId, reads: 0, retries: 0, torn: 0, firstTorn: null}
}

function judge(c: StressCount, snap: Uint8Array, before: Uint8Array, after: Uint8Array): void {
  c.reads++
  const flag = (new DataView(snap.buffer, snap.byteOffset).getBigUint64(8, true) & XEN_RUNSTATE_UPDATE) !== 0n
  if (flag || !(equal(snap, before) || equal(snap, after))) {
    c.torn++
    c.firstTorn ??= describeTorn(snap, before, after)
  }
}

/**
 * No update of vCPU 0's record happened in the whole window (Xen rewrites
 * the guest copy only when the vCPU is switched in or out), so no read
 * raced with one: a result of "0 torn" would say nothing.
 */
export class NothingToRace extends Error {
  constructor(d: Domain, target: Vcpu, ns: number) {
    const why = target.runstate.state === RUNSTATE_running ? 'it kept its pCPU throughout'
      : target.runstate.state === RUNSTATE_blocked ? 'it stayed blocked throughout'
      : target.runstate.state === RUNSTATE_offline ? 'it stayed offline throughout (is the domain paused?)'
      : 'it waited for a pCPU throughout'
    super(`nothing was tested: vcpu 0 of ${d.name} was not switched in or out in ${(ns / 1e9).toFixed(3)} s of simulated time ` +
      `(${why}), so its runstate area was never rewritten for vcpu 1 to race with; run it on a contended host ` +
      `(more runnable vCPUs than pCPUs) or give vcpu 0 a duty workload (xl workload ${d.name} 0 duty:50:5ms)`)
    this.name = 'NothingToRace'
  }
}

export interface StressOptions {
  reads: number
  seed: number
  /** Simulated time per scheduler step, and the most the run may take. */
  stepNs: number
  maxNs: number
}

export function runstateStress(host: Host, d: Domain, opts: StressOptions): StressResult {
  const target = d.vcpus[0]
  const reader = d.vcpus.find(v => v.vcpuId !== 0 && v.online)
  if (!reader) throw new Error(`domain ${d.name} needs a second online vCPU to read vCPU 0 remotely`)
  if (!target.runstateArea || !reader.runstateArea) throw new Error(`domain ${d.name} has no runstate areas registered (its kernel skipped the setup)`)
  const kernel = findKernel(d.guest.kernel)
  const algorithm: ReaderAlgorithm = kernel?.enablesRunstateFlag ? 'linux-4.8' : 'linux-4.6'
  const rand = rngFrom(opts.seed)
  const remote = count(reader, target)
  const local = count(target, target)
  let updates = 0
  const area = target.runstateArea
  // Absolute time: host.now moves back when the epoch moves on (hypervisor/time.ts).
  const start = nowNs(host)

  // Only vCPU 0's area is watched: the rest of the host's updates take the
  // hypervisor's ordinary in-place write.
  const tap = (a: RunstateArea, stores: readonly GuestCopyStore[]) => {
    const steps = writerSteps(stores, rand)
    updates++
    const before = a.bytes.slice()
    // Local: vCPU 0 reads its own record only while it runs, never during an update.
    const own = new SnapshotReader(a.bytes, algorithm)
    while (!own.next());
    judge(local, own.snapshot.slice(), before, before)
    local.retries += own.retries
    // Remote: vCPU 1's loads interleaved with the hypervisor's stores.
    const r = new SnapshotReader(a.bytes, algorithm)
    const after = before.slice()
    for (const st of steps) after.set(st.bytes, st.offset)
    let w = 0
    const reading = remote.reads < opts.reads
    while (w < steps.length || (reading && !r.done)) {
      const writerTurn = w < steps.length && (!reading || r.done || rand() < 0.5)
      if (writerTurn) {
        a.bytes.set(steps[w].bytes, steps[w].offset)
        w++
      } else {
        r.next()
      }
    }
    if (reading) {
      judge(remote, r.snapshot.slice(), before, after)
      remote.retries += r.retries
    }
  }

  const previous = setGuestCopyTap(tap, area)
  try {
    advanceInSteps(host, opts.stepNs, host.now + opts.maxNs, () => remote.reads < opts.reads)
  } finally {
    setGuestCopyTap(previous)
  }
  const simulatedNs = Number(nowNs(host) - start)
  if (remote.reads === 0) throw new NothingToRace(d, target, simulatedNs)
  return {requestedReads: opts.reads, readerAlgorithm: algorithm, updateFlag: runstateFlagEnabled(d), updates, simulatedNs, remote, local}
}
