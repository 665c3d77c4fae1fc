// libxl_set_parameters (tools/libs/light/libxl.c) over libxenhypfs
// (tools/libs/hypfs/core.c xenhypfs_write): `name=value` words separated by
// spaces, `noNAME` for `NAME=no`, each written to /params/NAME in turn;
// the first failure stops the loop (what was written before it stays).
import type {Host} from '../hypervisor/host.js'
import {parseBool, runtimeParam, writeParam} from '../hypervisor/params.js'
import {EACCES, EDOM, ENOENT} from '../hypervisor/errno.js'
import {libxlLine} from './log.js'

const ERROR_FAIL = -3

const STRERROR: Record<number, string> = {
  [ENOENT]: 'No such file or directory',
  [EACCES]: 'Permission denied',
  22: 'Invalid argument',
  [EDOM]: 'Numerical argument out of domain',
  34: 'Numerical result out of range',
}

export type SetParametersResult =
  | {rc: 0}
  | {rc: typeof ERROR_FAIL; lines: string[]}
  /** A word with neither '=' nor a "no" prefix: libxl.c indexes through a NULL pointer there. */
  | {rc: 'crash'; word: string}

/** xenhypfs_write: the node's type decides how the text is taken (a bool node parses it here, in the library). */
function hypfsWrite(host: Host, name: string, value: string): number {
  // "/params/" itself is the directory node: nothing to write (max_write_len 0).
  if (name === '') return -EACCES
  const node = runtimeParam(host, name)
  if (!node) return -ENOENT
  if (node.type === 'bool') {
    const b = parseBool(value)
    if (b < 0) return -EDOM
    return writeParam(host, name, String(b))
  }
  return writeParam(host, name, value)
}

export function setParameters(host: Host, params: string): SetParametersResult {
  let s = params.replace(/^[ \t]+/, '')
  while (s !== '') {
    const space = s.indexOf(' ')
    const end = space < 0 ? s.length : space
    const eq = s.indexOf('=')
    const hasVal = eq >= 0 && eq <= end
    let name: string
    let value: string
    if (!hasVal && s.startsWith('no')) {
      name = s.slice(2, end)
      value = 'no'
    } else if (!hasVal) {
      return {rc: 'crash', word: s.slice(0, end)}
    } else {
      name = s.slice(0, eq)
      value = s.slice(eq + 1, end)
    }
    const rc = hypfsWrite(host, name, value)
    if (rc < 0) {
      const why = STRERROR[-rc] ?? `Unknown error ${-rc}`
      return {rc: ERROR_FAIL, lines: [libxlLine('error', 'libxl.c:706:libxl_set_parameters', null, `setting parameters: ${why}`)]}
    }
    s = s.slice(end).replace(/^[ \t]+/, '')
  }
  return {rc: 0}
}
