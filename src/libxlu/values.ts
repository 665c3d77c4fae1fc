/**
 * The parsed configuration and libxlu's typed getters
 * (tools/libs/util/libxlu_cfg.c: xlu_cfg_get_string, xlu_cfg_get_long,
 * xlu_cfg_get_bounded_long, xlu_cfg_get_defbool, xlu_cfg_get_list,
 * xlu_cfg_get_listitem, xlu_cfg_get_list_as_string_list,
 * xlu_cfg_value_get_string, xlu_cfg_value_get_list), with their warnings
 * word for word.
 */
import {LONG_MAX, LONG_MIN, strtol0} from './strto.js'

/**
 * A value as libxlu stores it (XLU_ConfigValue). Numbers are kept as their
 * text, exactly like strings; `isNumber` only records that the atom was a
 * NUMBER token rather than a quoted STRING (libxlu itself forgets this).
 * `line`/`column` are the value's bison location (`column` is always 0:
 * the lexer never sets columns and bison's default location is zeroed).
 */
export type ConfigValue =
  | {kind: 'string'; value: string; isNumber: boolean; line: number; column: number}
  | {kind: 'list'; items: ConfigValue[]; line: number; column: number}

export type ConfigOp = 'assign' | 'add'

/** One `key = value` / `key += value` statement (XLU_ConfigSetting). */
export interface ConfigSetting {
  name: string
  value: ConfigValue
  op: ConfigOp
  /** Line of the value's first token (@3.first_line in libxlu_cfg_y.y). */
  line: number
}

export interface ParsedConfig {
  /** config_source: the file name used in messages. */
  source: string
  /** The text that was parsed (kept for applyOverrides). */
  text: string
  /**
   * Every statement in file order. Lookups take the last one with the
   * name, as libxlu prepends settings and find() returns the first.
   * After `key += value` the earlier statement's list is emptied, as in
   * xlu__cfg_concat_vals; the later one holds the concatenation.
   */
  settings: ConfigSetting[]
  /** Warnings printed by the getters, in order (stderr lines). */
  warnings: string[]
}

export type Errno = 'ESRCH' | 'EINVAL' | 'ERANGE'
export type GetResult<T> = {ok: true; value: T} | {ok: false; errno: Errno}

const fail = <T>(errno: Errno): GetResult<T> => ({ok: false, errno})
const ok = <T>(value: T): GetResult<T> => ({ok: true, value})

/** Per settings array: the last setting of each name (built once, on first lookup). */
const lastByName = new WeakMap<ConfigSetting[], {length: number; map: Map<string, ConfigSetting>}>()

/** find(): the last statement with the name (libxlu prepends, so its first). */
export function findSetting(cfg: ParsedConfig, name: string): ConfigSetting | undefined {
  let index = lastByName.get(cfg.settings)
  if (!index || index.length !== cfg.settings.length) {
    const map = new Map<string, ConfigSetting>()
    for (const set of cfg.settings) map.set(set.name, set)
    index = {length: cfg.settings.length, map}
    lastByName.set(cfg.settings, index)
  }
  return index.map.get(name)
}

/**
 * The setting `name` if its value is of `kind`; otherwise the warning libxlu
 * prints (unless asked not to) and EINVAL. find_atom() and
 * xlu_cfg_get_list() in tools/libs/util/libxlu_cfg.c differ only in the kind
 * and the warning's wording.
 */
function findOfKind<K extends ConfigValue['kind']>(
  cfg: ParsedConfig,
  name: string,
  kind: K,
  dontWarn: boolean,
): GetResult<ConfigSetting & {value: {kind: K}}> {
  const set = findSetting(cfg, name)
  if (!set) return fail('ESRCH')
  if (set.value.kind !== kind) {
    if (!dontWarn) {
      const is = kind === 'list' ? 'is a single value but should be a list' : 'is a list but should be a single value'
      cfg.warnings.push(`${cfg.source}:${set.line}: warning: parameter \`${name}' ${is}`)
    }
    return fail('EINVAL')
  }
  return ok(set as ConfigSetting & {value: {kind: K}})
}

