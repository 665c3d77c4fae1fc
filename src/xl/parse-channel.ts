// xl.cfg `channel=[...]` (parse_config_data in tools/xl/xl_parse.c):
// comma-separated key=value pairs, trimmed; connection= pty or socket
// (socket needs path=).
import type {DeviceChannel} from '../libxl/device-types.js'
import {strtok, trimSpace} from './cstr.js'
import type {SpecOutcome} from './parse-nic.js'

/** xl dies in split_string_into_string_list (strdup(NULL)) on an item with no token: SIGSEGV. */
export const SIGSEGV_EXIT = 128 + 11

export function parseChannelItem(chn: DeviceChannel, item: string): SpecOutcome {
  const lines: string[] = []
  const pairs = strtok(item, ',')
  if (pairs.length === 0) return {lines, exit: SIGSEGV_EXIT}
  let path: string | null = null
  for (const pair of pairs) {
    // split_string_into_pair: the first two '='-separated tokens
    const parts = strtok(pair, '=')
    if (parts.length < 2) {
      // printed without a newline
      return {lines: [...lines, `failed to parse channel configuration: ${pair}`], exit: 1}
    }
    const key = trimSpace(parts[0]!)
    const value = trimSpace(parts[1]!)
    if (key === 'backend') chn.backend_domname = value
    else if (key === 'name') chn.name = value
    else if (key === 'path') path = value
    else if (key === 'connection') {
      if (value === 'pty') chn.connection = 'pty'
      else if (value === 'socket') chn.connection = 'socket'
      else return {lines: [...lines, `unknown channel connection '${value}'`], exit: 1}
    } else {
      lines.push(`unknown channel parameter '${key}', ignoring`)
    }
  }
  if (chn.connection === 'unknown') return {lines: [...lines, 'channel has unknown \'connection\''], exit: 1}
  if (chn.connection === 'socket') {
    if (path === null) return {lines: [...lines, 'channel connection \'socket\' requires path=..'], exit: 1}
    chn.path = path
  }
  return {lines, exit: null}
}
