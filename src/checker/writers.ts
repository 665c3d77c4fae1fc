/**
 * The hypervisor side: update_runstate_area() rewriting the guest's copy on
 * a context switch.
 *
 * Xen 4.8+ (xen/arch/x86/domain.c and xen/arch/arm/domain.c, unchanged in
 * 4.17), when the guest enabled VMASST_TYPE_runstate_update_flag:
 *
 *     runstate.state_entry_time |= XEN_RUNSTATE_UPDATE;
 *     __raw_copy_to_guest(guest_handle, <top byte of state_entry_time>, 1);
 *     smp_wmb();
 *     __copy_to_guest(runstate_guest(v), &runstate, 1);   // whole record
 *     runstate.state_entry_time &= ~XEN_RUNSTATE_UPDATE;
 *     smp_wmb();
 *     __raw_copy_to_guest(guest_handle, <top byte of state_entry_time>, 1);
 *
 * Note the whole-record copy carries the flag too. The copy is a memcpy: no
 * order among its stores is promised (by the compiler, by `rep movs`, by
 * the CPU), so it is one store per field, unordered among themselves on
 * every model (a `group`, see program.ts); only the barriers order them
 * against the flag byte. Xen 4.7 did the copy alone.
 *
 * The x86 and ARM programs are the same C; what smp_wmb() compiles to is the
 * model's business (barrier() on x86, dmb ishst on ARM).
 */
import {fieldValue, hex, leBytes, publishedRecord, XEN_RUNSTATE_UPDATE, type Layout} from './layout.js'
import type {Step} from './program.js'

export interface WriterSpec {
  readonly name: string
  readonly description: string
  readonly flag: boolean
  readonly wmb1: boolean
  readonly wmb2: boolean
  /**
   * How the flag is raised and dropped: one byte (the top byte of
   * state_entry_time, Xen 4.8..4.17's virtual-address area) or a 64-bit
   * atomic write of the whole state_entry_time (Xen 4.18's
   * guest-physical area: write_atomic() in xen/common/domain.c). Absent: byte.
   */
  readonly flagWrite?: 'byte' | 'u64'
}

export const WRITERS: readonly WriterSpec[] = [
  {name: 'xen-4.7', description: 'Xen 4.7: plain whole-record copy, no XEN_RUNSTATE_UPDATE', flag: false, wmb1: false, wmb2: false},
  {name: 'xen-4.17-x86', description: 'Xen 4.8..4.17 x86 (arch/x86/domain.c; 4.12, 4.13, 4.14 alike for the guest copy): flag byte, smp_wmb, copy, smp_wmb, flag byte', flag: true, wmb1: true, wmb2: true},
  {name: 'xen-4.17-arm', description: 'Xen 4.8..4.17 ARM (arch/arm/domain.c): same protocol, smp_wmb = dmb ishst', flag: true, wmb1: true, wmb2: true},
  {name: 'xen-4.18-phys', description: 'Xen 4.18 area by guest-physical address (common/domain.c, VCPUOP_register_runstate_phys_area): flag always, write_atomic of state_entry_time, smp_wmb, copy, smp_wmb, write_atomic', flag: true, wmb1: true, wmb2: true, flagWrite: 'u64'},
  {name: 'xen-4.17-no-wmb1', description: 'xen-4.17 without the smp_wmb after raising the flag (broken on purpose)', flag: true, wmb1: false, wmb2: true},
  {name: 'xen-4.17-no-wmb2', description: 'xen-4.17 without the smp_wmb before dropping the flag (broken on purpose)', flag: true, wmb1: true, wmb2: false},
]

export function findWriter(name: string): WriterSpec | undefined {
  return WRITERS.find((w) => w.name === name)
}

/** K consecutive updates, update i publishing publishedRecord(i). */
export function writerSteps(w: WriterSpec, layout: Layout, updates: number): Step[] {
  const steps: Step[] = []
  const set = layout.stateEntryTime
  for (let i = 1; i <= updates; i++) {
    const r = publishedRecord(i)
    if (i > 1) steps.push({kind: 'barrier', barrier: 'switch', label: `context switch (update ${i})`})
    const top = (v: bigint) => Number((v >> 56n) & 0xffn)
    const u64 = w.flagWrite === 'u64'
    if (w.flag && u64) {
      const v = r.stateEntryTime | XEN_RUNSTATE_UPDATE
      steps.push({kind: 'store', addr: set.offset, bytes: leBytes(v, 8), label: `update ${i}: raise XEN_RUNSTATE_UPDATE: write_atomic(state_entry_time, ${hex(v, 8)})`})
      if (w.wmb1) steps.push({kind: 'barrier', barrier: 'smp_wmb', label: 'smp_wmb()'})
    } else if (w.flag) {
      const v = top(r.stateEntryTime | XEN_RUNSTATE_UPDATE)
      steps.push({kind: 'store', addr: layout.flagByte, bytes: [v], label: `update ${i}: raise XEN_RUNSTATE_UPDATE: byte ${layout.flagByte} = 0x${v.toString(16).padStart(2, '0')}`})
      if (w.wmb1) steps.push({kind: 'barrier', barrier: 'smp_wmb', label: 'smp_wmb()'})
    }
    for (const f of layout.fields) {
      const value = fieldValue(r, f, w.flag)
      const flagNote = f === set && w.flag ? ' (flag set)' : ''
      steps.push({
        kind: 'store', addr: f.offset, bytes: leBytes(value, f.size), group: i,
        label: `update ${i}: copy ${f.name} = ${f.size === 8 ? hex(value, 8) : value}${flagNote} (bytes ${f.offset}-${f.offset + f.size - 1})`,
      })
    }
    if (w.flag && u64) {
      if (w.wmb2) steps.push({kind: 'barrier', barrier: 'smp_wmb', label: 'smp_wmb()'})
      steps.push({kind: 'store', addr: set.offset, bytes: leBytes(r.stateEntryTime, 8), label: `update ${i}: drop XEN_RUNSTATE_UPDATE: write_atomic(state_entry_time, ${hex(r.stateEntryTime, 8)})`})
    } else if (w.flag) {
      if (w.wmb2) steps.push({kind: 'barrier', barrier: 'smp_wmb', label: 'smp_wmb()'})
      const v = top(r.stateEntryTime)
      steps.push({kind: 'store', addr: layout.flagByte, bytes: [v], label: `update ${i}: drop XEN_RUNSTATE_UPDATE: byte ${layout.flagByte} = 0x${v.toString(16).padStart(2, '0')}`})
    }
  }
  return steps
}
