// From an xl.cfg file's text to what the toolstack builds (xl_parse.c's job).
import {ConfigFailure, findSetting, getLong, parseConfig} from '../libxlu/index.js'
import {applyOverrides, domainConfigFrom, type DomainConfigInput} from './parse.js'
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
 * Parse the file plus `key=value` overrides as xl create does; returns the
 * request and the warnings xl prints. Errors are xl's lines and exit codes.
 */
export function requestFromConfig(text: string, file: string, overrides: string[], nrCpus: number):
  {request: CreateRequest; warnings: string[]} {
  let cfg
  let input
  try {
    cfg = applyOverrides(parseConfig(text, file), overrides)
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
  for (const wl of request.workloads) {
    const parsed = parseWorkload(wl)
    if ('error' in parsed) throw new XlError(`${file}: invalid workload "${wl}": ${parsed.error}`, 1)
  }
  return {request, warnings: cfg.warnings}
}
