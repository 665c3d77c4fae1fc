// Trace event ids and record layout of xen/include/public/trace.h (Xen
// 4.17): the classes, the scheduler's events and struct t_rec's header bits.

export const TRACE_EXTRA_MAX = 7
export const TRACE_EXTRA_SHIFT = 28
export const TRC_CLS_SHIFT = 16
export const TRC_SUBCLS_SHIFT = 12
/** TRC_HD_CYCLE_FLAG: the record carries a 64-bit cycle count (u.cycles). */
export const TRC_HD_CYCLE_FLAG = 0x80000000

// Trace classes.
export const TRC_GEN = 0x0001f000
export const TRC_SCHED = 0x0002f000
export const TRC_DOM0OP = 0x0004f000
export const TRC_HVM = 0x0008f000
export const TRC_ALL = 0x0ffff000

// Scheduler subclasses.
export const TRC_SCHED_MIN = 0x00021000
export const TRC_SCHED_CLASS = 0x00022000
export const TRC_SCHED_VERBOSE = 0x00028000

// TRC_GEN events.
export const TRC_LOST_RECORDS = TRC_GEN + 1
export const TRC_TRACE_WRAP_BUFFER = TRC_GEN + 2
export const TRC_TRACE_CPU_CHANGE = TRC_GEN + 3

// TRC_SCHED_MIN / TRC_SCHED_VERBOSE events.
export const TRC_SCHED_RUNSTATE_CHANGE = TRC_SCHED_MIN + 1
export const TRC_SCHED_CONTINUE_RUNNING = TRC_SCHED_MIN + 2
export const TRC_SCHED_DOM_ADD = TRC_SCHED_VERBOSE + 1
export const TRC_SCHED_DOM_REM = TRC_SCHED_VERBOSE + 2
export const TRC_SCHED_SLEEP = TRC_SCHED_VERBOSE + 3
export const TRC_SCHED_WAKE = TRC_SCHED_VERBOSE + 4
export const TRC_SCHED_YIELD = TRC_SCHED_VERBOSE + 5
export const TRC_SCHED_BLOCK = TRC_SCHED_VERBOSE + 6
export const TRC_SCHED_SHUTDOWN = TRC_SCHED_VERBOSE + 7
export const TRC_SCHED_ADJDOM = TRC_SCHED_VERBOSE + 9
export const TRC_SCHED_SWITCH = TRC_SCHED_VERBOSE + 10
export const TRC_SCHED_SWITCH_INFPREV = TRC_SCHED_VERBOSE + 14
export const TRC_SCHED_SWITCH_INFNEXT = TRC_SCHED_VERBOSE + 15
export const TRC_SCHED_SWITCH_INFCONT = TRC_SCHED_VERBOSE + 17

/** Per-scheduler ids (TRC_SCHED_CSCHED ...) and TRC_SCHED_CLASS_EVT(). */
export const TRC_SCHED_CSCHED = 0
export const TRC_SCHED_CSCHED2 = 1
export const TRC_SCHED_RTDS = 4
export const TRC_SCHED_SNULL = 5
const TRC_SCHED_ID_BITS = 3
const TRC_SCHED_ID_SHIFT = TRC_SUBCLS_SHIFT - TRC_SCHED_ID_BITS
const TRC_SCHED_ID_MASK = ((1 << TRC_SCHED_ID_BITS) - 1) << TRC_SCHED_ID_SHIFT

export function trcSchedClassEvt(sched: number, e: number): number {
  return (TRC_SCHED_CLASS | ((sched << TRC_SCHED_ID_SHIFT) & TRC_SCHED_ID_MASK)) + (e & ~TRC_SCHED_ID_MASK)
}

