// parse_vkb_config and parse_vkb_list (tools/xl/xl_parse.c), shared by
// xl.cfg's `vkb=[...]` and `xl vkb-attach` (tools/xl/xl_vkb.c).
import type {DeviceVkb} from '../libxl/device-types.js'
import {enumFromString, matchOption, strtoulBase, truncU} from './cstr.js'
import type {SpecOutcome} from './parse-nic.js'

const u32 = (v: string): number => truncU(strtoulBase(v, 0).value, 32)
const bool = (v: string): boolean => strtoulBase(v, 0).value !== 0n

/** parse_vkb_config: one token; -1 (xl exits) on an unknown one. */
export function parseVkbToken(vkb: DeviceVkb, token: string): SpecOutcome {
  let v: string | null
  if ((v = matchOption('backend', token)) !== null) vkb.backend_domname = v
  else if ((v = matchOption('backend-type', token)) !== null) {
    const t = enumFromString(['unknown', 'qemu', 'linux'] as const, v)
    if (t === null) return {lines: [`Unknown backend_type "${v}" in vkb spec`], exit: 1}
    if (t === 'unknown') delete vkb.backend_type
    else vkb.backend_type = t
  } else if ((v = matchOption('unique-id', token)) !== null) vkb.unique_id = v
  else if ((v = matchOption('feature-disable-keyboard', token)) !== null) vkb.feature_disable_keyboard = bool(v)
  else if ((v = matchOption('feature-disable-pointer', token)) !== null) vkb.feature_disable_pointer = bool(v)
  else if ((v = matchOption('feature-abs-pointer', token)) !== null) vkb.feature_abs_pointer = bool(v)
  else if ((v = matchOption('feature-raw-pointer', token)) !== null) vkb.feature_raw_pointer = bool(v)
  else if ((v = matchOption('feature-multi-touch', token)) !== null) vkb.feature_multi_touch = bool(v)
  else if ((v = matchOption('multi-touch-width', token)) !== null) vkb.multi_touch_width = u32(v)
  else if ((v = matchOption('multi-touch-height', token)) !== null) vkb.multi_touch_height = u32(v)
  else if ((v = matchOption('multi-touch-num-contacts', token)) !== null) vkb.multi_touch_num_contacts = u32(v)
  else if ((v = matchOption('width', token)) !== null) vkb.width = u32(v)
  else if ((v = matchOption('height', token)) !== null) vkb.height = u32(v)
  else return {lines: [`Unknown string "${token}" in vkb spec`], exit: 1}
  return {lines: [], exit: null}
}

/**
 * The checks after the tokens: parse_vkb_list says "... in vkb spec",
 * main_vkbattach the same without it (`inSpec` false).
 */
export function checkVkb(vkb: DeviceVkb, inSpec: boolean): SpecOutcome {
  const where = inSpec ? ' in vkb spec' : ''
  if (vkb.backend_type === undefined) return {lines: [`backend-type should be set${where}`], exit: 1}
  if (vkb.multi_touch_height || vkb.multi_touch_width || vkb.multi_touch_num_contacts) vkb.feature_multi_touch = true
  if (vkb.feature_multi_touch && !(vkb.multi_touch_height || vkb.multi_touch_width || vkb.multi_touch_num_contacts)) {
    return {lines: [`multi-touch-width, multi-touch-height, multi-touch-num-contacts should be set${inSpec ? ' for multi touch in vkb spec' : ''}`], exit: 1}
  }
  return {lines: [], exit: null}
}
