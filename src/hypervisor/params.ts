// Xen's runtime parameters as hypfs presents them under /params
// (xen/include/xen/param.h *_runtime_param, xen/common/hypfs.c): the
// parameters a running Xen 4.17 lets the toolstack change. Boolean ones are
// bool nodes, string and custom ones string nodes whose write runs the
// parameter's own parser; every other name has no node (-ENOENT).
import type {Host} from './host.js'
import type {Arch} from './types.js'
import {EINVAL, ENOENT, ERANGE} from './errno.js'

export type HypfsType = 'bool' | 'string'

export interface RuntimeParam {
  name: string
  type: HypfsType
  /** A custom parameter's parser: 0 or -errno (string nodes without one take any text). */
  parse?: (value: string) => number
}

/** parse_bool (xen/common/kernel.c): 1, 0, or -1 for anything else. */
export function parseBool(s: string): number {
  if (['1', 'on', 'yes', 'true', 'enable'].includes(s)) return 1
  if (['0', 'no', 'off', 'false', 'disable'].includes(s)) return 0
  return -1
}

/** _parse_loglvl (drivers/char/console.c): LEVEL[/LEVEL], each a known name; anything left over is -EINVAL. */
function parseLoglvl(s: string): number {
  const level = (t: string) => ['none', 'error', 'warning', 'info', 'debug', 'all'].find(n => t.startsWith(n)) ?? ''
  let rest = s.slice(level(s).length)
  if (rest.startsWith('/')) rest = rest.slice(1 + level(rest.slice(1)).length)
  return rest === '' ? 0 : -EINVAL
}

/** parse_console_timestamps (drivers/char/console.c): a boolean, or a mode name. */
function parseConsoleTimestamps(s: string): number {
  if (parseBool(s) >= 0) return 0
  return ['', 'date', 'datems', 'boot', 'raw', 'none'].includes(s) ? 0 : -EINVAL
}

/** parse_gnttab_limit (common/grant_table.c): simple_strtoul base 0, nothing after it, at most INT_MAX. */
function parseGnttabLimit(s: string): number {
  const m = /^(0[xX][0-9a-fA-F]*|0[0-7]*|[1-9][0-9]*)/.exec(s)
  const digits = m?.[1] ?? ''
  if (digits.length !== s.length) return -EINVAL
  const value = /^0[xX]/.test(digits) ? BigInt(digits.length > 2 ? digits : '0') : BigInt(digits.length > 1 && digits[0] === '0' ? '0o' + digits.slice(1) : digits)
  return value > 0x7fffffffn ? -ERANGE : 0
}

/** parse_pcid (arch/x86/pv/domain.c): a boolean, xpti or noxpti. */
function parsePcid(s: string): number {
  return parseBool(s) >= 0 || s === 'xpti' || s === 'noxpti' ? 0 : -EINVAL
}

/** xen/common and xen/drivers: every arch has these. */
const COMMON: readonly RuntimeParam[] = [
  {name: 'gnttab_max_frames', type: 'string', parse: parseGnttabLimit},
  {name: 'gnttab_max_maptrack_frames', type: 'string', parse: parseGnttabLimit},
  {name: 'crash-debug-panic', type: 'string'},
  {name: 'crash-debug-hwdom', type: 'string'},
  {name: 'crash-debug-watchdog', type: 'string'},
  {name: 'crash-debug-kexeccmd', type: 'string'},
  {name: 'crash-debug-debugkey', type: 'string'},
  {name: 'conswitch', type: 'string'},
  {name: 'console_timestamps', type: 'string', parse: parseConsoleTimestamps},
  {name: 'loglvl', type: 'string', parse: parseLoglvl},
  {name: 'guest_loglvl', type: 'string', parse: parseLoglvl},
]

/** Per arch: xen/arch/x86/pv/domain.c adds two; the arm64 build adds none. */
const BY_ARCH: Record<Arch, readonly RuntimeParam[]> = {
  x86_64: [...COMMON, {name: 'pcid', type: 'string', parse: parsePcid}, {name: 'global-pages', type: 'bool'}],
  arm64: COMMON,
}

/** The /params node of that name, if the host's Xen has one. */
export function runtimeParam(host: Host, name: string): RuntimeParam | undefined {
  return BY_ARCH[host.config.arch].find(p => p.name === name)
}

/**
 * XEN_HYPFS_OP_write_contents on /params/<name> with a value already in the
 * node's type (a bool node gets 0 or 1): 0, or -errno. A parser that
 * refuses the value leaves the old one.
 */
export function writeParam(host: Host, name: string, value: string): number {
  const p = runtimeParam(host, name)
  if (!p) return -ENOENT
  const rc = p.parse ? p.parse(value) : 0
  if (rc < 0) return rc
  host.config.params = {...host.config.params, [name]: value}
  return 0
}
