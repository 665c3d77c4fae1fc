// From an xl.cfg file's text to what the toolstack builds (xl_parse.c's job).
import {ConfigFailure, findSetting, getLong, parseConfigBytes, type ParsedConfig} from '../libxlu/index.js'
import {domainConfigFrom, type DomainConfigInput} from './parse.js'
import type {CreateRequest} from '../libxl/create.js'
import {XlError} from '../libxl/errors.js'
import {parseWorkload} from '../hypervisor/sched/index.js'

export function createRequestFrom(c: DomainConfigInput, weightAlias: number | null): CreateRequest {
  const workloads = c.workload === null ? [] : Array.isArray(c.workload) ? c.workload : [c.workload]
  return {
    name: c.name,
    type: c.type,
    memMiB: c.memory,
    maxmemMiB: c.maxmem,
    vcpus: c.vcpus,
    maxVcpus: c.maxvcpus,
    cpus: c.cpus ?? [],
    cpusSoft: c.cpusSoft ?? [],
    pool: c.pool ?? undefined,
    kernel: c.kernel ?? undefined,
    cmdline: c.cmdline ?? undefined,
    uuid: c.uuid ?? undefined,
    weight: c.weight ?? weightAlias ?? undefined,
    cap: c.cap ?? undefined,
    paravirtTimeAccounting: c.paravirtTimeAccounting,
    workloads,
    onPoweroff: c.onPoweroff,
    onReboot: c.onReboot,
    onCrash: c.onCrash,
    config: {...c, extra: c.cmdline},
  }
}

/**
 * The pure first step of `xl create`: the file's bytes (readConfigFile)
 * plus the `key=value` arguments, parsed. It needs no host, so the create
 * command runs it before taking the host's lock. create_domain
 * (tools/xl/xl_vmcontrol.c) appends "\n", each argument and "\n", then
 * "\n" to the file's data and parses the whole, so later settings win and
 * line numbers run on past the file. Errors are xl's lines and exit codes.
 */
export function parseCreateConfig(bytes: string, file: string, overrides: string[]): ParsedConfig {
  const extra = overrides.map(o => `${o}\n`).join('')
  const all = extra.length ? `${bytes}\n${Buffer.from(extra, 'utf8').toString('latin1')}\n` : bytes
  try {
    return parseConfigBytes(all, file)
  } catch (e) {
    if (e instanceof ConfigFailure) throw new XlError(e.lines, e.exitCode)
    throw e
  }
}

/**
 * The host-dependent rest (cpu lists need the host's pCPU count): the
 * request and the warnings xl prints. Cheap: lookups go through the parsed
 * config's index.
 */
export function requestFromParsed(cfg: ParsedConfig, file: string, nrCpus: number):
{request: CreateRequest; warnings: string[]} {
  let input
  try {
    input = domainConfigFrom(cfg, {nrCpus})
  } catch (e) {
    if (e instanceof ConfigFailure) throw new XlError(e.lines, e.exitCode)
    throw e
  }
  // The spec's scheduler key `weight` (real xl reads `cpu_weight`).
  const w = getLong(cfg, 'weight')
  const request = createRequestFrom(input, w.ok ? w.value : null)
  // xl's default type is the arch's: PV on x86, PVH (the only kind) on ARM.
  if (findSetting(cfg, 'type') === undefined && findSetting(cfg, 'builder') === undefined) request.type = undefined
  // Neither `memory` nor `maxmem`: b_info->max_memkb is still
  // LIBXL_MEMKB_DEFAULT when libxl sizes the paging pool (libxl_create.c).
  request.memkbDefault = findSetting(cfg, 'memory') === undefined && findSetting(cfg, 'maxmem') === undefined
  // b_info->max_vcpus as xl_parse.c leaves it: maxvcpus, else vcpus, else 0.
  const mv = getLong(cfg, 'maxvcpus', true)
  const v = getLong(cfg, 'vcpus', true)
  request.xlMaxVcpus = mv.ok && mv.value !== 0 ? mv.value : v.ok ? v.value : 0
  for (const wl of request.workloads) {
    const parsed = parseWorkload(wl)
    if ('error' in parsed) throw new XlError(`${file}: invalid workload "${wl}": ${parsed.error}`, 1)
  }
  return {request, warnings: cfg.warnings}
}

/** Both steps at once, from text (tests and in-process callers). */
export function requestFromConfig(text: string, file: string, overrides: string[], nrCpus: number):
{request: CreateRequest; warnings: string[]} {
  return requestFromParsed(parseCreateConfig(Buffer.from(text, 'utf8').toString('latin1'), file, overrides), file, nrCpus)
}
