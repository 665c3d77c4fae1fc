// parse_vdispl_config (tools/xl/xl_parse.c): xl.cfg's `vdispl=[...]` and
// `xl vdispl-attach`; connectors=ID:WxH[;ID:WxH...].
import type {DeviceVdispl} from '../libxl/device-types.js'
import {matchOption, strtok, strtoulBase} from './cstr.js'
import type {SpecOutcome} from './parse-nic.js'

export function parseVdisplToken(vdispl: DeviceVdispl, token: string): SpecOutcome {
  let v: string | null
  if ((v = matchOption('backend', token)) !== null) vdispl.backend_domname = v
  else if ((v = matchOption('be-alloc', token)) !== null) vdispl.be_alloc = strtoulBase(v, 0).value !== 0n
  else if ((v = matchOption('connectors', token)) !== null) {
    const list = strtok(v, ';')
    vdispl.connectors = []
    for (const c of list) {
      const parts = strtok(c, ':')
      const res = /^[ \t\n\v\f\r]*[+-]?\d+x[ \t\n\v\f\r]*[+-]?\d+/.exec(parts[1] ?? '')
      if (parts.length < 2 || !res) return {lines: ['Can\'t parse connector resolution'], exit: 1}
      const [w, h] = res[0].split('x') as [string, string]
      vdispl.connectors.push({unique_id: parts[0], width: Number(BigInt.asUintN(32, strtoulBase(w, 10).value)), height: Number(BigInt.asUintN(32, strtoulBase(h, 10).value))})
    }
  } else return {lines: [`Unknown string "${token}" in vdispl spec`], exit: 1}
  return {lines: [], exit: null}
}

export function checkVdispl(vdispl: DeviceVdispl): SpecOutcome {
  if (vdispl.connectors.length === 0) return {lines: ['At least one connector should be specified.'], exit: 1}
  return {lines: [], exit: null}
}