/** find_atom(): the setting if it holds a single value. */
function findAtom(cfg: ParsedConfig, name: string, dontWarn: boolean): GetResult<ConfigSetting & {value: {kind: 'string'}}> {
  return findOfKind(cfg, name, 'string', dontWarn)
}

/** xlu_cfg_get_string */
export function getString(cfg: ParsedConfig, name: string, dontWarn = false): GetResult<string> {
  const r = findAtom(cfg, name, dontWarn)
  return r.ok ? ok(r.value.value.value) : r
}

/**
 * xlu_cfg_get_bounded_long. The value is a bigint-exact C long returned as
 * a JS number (values beyond 2^53 lose precision, as they would nowhere
 * matter in the simulator).
 */
export function getBoundedLong(
  cfg: ParsedConfig,
  name: string,
  min: bigint,
  max: bigint,
  dontWarn = false,
): GetResult<number> {
  const r = findAtom(cfg, name, dontWarn)
  if (!r.ok) return r
  const set = r.value
  const warn = (msg: string): void => {
    if (!dontWarn) cfg.warnings.push(`${cfg.source}:${set.line}: warning: ${msg}`)
  }
  if (set.op === 'add') {
    warn(`can't use += with numbers for parameter \`${name}'`)
    return fail('EINVAL')
  }
  const s = set.value.value
  const {value: l, consumed, range} = strtol0(s)
  if (range) {
    warn(`parameter \`${name}' could not be parsed as a number: Numerical result out of range`)
    return fail('ERANGE')
  }
  if (consumed === 0 || consumed !== s.length) {
    warn(`parameter \`${name}' is not a valid number`)
    return fail('EINVAL')
  }
  if (l < min) {
    warn(`value \`${l}' is smaller than minimum bound '${min}'`)
    return fail('EINVAL')
  }
  if (l > max) {
    warn(`value \`${l}' is greater than maximum bound '${max}'`)
    return fail('EINVAL')
  }
  return ok(Number(l))
}

/** xlu_cfg_get_long */
export function getLong(cfg: ParsedConfig, name: string, dontWarn = false): GetResult<number> {
  return getBoundedLong(cfg, name, LONG_MIN, LONG_MAX, dontWarn)
}

/** xlu_cfg_get_defbool: a number, true when non-zero. */
export function getDefBool(cfg: ParsedConfig, name: string, dontWarn = false): GetResult<boolean> {
  const r = getLong(cfg, name, dontWarn)
  return r.ok ? ok(r.value !== 0) : r
}

/** xlu_cfg_get_list: the list's values (strings or nested lists). */
export function getList(cfg: ParsedConfig, name: string, dontWarn = false): GetResult<ConfigValue[]> {
  const r = findOfKind(cfg, name, 'list', dontWarn)
  return r.ok ? ok(r.value.value.items) : r
}

/** xlu_cfg_get_listitem: the entry if it is a string, else null. */
export function getListItem(list: ConfigValue[], entry: number): string | null {
  const v = list[entry]
  return v && v.kind === 'string' ? v.value : null
}

/** xlu_cfg_get_list_as_string_list: nested lists become null. */
export function getListAsStringList(
  cfg: ParsedConfig,
  name: string,
  dontWarn = false,
): GetResult<(string | null)[]> {
  const r = getList(cfg, name, dontWarn)
  return r.ok ? ok(r.value.map((_, i) => getListItem(r.value, i))) : r
}

/** xlu_cfg_value_get_string */
export function valueGetString(cfg: ParsedConfig, value: ConfigValue, dontWarn = false): GetResult<string> {
  if (value.kind !== 'string') {
    if (!dontWarn) cfg.warnings.push(`${cfg.source}:${value.line}:${value.column}: warning: value is not a string`)
    return fail('EINVAL')
  }
  return ok(value.value)
}

/** xlu_cfg_value_get_list */
export function valueGetList(cfg: ParsedConfig, value: ConfigValue, dontWarn = false): GetResult<ConfigValue[]> {
  if (value.kind !== 'list') {
    if (!dontWarn) cfg.warnings.push(`${cfg.source}:${value.line}:${value.column}: warning: value is not a list`)
    return fail('EINVAL')
  }
  return ok(value.items)
}
