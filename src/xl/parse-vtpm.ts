// xl.cfg `vtpm=[...]` (parse_config_data in tools/xl/xl_parse.c) and
// `xl vtpm-attach`'s arguments (main_vtpmattach in tools/xl/xl_vtpm.c).
import type {DeviceVtpm} from '../libxl/device-types.js'
import {matchOption, strtok, uuidFromString} from './cstr.js'
import type {SpecOutcome} from './parse-nic.js'

/** One `vtpm=` list item: backend= is required, uuid= optional; a token without '=' ends the spec. */
export function parseVtpmItem(vtpm: DeviceVtpm, item: string): SpecOutcome {
  let gotBackend = false
  for (const raw of strtok(item, ',')) {
    const p = raw.replace(/^ +/, '')
    const eq = p.indexOf('=')
    if (eq < 0) break
    const key = p.slice(0, eq)
    const value = p.slice(eq + 1)
    if (key === 'backend') {
      vtpm.backend_domname = value
      gotBackend = true
    } else if (key === 'uuid') {
      const u = uuidFromString(value)
      if (u === null) return {lines: [`Failed to parse vtpm UUID: ${value}`], exit: 1}
      vtpm.uuid = u
    } else {
      return {lines: [`Unknown string \`${key}' in vtpm spec`], exit: 1}
    }
  }
  if (!gotBackend) return {lines: ['vtpm spec missing required backend field!'], exit: 1}
  return {lines: [], exit: null}
}

/** main_vtpmattach's arguments: uuid= and backend=, each one whole argument. */
export function parseVtpmArgs(vtpm: DeviceVtpm, args: readonly string[]): SpecOutcome {
  for (const a of args) {
    let v: string | null
    if ((v = matchOption('uuid', a)) !== null) {
      const u = uuidFromString(v)
      if (u === null) return {lines: [`Invalid uuid specified (${v})`], exit: 1}
      vtpm.uuid = u
    } else if ((v = matchOption('backend', a)) !== null) {
      vtpm.backend_domname = v
    } else {
      return {lines: [`unrecognized argument \`${a}'`], exit: 1}
    }
  }
  return {lines: [], exit: null}
}