// The policies' class events used here (credit.c, credit2.c, rt.c, null.c; the
// emit sites cite the lines of RELEASE-4.17.7 where Xen traces them).
export const TRC_CSCHED_ACCOUNT_START = trcSchedClassEvt(TRC_SCHED_CSCHED, 2)
export const TRC_CSCHED_ACCOUNT_STOP = trcSchedClassEvt(TRC_SCHED_CSCHED, 3)
export const TRC_CSCHED_STOLEN_UNIT = trcSchedClassEvt(TRC_SCHED_CSCHED, 4)
export const TRC_CSCHED_PICKED_CPU = trcSchedClassEvt(TRC_SCHED_CSCHED, 5)
export const TRC_CSCHED_TICKLE = trcSchedClassEvt(TRC_SCHED_CSCHED, 6)
export const TRC_CSCHED_BOOST_START = trcSchedClassEvt(TRC_SCHED_CSCHED, 7)
export const TRC_CSCHED_BOOST_END = trcSchedClassEvt(TRC_SCHED_CSCHED, 8)
export const TRC_CSCHED_SCHEDULE = trcSchedClassEvt(TRC_SCHED_CSCHED, 9)
export const TRC_CSCHED_RATELIMIT = trcSchedClassEvt(TRC_SCHED_CSCHED, 10)
export const TRC_CSCHED_STEAL_CHECK = trcSchedClassEvt(TRC_SCHED_CSCHED, 11)
export const TRC_CSCHED2_RUNQ_POS = trcSchedClassEvt(TRC_SCHED_CSCHED2, 2)
export const TRC_CSCHED2_CREDIT_BURN = trcSchedClassEvt(TRC_SCHED_CSCHED2, 3)
export const TRC_CSCHED2_TICKLE = trcSchedClassEvt(TRC_SCHED_CSCHED2, 6)
export const TRC_CSCHED2_CREDIT_RESET = trcSchedClassEvt(TRC_SCHED_CSCHED2, 7)
export const TRC_RTDS_TICKLE = trcSchedClassEvt(TRC_SCHED_RTDS, 1)
export const TRC_RTDS_RUNQ_PICK = trcSchedClassEvt(TRC_SCHED_RTDS, 2)
export const TRC_RTDS_BUDGET_BURN = trcSchedClassEvt(TRC_SCHED_RTDS, 3)
export const TRC_RTDS_BUDGET_REPLENISH = trcSchedClassEvt(TRC_SCHED_RTDS, 4)
export const TRC_RTDS_SCHEDULE = trcSchedClassEvt(TRC_SCHED_RTDS, 6)
export const TRC_SNULL_PICKED_CPU = trcSchedClassEvt(TRC_SCHED_SNULL, 1)
export const TRC_SNULL_UNIT_ASSIGN = trcSchedClassEvt(TRC_SCHED_SNULL, 2)
export const TRC_SNULL_UNIT_DEASSIGN = trcSchedClassEvt(TRC_SCHED_SNULL, 3)
export const TRC_SNULL_MIGRATE = trcSchedClassEvt(TRC_SCHED_SNULL, 4)
export const TRC_SNULL_SCHEDULE = trcSchedClassEvt(TRC_SCHED_SNULL, 5)

/** DOMID_IDLE (xen/include/public/xen.h): the idle vCPU of pCPU n is d32767vn. */
export const DOMID_IDLE = 0x7fff

/** Size of struct t_buf (cons, prod) at the head of each per-CPU buffer. */
export const T_BUF_HEADER = 8
/** PAGE_SIZE of the trace buffers. */
export const TRACE_PAGE = 4096
/** xentrace's DEFAULT_TBUF_SIZE, in pages per CPU. */
export const DEFAULT_TBUF_PAGES = 32
/** xentrace's POLL_SLEEP_MILLIS: how often it empties the buffers. */
export const POLL_SLEEP_NS = 100_000_000
/** LOST_REC_SIZE (xen/common/trace.c): header + tsc + {lost, did, vid, first_tsc}. */
export const LOST_REC_WORDS = 7

/** The t_rec header: event, extra word count, cycles flag. */
export function recHeader(event: number, extra: number, cycles: boolean): number {
  return ((event & 0x0fffffff) | (extra << TRACE_EXTRA_SHIFT) | (cycles ? TRC_HD_CYCLE_FLAG : 0)) >>> 0
}

/**
 * Whether __trace_var (xen/common/trace.c) keeps `event` under tb_event_mask:
 * some bit in common, the class bits and the subclass bits each overlapping.
 */
export function maskAllows(mask: number, event: number): boolean {
  if ((mask & event) === 0) return false
  if (((mask >>> TRC_CLS_SHIFT) & (event >>> TRC_CLS_SHIFT)) === 0) return false
  return (((mask >>> TRC_SUBCLS_SHIFT) & 0xf) & ((event >>> TRC_SUBCLS_SHIFT) & 0xf)) !== 0
}

/**
 * xentrace's -e argument (parse_evtmask in tools/xentrace/xentrace.c): a
 * class name (gen, sched, dom0op, hvm, all) or a number (strtol base 0).
 */
export function parseEvtMask(arg: string): number | {error: string} {
  const names: Record<string, number> = {gen: TRC_GEN, sched: TRC_SCHED, dom0op: TRC_DOM0OP, hvm: TRC_HVM, all: TRC_ALL}
  if (arg in names) return names[arg]
  const m = /^\s*(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)\s*$/.exec(arg)
  const n = m ? Number(m[1].startsWith('0') && !/^0[xX]/.test(m[1]) && m[1].length > 1 ? parseInt(m[1], 8) : m[1]) : NaN
  if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) {
    return {error: `invalid event mask '${arg.slice(0, 40)}': use gen, sched, dom0op, hvm, all or a number such as 0x0002f000`}
  }
  return n >>> 0
}
