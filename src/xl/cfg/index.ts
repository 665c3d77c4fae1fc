/**
 * xl.cfg: parsing (libxlu's grammar and messages) and the domain config xl
 * builds from it. See the modules for the Xen sources each part follows.
 */
export {ConfigError, ConfigFailure, ConfigParseError} from './errors.js'
export {parseConfig} from './parser.js'
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
export {
  applyOverrides,
  type DomainConfigInput,
  domainConfigFrom,
  type DomainType,
  type HostInfo,
  isValidUuid,
  LIBXL_DEFAULT_MEMORY_MIB,
  SHUTDOWN_ACTIONS,
  type ShutdownAction,
} from './domain-config.js'
export {type CpuListOptions, type CpuListResult, parseCpuList, parseRange} from './cpulist.js'
export {parseMemSize, parseMemSizeKb} from './memsize.js'
