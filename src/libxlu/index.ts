/**
 * libxlu (tools/libs/util): the xl.cfg lexer and grammar with their exact
 * messages, the value getters, and the cpu-list and memory-size specs. What
 * xl builds from the parsed settings is src/xl/parse.ts (xl_parse.c).
 */
export {ConfigError, ConfigFailure, ConfigParseError} from './errors.js'
export {parseConfig, parseConfigBytes} from './parser.js'
export {
  type ConfigOp,
  type ConfigSetting,
  type ConfigValue,
  type Errno,
  findSetting,
  getBoundedLong,
  getDefBool,
  getList,
  getListAsStringList,
  getListItem,
  getLong,
  getString,
  type GetResult,
  type ParsedConfig,
  valueGetList,
  valueGetString,
} from './values.js'
export {type CpuListOptions, type CpuListResult, parseCpuList, parseRange} from './cpulist.js'
export {parseMemSize, parseMemSizeKb} from './memsize.js'
