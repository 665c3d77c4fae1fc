// The recorder's packed windows unpack into exactly the struct t_rec words
// core.c's records have (xen/include/public/trace.h), written out by hand here.
import {describe, expect, it} from 'vitest'
import {PK_CHAIN, PK_CONTINUE, PK_HEAD, PK_HI, PK_RUN, PK_RUN_MASK, PK_SWITCH, PK_WAKE, PackedWindow, unpackInto} from '../../../src/hypervisor/trace/packed.js'
import {decodeXentrace, encodeXentrace, mergeWindows} from '../../../src/hypervisor/trace/index.js'

// header = event | extra words << 28 | TRC_HD_CYCLE_FLAG (1 << 31).
const hdr = (event: number, n: number) => (event | (n << 28) | 0x80000000) >>> 0
const HI = 0x12
// RUNSTATE_running 0, runnable 1, blocked 2.

describe('packed trace windows', () => {
  const data = new Uint32Array([
    PK_HI, HI,
    // A plain record: TRC_SCHED_BLOCK {dom, vcpu}, without its TSC high word.
    hdr(0x28006, 2), 1000, 3, 1,
    // A switch d3v1 (to blocked) -> d32767v2 (the idle vCPU, from runnable).
    PK_SWITCH | (2 << 4) | (1 << 6), 2000, 1 | (3 << 16), 2 | (0x7fff << 16), 500, 0, 0xffffffff,
    // A continue of d4v0: ran 700, slice 30000.
    PK_CONTINUE, 3000, 0 | (4 << 16), 700, 30000,
    // A wake of d5v2 from blocked.
    PK_WAKE | (2 << 4), 4000, 2 | (5 << 16),
    // Two TRC_CSCHED_STEAL_CHECK {peer_cpu, checked}: cpu 3 skipped, cpu 7 checked.
    PK_RUN | (2 << 8), 0x2200b, 5000, 3, 7 | (1 << 16),
  ])
  const expected = [
    hdr(0x28006, 2), 1000, HI, 3, 1,
    hdr(0x2800e, 3), 2000, HI, 3, 1, 500, // TRC_SCHED_SWITCH_INFPREV {dom, vcpu, runtime}
    hdr(0x2800f, 4), 2001, HI, 0x7fff, 2, 0, 0xffffffff, // _INFNEXT {dom, vcpu, waited, slice}
    hdr(0x2800a, 4), 2002, HI, 3, 1, 0x7fff, 2, // TRC_SCHED_SWITCH {prev dom, vcpu, next dom, vcpu}
    hdr(0x21021, 1), 2003, HI, 1 | (3 << 16), // RUNSTATE_CHANGE running -> blocked
    hdr(0x21101, 1), 2004, HI, 2 | (0x7fff << 16), // runnable -> running
    hdr(0x28011, 4), 3000, HI, 4, 0, 700, 30000, // _INFCONT
    hdr(0x21002, 1), 3001, HI, 4 << 16, // TRC_SCHED_CONTINUE_RUNNING
    hdr(0x28004, 2), 4000, HI, 5, 2, // TRC_SCHED_WAKE {dom, vcpu}
    hdr(0x21211, 1), 4001, HI, 2 | (5 << 16), // blocked -> runnable
    hdr(0x2200b, 2), 5000, HI, 3, 0,
    hdr(0x2200b, 2), 5001, HI, 7, 1,
  ]

  it('unpack into the records core.c writes, TSCs consecutive within a group', () => {
    const w = new PackedWindow(1, 0, data, 0, data.length, expected.length)
    expect([...w.words]).toEqual(expected)
    const out = new Uint32Array(expected.length + 2)
    expect(unpackInto(data, out, 2)).toBe(expected.length + 2)
    expect([...out.subarray(2)]).toEqual(expected)
  })

  it('are the words between start and end of the store they were written into (what lies around is not theirs)', () => {
    const store = new Uint32Array(data.length + 9).fill(0xdead)
    store.set(data, 4)
    const w = new PackedWindow(1, 0, store, 4, 4 + data.length, expected.length)
    expect([...w.data]).toEqual([...data])
    expect([...w.words]).toEqual(expected)
    expect(encodeXentrace([w])).toEqual(encodeXentrace([{cpu: 1, poll: 0, words: new Uint32Array(expected)}]))
  })

  it('are written into the file as their words, and merge with a plain window of the same poll and pCPU', () => {
    const w = new PackedWindow(1, 0, data, 0, data.length, expected.length)
    expect(encodeXentrace([w])).toEqual(encodeXentrace([{cpu: 1, poll: 0, words: new Uint32Array(expected)}]))
    const plain = {cpu: 1, poll: 0, words: new Uint32Array([hdr(0x28006, 2), 5000, HI, 6, 0])}
    const merged = mergeWindows([plain, w])
    expect(merged).toHaveLength(1)
    const recs = decodeXentrace(encodeXentrace(merged))[0].records
    expect(recs).toHaveLength(13)
    expect(recs[0]).toEqual({event: 0x28006, tsc: (BigInt(HI) << 32n) | 5000n, extra: [6, 0]})
  })

  it('give a chained record the TSC after the entry before it, whatever that entry is', () => {
    const chained = new Uint32Array([
      PK_HI, HI,
      // TRC_CSCHED2_CREDIT_BURN {unit, credit, budget, delta}, then RUNQ_POS chained after it.
      hdr(0x22203, 4), 0xfffffff0, 1 | (3 << 16), 500, 0x80000000, 20,
      hdr(0x22202, 2) | PK_CHAIN, 1 | (3 << 16), 2,
      // A switch, then TICKLE after its last record (lo + 4), a wake, RESET after its second.
      PK_SWITCH | (2 << 4) | (1 << 6), 0xfffffff4, 1 | (3 << 16), 2 | (0x7fff << 16), 500, 0, 1000,
      hdr(0x22206, 1) | PK_CHAIN, 5,
      PK_WAKE | (2 << 4), 0xfffffffa, 2 | (5 << 16),
      hdr(0x22207, 3) | PK_CHAIN, 2 | (5 << 16), 7, 9,
      // A continue and a run of two STEAL_CHECKs, each followed by a chained TICKLE.
      PK_CONTINUE, 0xfffffff7 - 0x10, 0 | (4 << 16), 700, 30000,
      hdr(0x22206, 1) | PK_CHAIN, 6,
      PK_RUN | (2 << 8), 0x2200b, 0xfffffffd, 3, 7 | (1 << 16),
      hdr(0x22206, 1) | PK_CHAIN, 8,
    ])
    const want = [
      hdr(0x22203, 4), 0xfffffff0, HI, 1 | (3 << 16), 500, 0x80000000, 20,
      hdr(0x22202, 2), 0xfffffff1, HI, 1 | (3 << 16), 2,
      hdr(0x2800e, 3), 0xfffffff4, HI, 3, 1, 500,
      hdr(0x2800f, 4), 0xfffffff5, HI, 0x7fff, 2, 0, 1000,
      hdr(0x2800a, 4), 0xfffffff6, HI, 3, 1, 0x7fff, 2,
      hdr(0x21021, 1), 0xfffffff7, HI, 1 | (3 << 16),
      hdr(0x21101, 1), 0xfffffff8, HI, 2 | (0x7fff << 16),
      hdr(0x22206, 1), 0xfffffff9, HI, 5,
      hdr(0x28004, 2), 0xfffffffa, HI, 5, 2,
      hdr(0x21211, 1), 0xfffffffb, HI, 2 | (5 << 16),
      hdr(0x22207, 3), 0xfffffffc, HI, 2 | (5 << 16), 7, 9,
      hdr(0x28011, 4), 0xffffffe7, HI, 4, 0, 700, 30000,
      hdr(0x21002, 1), 0xffffffe8, HI, 4 << 16,
      hdr(0x22206, 1), 0xffffffe9, HI, 6,
      hdr(0x2200b, 2), 0xfffffffd, HI, 3, 0,
      hdr(0x2200b, 2), 0xfffffffe, HI, 7, 1,
      hdr(0x22206, 1), 0xffffffff, HI, 8,
    ]
    const w = new PackedWindow(2, 0, chained, 0, chained.length, want.length)
    expect([...w.words]).toEqual(want)
  })

  it('unpack a run given as bits in the walk\'s order, round from its start at bit 31 (not at the pCPU count)', () => {
    // pCPU 12's walk of a 16-pCPU host (start 13): peers 13, 15, 0 and 11 as bits 0, 2, 19 and 30;
    // checked for 15 and 11, then a TICKLE chained after the last.
    const data = new Uint32Array([
      PK_HI, HI,
      PK_RUN_MASK | (13 << 8), 0x2200b, 700, (1 << 0) | (1 << 2) | (1 << 19) | (1 << 30), (1 << 2) | (1 << 30) | (1 << 5),
      hdr(0x22206, 1) | PK_CHAIN, 4,
      // The same after a TRC_CSCHED_SCHEDULE {cpu 12, idle}.
      PK_RUN_MASK | (13 << 8) | PK_HEAD, 0x2200b, 800, 1 | (1 << 30), 1, 0x22009, 12 | (1 << 24),
      // Only the TRC_CSCHED_SCHEDULE.
      PK_RUN_MASK | (13 << 8) | PK_HEAD, 0x2200b, 900, 0, 0, 0x22009, 12,
    ])
    const want = [
      hdr(0x2200b, 2), 700, HI, 13, 0,
      hdr(0x2200b, 2), 701, HI, 15, 1,
      hdr(0x2200b, 2), 702, HI, 0, 0,
      hdr(0x2200b, 2), 703, HI, 11, 1,
      hdr(0x22206, 1), 704, HI, 4,
      hdr(0x22009, 1), 800, HI, 12 | (1 << 24),
      hdr(0x2200b, 2), 801, HI, 13, 1,
      hdr(0x2200b, 2), 802, HI, 11, 0,
      hdr(0x22009, 1), 900, HI, 12,
    ]
    expect([...new PackedWindow(12, 0, data, 0, data.length, want.length).words]).toEqual(want)
  })

  it('refuse an entry they do not know', () => {
    expect(() => unpackInto(new Uint32Array([9, 0]), new Uint32Array(8), 0)).toThrow(/unknown entry 0x9 at word 0/)
  })
})
