// What the engine tells a trace recorder (src/hypervisor/trace/), at the
// places xen/common/sched/core.c calls its TRACE_*D / __trace_var: runstate
// changes, context switches, wake / sleep / block. Null when nobody traces,
// so tracing off costs the engine one null check at each of those places.
import type {ClassTrace, Pcpu, SchedCore, Unit} from './policy.js'
import type {RunstateState} from '../types.js'

/**
 * Every hook runs at the engine's time (core.now, read by the recorder: a
 * double passed to a call that is not inlined would be boxed, an
 * allocation per event).
 */
export interface TraceSink extends ClassTrace {
  /** vcpu_runstate_change(): u is about to enter `next` (u.v.runstate still holds the old state). */
  runstate(u: Unit, next: RunstateState): void
  /**
   * sched_switch_units(): p switches from prev to next (null: its idle
   * vCPU); core.slice holds the new slice. True when its records include
   * prev's and next's runstate changes (the engine then makes them without
   * reporting them); false when those are left to runstate() and switched().
   */
  switchUnits(p: Pcpu, prev: Unit | null, next: Unit | null): boolean
  /** After the switch's runstate changes (switchUnits false): p's idle vCPU enters running when next is null. */
  switched(p: Pcpu, next: Unit | null): void
  /** sched_context_switch() with prev == next: TRC_SCHED_SWITCH_INFCONT and CONTINUE_RUNNING. */
  continued(p: Pcpu, u: Unit | null): void
  /** vcpu_wake(): TRC_SCHED_WAKE. */
  wake(u: Unit): void
  /** vcpu_sleep_nosync(): TRC_SCHED_SLEEP. */
  sleep(u: Unit): void
  /** vcpu_block(): TRC_SCHED_BLOCK. */
  block(u: Unit): void
  /** The epoch moved forward by `shift` ns: every time the engine holds moved back by it. */
  rebased(shift: number): void
}

/** A recorder as the scheduler's front (index.ts) attaches it to a host. */
export interface TraceAttachment extends TraceSink {
  /** Tracing starts (or an engine was rebuilt): the engine (its time), which pCPUs run idle, every vCPU's state. */
  started(core: SchedCore, pool?: number): void
  /**
   * Nothing more would be kept of an advance to engine time `end` (every
   * pCPU's buffer is full, or the reader is gone past `end`): it may then be
   * fast-forwarded.
   */
  full(end: number): boolean
  /** A span the simulation fast-forwarded from `fromNs`: what it would have recorded is lost. */
  gap(fromNs: number): void
  /** sched_init_domain() / sched_destroy_domain(): TRC_SCHED_DOM_ADD / TRC_SCHED_DOM_REM. */
  domain(added: boolean, domid: number, name: string): void
  /** What the engine of cpupool `pool` reports to, on a host whose pCPUs are split among several (primary: it passes the epoch's rebase on). */
  forPool(core: SchedCore, pool: number, primary: boolean): TraceSink
}
