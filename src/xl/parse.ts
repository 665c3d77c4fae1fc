/**
 * From parsed xl.cfg settings to the domain configuration xl would build:
 * the relevant part of parse_config_data in tools/xl/xl_parse.c (Xen 4.17),
 * in the same order, with the same warnings, messages and exit codes.
 * Keys xl does not know are ignored, as xl does.
 */
import {parseCpuList} from '../libxlu/cpulist.js'
import {ConfigError} from '../libxlu/errors.js'
import {parseConfig} from '../libxlu/parser.js'
import {
  type ConfigValue,
  findSetting,
  getDefBool,
  getList,
  getListItem,
  getLong,
  getString,
  type ParsedConfig,
} from '../libxlu/values.js'
import type {DomainDevices} from '../libxl/device-types.js'
import {DeviceSpecError, parseDevices} from './parse-devices.js'

export type DomainType = 'pv' | 'pvh' | 'hvm'

/** action_on_shutdown_names in tools/xl/xl_parse.c */
export const SHUTDOWN_ACTIONS = [
  'destroy',
  'restart',
  'rename-restart',
  'preserve',
  'coredump-destroy',
  'coredump-restart',
  'soft-reset',
] as const
export type ShutdownAction = (typeof SHUTDOWN_ACTIONS)[number]

/** libxl__domain_build_info_setdefault: max_memkb defaults to 32 MiB. */
export const LIBXL_DEFAULT_MEMORY_MIB = 32

export interface DomainConfigInput {
  name: string
  /** b_info.device_model_version as libxl_device_model_version_to_string names it; absent: not set. */
  deviceModelVersion?: 'qemu_xen' | 'qemu_xen_traditional'
  /** Lower-case 8-4-4-4-12 form when given; null = xl generates one. */
  uuid: string | null
  type: DomainType
  /** `memory` in MiB (target). Default: maxmem, else 32 (libxl). */
  memory: number
  /** `maxmem` in MiB. Default: memory. */
  maxmem: number
  /** Online vCPUs at start (`vcpus`, default 1). */
  vcpus: number
  /** `maxvcpus`, default vcpus. */
  maxvcpus: number
  /**
   * Hard affinity per vCPU (`cpus`), each a sorted pCPU list; entries
   * missing (or null) mean "not set" (all pCPUs). null: key absent.
   * Compact: vCPUs past the end take the last entry. A string is one entry
   * for every vCPU; a list gives vCPU i its item i, and a list shorter than
   * max_vcpus ends in a null (the vCPUs it does not reach are not set).
   */
  cpus: (number[] | null)[] | null
  /** Soft affinity per vCPU (`cpus_soft`), same shape as cpus. */
  cpusSoft: (number[] | null)[] | null
  kernel: string | null
  ramdisk: string | null
  /** From cmdline, or root= + extra (parse_cmdline). */
  cmdline: string | null
  onPoweroff: ShutdownAction
  onReboot: ShutdownAction
  onWatchdog: ShutdownAction
  onCrash: ShutdownAction
  onSoftReset: ShutdownAction
  pool: string | null
  /** `cpu_weight` (the key real xl reads; `weight` is not an xl key). */
  weight: number | null
  cap: number | null
  /** Simulator key: models CONFIG_PARAVIRT_TIME_ACCOUNTING (default true). */
  paravirtTimeAccounting: boolean
  /** Simulator key, kept as given: a string, or the list's string items. */
  workload: string | string[] | null
  /** disk=, vif=, pci=, ... as xl's parsers leave them (before libxl's defaults). */
  devices: DomainDevices
}

export interface HostInfo {
  /** Host pCPUs, for cpu lists ("all", dropping CPUs past the end). Default 4. */
  nrCpus: number
}

/**
 * xl create's trailing `key=value` arguments: xl appends "\n", then each
 * argument and "\n", then "\n" to the file's text and parses the whole
 * (create_domain in tools/xl/xl_vmcontrol.c), so later settings win and
 * line numbers continue past the file. Throws ConfigParseError.
 */
export function applyOverrides(cfg: ParsedConfig, overrides: string[]): ParsedConfig {
  const extra = overrides.map((o) => `${o}\n`).join('')
  if (!extra.length) return cfg
  return parseConfig(`${cfg.text}\n${extra}\n`, cfg.source)
}

/** libuuid uuid_parse: exactly 36 characters, dashes at 8/13/18/23, hex elsewhere. */
export function isValidUuid(s: string): boolean {
  return /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/.test(s)
}

