// The vm_assist hypercall (xen/common/domain.c vm_assist(), Xen >= 4.6 shape).
import {EINVAL, ENOSYS} from './errno.js'

/** VMASST_TYPE_* from xen/include/public/xen.h. */
export const VMASST_TYPES: Record<string, number> = {
  '4gb_segments': 0,
  '4gb_segments_notify': 1,
  writable_pagetables: 2,
  pae_extended_cr3: 3,
  architectural_iopl: 4,
  runstate_update_flag: 5,
  m2p_strict: 32,
}
export const VMASST_TYPE_runstate_update_flag = 5
export const VMASST_CMD_enable = 0
export const VMASST_CMD_disable = 1
/** The commands by name (VMASST_CMD_* in xen/include/public/xen.h). */
export const VMASST_CMDS: Record<string, number> = {enable: VMASST_CMD_enable, disable: VMASST_CMD_disable}

export function vmAssistCmdName(cmd: number): string | undefined {
  for (const [name, value] of Object.entries(VMASST_CMDS)) if (value === cmd) return name
  return undefined
}
/** Xen is a 64-bit hypervisor on every arch modelled. */
export const BITS_PER_LONG = 64

export function vmAssistTypeName(type: number): string | undefined {
  for (const [name, value] of Object.entries(VMASST_TYPES)) if (value === type) return name
  return undefined
}

/** Names of the bits set in a mask, lowest first; unknown bits as "bit N". */
export function describeMask(mask: bigint): string[] {
  const names: string[] = []
  for (let bit = 0; bit < BITS_PER_LONG; bit++) {
    if (mask & (1n << BigInt(bit))) names.push(vmAssistTypeName(bit) ?? `bit ${bit}`)
  }
  return names
}

export function formatMask(mask: bigint): string {
  return mask.toString(16).padStart(8, '0')
}

/**
 * The hypercall body once the arch has found it available: the type check
 * comes first (so a bad type with a bad cmd is -EINVAL), then the command.
 * Returns the new mask (unchanged on error) and the result.
 */
export function applyVmAssist(
  current: bigint, cmd: number, type: number, valid: bigint,
): {mask: bigint; rc: number} {
  if (!Number.isInteger(type) || type < 0 || type >= BITS_PER_LONG || !(valid & (1n << BigInt(type)))) {
    return {mask: current, rc: -EINVAL}
  }
  const bit = 1n << BigInt(type)
  if (cmd === VMASST_CMD_enable) return {mask: current | bit, rc: 0}
  if (cmd === VMASST_CMD_disable) return {mask: current & ~bit, rc: 0}
  return {mask: current, rc: -ENOSYS}
}
