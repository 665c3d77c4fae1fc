// xl runstate stress: while the scheduler runs a domain, one of its CPUs
// reads another vCPU's runstate area through the real guest-copy bytes the
// hypervisor writes at each context switch, with the writer's stores and the
// reader's loads interleaved at random (seeded). A snapshot that equals
// neither the record before nor the one after the update, or that carries
// the update flag, is a torn read.
import type {Host} from '../hypervisor/host.js'
import type {Domain, Vcpu} from '../hypervisor/domain.js'
import {layoutOf, setGuestCopyTap, XEN_RUNSTATE_UPDATE, type GuestCopyStore, type RunstateArea, type RunstateLayout} from '../hypervisor/runstate.js'
import {advanceInSteps, runstateFlagEnabled} from '../hypervisor/sched/index.js'
import {RUNSTATE_blocked, RUNSTATE_offline, RUNSTATE_running} from '../hypervisor/types.js'
import {findKernel} from './kernels.js'
import {recordFields, SnapshotReader, type ReaderAlgorithm} from './runstate-reader.js'
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
  /**
   * vCPU 0's area was registered by guest-physical address (Xen 4.18): Xen
   * always raises the flag there, with 64-bit atomic writes.
   */
  physArea: boolean
  /** The guest layout of the record (compat: a 32-bit x86 PV guest). */
  layout: 'native' | 'compat'
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

/**
 * The whole-record copy has no order among its bytes: split it into one
 * store per field (8 bytes; the compat record's state is 4), shuffled. A
 * store of 8 bytes or less is one store (the flag byte, 4.18's write_atomic).
 */
function writerSteps(stores: readonly GuestCopyStore[], layout: RunstateLayout, rand: () => number): Store[] {
  const out: Store[] = []
  for (const st of stores) {
    if (st.bytes.length <= 8) {
      out.push({offset: st.offset, bytes: st.bytes})
      continue
    }
    const chunks = recordFields(layout).map(f => ({offset: st.offset + f.offset, bytes: st.bytes.subarray(f.offset, f.offset + f.size)}))
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

function entryTime(bytes: Uint8Array, layout: RunstateLayout): bigint {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getBigUint64(layout.stateEntryTime, true)
}

/**
 * Which record each field of a torn snapshot came from. state_entry_time
 * with the flag set is named by the value under the flag: Xen 4.8-4.17's
 * byte store raises it on the old entry time (`old+flag`), 4.18's
 * write_atomic() on the new one (`new+flag`).
 */
export function describeTorn(snap: Uint8Array, before: Uint8Array, after: Uint8Array, layout: RunstateLayout): string {
  const names = ['state', 'state_entry_time', 'time[running]', 'time[runnable]', 'time[blocked]', 'time[offline]']
  const entry = entryTime(snap, layout)
  const flag = (entry & XEN_RUNSTATE_UPDATE) !== 0n
  const parts = recordFields(layout).map((f, i) => {
    const piece = snap.subarray(f.offset, f.offset + f.size)
    let from = equal(piece, before.subarray(f.offset, f.offset + f.size)) ? 'old' : equal(piece, after.subarray(f.offset, f.offset + f.size)) ? 'new' : 'neither'
    if (i === 1 && flag) {
      const bare = entry & ~XEN_RUNSTATE_UPDATE
      from = bare === entryTime(before, layout) ? 'old+flag' : bare === entryTime(after, layout) ? 'new+flag' : 'neither'
    }
    return `${names[i]}=${from}`
  })
  return `${parts.join(' ')}${flag ? ' (update flag set)' : ''}`
}

function count(reader: Vcpu, target: Vcpu): StressCount {
  return {reader: reader.vcpuId, target: target.vcpuId, reads: 0, retries: 0, torn: 0, firstTorn: null}
}

function judge(c: StressCount, snap: Uint8Array, before: Uint8Array, after: Uint8Array, layout: RunstateLayout, seen?: SnapshotObserver): void {
  c.reads++
  const flag = (entryTime(snap, layout) & XEN_RUNSTATE_UPDATE) !== 0n
  if (flag || !(equal(snap, before) || equal(snap, after))) {
    c.torn++
    const why = describeTorn(snap, before, after, layout)
    c.firstTorn ??= why
    seen?.(why)
  }
}

/** Told of every torn remote snapshot, described (tests). */
export type SnapshotObserver = (torn: string) => void

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
  onTorn?: SnapshotObserver
}

export function runstateStress(host: Host, d: Domain, opts: StressOptions): StressResult {
  const target = d.vcpus[0]
  const reader = d.vcpus.find(v => v.vcpuId !== 0 && v.online)
  if (!reader) throw new Error(`domain ${d.name} needs a second online vCPU to read vCPU 0 remotely`)
  if (!target.runstateArea || !reader.runstateArea) throw new Error(`domain ${d.name} has no runstate areas registered (its kernel skipped the setup)`)
  const kernel = findKernel(d.guest.kernel)
  // A 32-bit kernel's get64() and copy read 32 bits at a time (drivers/xen/time.c).
  const bits = d.guestBits === 32 ? '-32bit' : ''
  const algorithm = `${kernel?.enablesRunstateFlag ? 'linux-4.8' : 'linux-4.6'}${bits}` as ReaderAlgorithm
  const rand = rngFrom(opts.seed)
  const remote = count(reader, target)
  const local = count(target, target)
  let updates = 0
  const area = target.runstateArea
  const layout = layoutOf(area)
  // Absolute time: host.now moves back when the epoch moves on (hypervisor/time.ts).
  const start = nowNs(host)

  // Only vCPU 0's area is watched: the rest of the host's updates take the
  // hypervisor's ordinary in-place write.
  const tap = (a: RunstateArea, stores: readonly GuestCopyStore[]) => {
    const steps = writerSteps(stores, layout, rand)
    updates++
    const before = a.bytes.slice()
    // Local: vCPU 0 reads its own record only while it runs, never during an update.
    const own = new SnapshotReader(a.bytes, algorithm, layout)
    while (!own.next());
    judge(local, own.snapshot.slice(), before, before, layout)
    local.retries += own.retries
    // Remote: vCPU 1's loads interleaved with the hypervisor's stores.
    const r = new SnapshotReader(a.bytes, algorithm, layout)
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
      judge(remote, r.snapshot.slice(), before, after, layout, opts.onTorn)
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
  return {
    requestedReads: opts.reads, readerAlgorithm: algorithm, updateFlag: runstateFlagEnabled(d), physArea: area.phys === true,
    layout: area.layout, updates, simulatedNs, remote, local,
  }
}