/** strncmp(buf, name, strlen(buf)) == 0: buf is a prefix of name (even ""). */
const prefixOf = (buf: string, name: string): boolean => name.startsWith(buf)

/** C long -> int conversion (b_info->max_vcpus, libxl_cpu_bitmap_alloc's argument). */
const toInt = (n: number): number => Number(BigInt.asIntN(32, BigInt(n)))

/**
 * Build the domain config. Warnings (wrong types, ...) are appended to
 * `cfg.warnings`; on a fatal problem a ConfigError is thrown whose `.lines`
 * are the warnings printed so far followed by xl's message.
 */
export function domainConfigFrom(cfg: ParsedConfig, host: HostInfo = {nrCpus: 4}): DomainConfigInput {
  const warnStart = cfg.warnings.length
  const die = (...msg: string[]): never => {
    throw new ConfigError([...cfg.warnings.slice(warnStart), ...msg], 1)
  }
  const str = (key: string): string | null => {
    const r = getString(cfg, key)
    return r.ok ? r.value : null
  }
  const long = (key: string): number | null => {
    const r = getLong(cfg, key)
    return r.ok ? r.value : null
  }

  let type: DomainType | null = null
  const typeStr = str('type')
  if (typeStr !== null) {
    if (prefixOf(typeStr, 'hvm')) type = 'hvm'
    else if (prefixOf(typeStr, 'pv')) type = 'pv'
    else if (prefixOf(typeStr, 'pvh')) type = 'pvh'
    else die(`Invalid domain type ${typeStr}.`)
  }
  // "builder" is deprecated since Xen 4.10 but still read.
  const builder = str('builder')
  if (builder !== null) {
    let builderType: DomainType = 'pv'
    if (prefixOf(builder, 'hvm')) builderType = 'hvm'
    else if (prefixOf(builder, 'generic')) builderType = 'pv'
    else die(`Invalid domain type ${builder}.`)
    if (type !== null && type !== builderType) die('Contradicting "builder" and "type" options specified.')
    type = builderType
  }
  // x86 default (arm would default to PVH).
  type ??= 'pv'

  getDefBool(cfg, 'hap')

  const name = str('name')
  if (name === null) die('Domain name must be specified.')

  let uuid: string | null = null
  const uuidStr = str('uuid')
  if (uuidStr !== null) {
    if (!isValidUuid(uuidStr)) die(`Failed to parse UUID: ${uuidStr}`)
    uuid = uuidStr.toLowerCase()
  }

  getDefBool(cfg, 'oos')
  const pool = str('pool')

  const weight = long('cpu_weight')
  const cap = long('cap')

  const memory = long('memory')
  const maxmemRaw = long('maxmem')

  let vcpus = 0
  const vcpusRaw = long('vcpus')
  if (vcpusRaw !== null) {
    vcpus = vcpusRaw
    if (toInt(vcpusRaw) < 0) {
      die(
        'libxl: error: libxl_utils.c:809:libxl_cpu_bitmap_alloc: invalid number of cpus provided',
        'Unable to allocate cpumap',
      )
    }
  }
  // b_info->max_vcpus is an int: a long `maxvcpus` or `vcpus` loses its high bits.
  let maxvcpus = 0
  const maxvcpusRaw = long('maxvcpus')
  if (maxvcpusRaw !== null) maxvcpus = toInt(maxvcpusRaw)
  if (maxvcpus === 0) maxvcpus = toInt(vcpus)
  if (maxvcpus < vcpus) die('xl: maxvcpus < vcpus')

  // libxl defaults: max_vcpus 0 -> 1, no avail_vcpus -> vCPU 0 online. From
  // here 0 <= vcpus <= maxvcpus < 2^31 (a negative `vcpus` sets no bit).
  const effMaxvcpus = maxvcpus === 0 ? 1 : maxvcpus
  const effVcpus = vcpusRaw === null ? 1 : Math.max(0, vcpus)

  const affinity = (key: string): (number[] | null)[] | null => {
    const asList = getList(cfg, key, true)
    let list: ConfigValue[] | null = null
    let buf: string | null = null
    if (asList.ok) list = asList.value
    else {
      const s = getString(cfg, key)
      if (!s.ok) return null
      buf = s.value
    }
    // parse_vcpu_affinity: values past max_vcpus are silently ignored.
    const parse = (s: string): number[] => {
      const r = parseCpuList(s, host.nrCpus)
      if (!r.ok) return die(r.error)
      return r.cpus
    }
    if (buf !== null) {
      // One map for every vCPU: kept once (a shorter list stands for its
      // last entry repeated), not copied max_vcpus times.
      const cpus = parse(buf)
      return maxvcpus > 0 ? [cpus] : []
    }
    const out: (number[] | null)[] = []
    const n = Math.min(list!.length, maxvcpus)
    for (let j = 0; j < n; j++) {
      const item = getListItem(list!, j)
      if (item === null) break
      out.push(parse(item))
    }
    if (out.length > 0 && out.length < maxvcpus) out.push(null)
    return out
  }
  const cpus = affinity('cpus')
  const cpusSoft = affinity('cpus_soft')

  const action = (key: string, dflt: ShutdownAction): ShutdownAction => {
    const buf = str(key) ?? dflt
    if (!(SHUTDOWN_ACTIONS as readonly string[]).includes(buf)) die(`Unknown ${key} action "${buf}" specified`)
    return buf as ShutdownAction
  }
  const onPoweroff = action('on_poweroff', 'destroy')
  const onReboot = action('on_reboot', 'restart')
  const onWatchdog = action('on_watchdog', 'destroy')
  const onCrash = action('on_crash', 'destroy')
  const onSoftReset = action('on_soft_reset', 'soft-reset')

  let kernel = str('kernel')
  const ramdisk = str('ramdisk')

  // parse_cmdline
  const cmdlineKey = str('cmdline')
  const root = str('root')
  const extra = str('extra')
  let cmdline: string | null = null
  if (cmdlineKey !== null) {
    cmdline = cmdlineKey
    if (root !== null || extra !== null) cfg.warnings.push('Warning: ignoring root= and extra= in favour of cmdline=')
  } else if (root !== null && extra !== null) cmdline = `root=${root} ${extra}`
  else if (root !== null) cmdline = `root=${root}`
  else if (extra !== null) cmdline = extra

  if (type === 'hvm' && kernel !== null && kernel.slice(kernel.lastIndexOf('/') + 1) === 'hvmloader') {
    cfg.warnings.push(
      'WARNING: you seem to be using "kernel" directive to override HVM guest firmware. Ignore that. ' +
        'Use "firmware_override" instead if you really want a non-default firmware',
    )
    kernel = null
  }

  // xl_parse.c: device_model_version names the device model of an HVM
  // guest (libxl's default, qemu-xen, when absent; the saved config then
  // shows none).
  let deviceModelVersion: DomainConfigInput['deviceModelVersion']
  const dmv = str('device_model_version')
  if (dmv !== null) {
    if (dmv === 'qemu-xen-traditional') deviceModelVersion = 'qemu_xen_traditional'
    else if (dmv === 'qemu-xen') deviceModelVersion = 'qemu_xen'
    else die(`Unknown device_model_version "${dmv}" specified`)
  }

  // Simulator keys (not in real xl.cfg): read the way xl reads its own keys.
  const pta = getDefBool(cfg, 'paravirt_time_accounting')
  const paravirtTimeAccounting = pta.ok ? pta.value : true
  let workload: string | string[] | null = null
  const wl = findSetting(cfg, 'workload')
  if (wl) {
    workload =
      wl.value.kind === 'string'
        ? wl.value.value
        : wl.value.items.flatMap((v) => (v.kind === 'string' ? [v.value] : []))
  }

  let devices: DomainDevices
  try {
    devices = parseDevices(cfg, type, cfg.warnings)
  } catch (e) {
    if (!(e instanceof DeviceSpecError)) throw e
    throw new ConfigError([...cfg.warnings.slice(warnStart), ...e.lines], e.exitCode)
  }

  // libxl: target defaults to max, max to 32 MiB; xl sets max = target.
  const mem = memory ?? maxmemRaw ?? LIBXL_DEFAULT_MEMORY_MIB
  const maxmem = maxmemRaw ?? mem

  return {
    name: name!,
    uuid,
    type,
    memory: mem,
    maxmem,
    vcpus: effVcpus,
    maxvcpus: effMaxvcpus,
    cpus,
    cpusSoft,
    kernel,
    ramdisk,
    cmdline,
    onPoweroff,
    onReboot,
    onWatchdog,
    onCrash,
    onSoftReset,
    pool,
    weight,
    cap,
    paravirtTimeAccounting,
    workload,
    deviceModelVersion,
    devices,
  }
}
