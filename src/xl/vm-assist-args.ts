// `xl vm-assist <domain> enable|disable <type>`: the command and type words
// as the guest's hypercall takes them. vm_assist(unsigned int cmd, unsigned
// int type) (xen/include/public/xen.h, xen/common/domain.c): a number must
// fit an unsigned int, or the call would silently act on it modulo 2^32 (a
// 4294967296 would be VMASST_CMD_enable). Numbers are decimal or 0x hex.
import {XlError} from '../libxl/errors.js'
import {VMASST_CMDS, VMASST_TYPES, vmAssistCmdName, vmAssistTypeName} from '../hypervisor/vm-assist.js'

const UINT_MAX = 0xffffffff

export interface VmAssistArgs {
  cmd: number
  type: number
  /** How to show each in the result line: its name, else what was typed. */
  cmdShown: string
  typeShown: string
}

/**
 * An unsigned int written in decimal or 0x hex: its value, 'range' when it
 * cannot fit, or undefined when the text is not such a number. Leading zeros
 * are skipped before the digits are counted, so any length is cheap.
 */
export function parseUnsignedInt(text: string): number | 'range' | undefined {
  const m = /^(?:0[xX]([0-9a-fA-F]+)|([0-9]+))$/.exec(text)
  if (!m) return undefined
  const hex = m[1] !== undefined
  const digits = (m[1] ?? m[2]!).replace(/^0+(?=.)/, '')
  if (digits.length > (hex ? 8 : 10)) return 'range'
  const n = parseInt(digits, hex ? 16 : 10)
  return n > UINT_MAX ? 'range' : n
}

const outOfRange = (what: string, text: string) =>
  new XlError(`xl: vm-assist ${what} '${text}' is out of range: the hypercall takes an unsigned int (0 to ${UINT_MAX})`, 2)

/** Parse the command and type words; XlError (exit 2) with what is wrong and what to type instead. */
export function parseVmAssistArgs(cmdText: string, typeText: string | undefined): VmAssistArgs {
  let cmd = VMASST_CMDS[cmdText]
  if (cmd === undefined) {
    const n = parseUnsignedInt(cmdText)
    if (n === 'range') throw outOfRange('command', cmdText)
    if (n === undefined) throw new XlError(`xl: unknown vm-assist command '${cmdText}': use enable or disable`, 2)
    cmd = n
  }
  if (typeText === undefined) throw new XlError('xl: vm-assist enable|disable needs a type', 2)
  const name = typeText.replace(/^VMASST_TYPE_/i, '').toLowerCase()
  let type = Object.hasOwn(VMASST_TYPES, name) ? VMASST_TYPES[name] : undefined
  if (type === undefined) {
    const n = parseUnsignedInt(typeText)
    if (n === 'range') throw outOfRange('type', typeText)
    if (n === undefined) {
      throw new XlError(`xl: unknown vm_assist type '${typeText}': use a number or one of ${Object.keys(VMASST_TYPES).join(', ')}`, 2)
    }
    type = n
  }
  return {cmd, type, cmdShown: vmAssistCmdName(cmd) ?? cmdText, typeShown: vmAssistTypeName(type) ?? typeText}
}
