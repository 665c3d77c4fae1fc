// libxl-level domain operations: what xl does around the hypercalls, with
// libxl's error lines. Every function acts as dom0 (the toolstack's domain).
import type {Host} from '../hypervisor/host.js'
import {freeMemKiB} from '../hypervisor/host.js'
import type {CpuSet, Domain} from '../hypervisor/domain.js'
import type {DomainType, ShutdownReason} from '../hypervisor/types.js'
import {archOps} from '../hypervisor/arch/index.js'
import * as domctl from '../hypervisor/domctl.js'
import {DOM0} from '../hypervisor/domctl.js'
import {HypervisorError} from '../hypervisor/errno.js'
import {randomUuid} from '../hypervisor/rng.js'
import {hypercall, __HYPERVISOR_sched_op, SCHEDOP_shutdown} from '../hypervisor/hypercall.js'
import {SHUTDOWN_CODES} from '../hypervisor/types.js'
import {bootGuest} from '../guest/boot.js'
import {canBootAs, findKernel, KERNEL_NAMES} from '../guest/kernels.js'
import {setAvailableVcpus} from '../guest/hotplug.js'
import {invalidDomain, shown, XlError} from './errors.js'

/** What `xl create` asks libxl to build, after xl.cfg parsing. */
export interface CreateRequest {
  name: string
  type?: DomainType
  memMiB: number
  maxmemMiB: number
  vcpus: number
  maxVcpus: number
  /** Hard affinity per vCPU (shorter lists repeat the last entry; empty = all). */
  cpus: CpuSet[]
  cpusSoft: CpuSet[]
  kernel?: string
  cmdline?: string
  uuid?: string
  weight?: number
  cap?: number
  paravirtTimeAccounting: boolean
  workloads: string[]
  onPoweroff: string
  onReboot: string
  onCrash: string
  /** The parsed configuration, kept for `xl list -l`. */
  config: Record<string, unknown>
}

/** The default guest kernel when xl.cfg names none (an HVM guest boots its own). */
export const DEFAULT_GUEST_KERNEL = 'linux-6.1'

export function findDomain(host: Host, ident: string): Domain {
  if (/^\d+$/.test(ident)) {
    const domid = Number(ident)
    const d = Number.isSafeInteger(domid) ? host.domains.get(domid) : undefined
    if (!d) throw new XlError(`Error: Domain '${shown(ident)}' does not exist.`)
    return d
  }
  // A stored host can find a name without decoding every domain (state/domain-table.ts).
  const index = host.domains as Partial<{idByName(name: string): number | undefined}>
  if (index.idByName) {
    const domid = index.idByName(ident)
    if (domid !== undefined) return host.domains.get(domid)!
    throw invalidDomain(ident)
  }
  for (const d of host.domains.values()) if (d.name === ident) return d
  throw invalidDomain(ident)
}

function libxlError(where: string, message: string): string {
  return `libxl: error: ${where}: ${message}`
}

function pick<T>(list: T[], i: number): T | undefined {
  return list.length === 0 ? undefined : list[Math.min(i, list.length - 1)]
}

export function createDomain(host: Host, req: CreateRequest, opts: {paused: boolean}): Domain {
  const arch = archOps(host.config.arch)
  const type = req.type ?? arch.defaultDomainType
  const next = host.nextDomid
  for (const d of host.domains.values()) {
    if (d.name === req.name) {
      throw new XlError([
        libxlError('libxl_create.c:651:libxl__domain_make', `Domain ${next}:Domain with name "${req.name}" already exists.`),
        libxlError('libxl_create.c:1266:initiate_domain_create', `Domain ${next}:cannot make domain: -6`),
      ], 3)
    }
  }
  if (!arch.domainTypes.includes(type)) {
    throw new XlError(libxlError('libxl_arm.c:95:libxl__arch_domain_prepare_config',
      `Unsupported guest type ${type} on ${host.config.arch} (only ${arch.domainTypes.join(', ')})`), 3)
  }
  const kernelName = req.kernel ?? DEFAULT_GUEST_KERNEL
  const kernel = findKernel(kernelName)
  if (!kernel) {
    throw new XlError([
      `xc: error: panic: xc_dom_core.c:207: failed to open file '${kernelName}': No such file or directory (known guest kernels: ${KERNEL_NAMES.join(', ')}): Internal error`,
      libxlError('libxl_dom.c:581:libxl__build_dom', 'xc_dom_kernel_file failed: No such file or directory'),
    ], 3)
  }
  if (!canBootAs(kernel, host.config.arch, type)) {
    throw new XlError([
      `xc: error: panic: xc_dom_elfloader.c:64: xc_dom_guest_type: image not capable of booting inside a PVH container (${kernel.name} has no XEN_ELFNOTE_PHYS32_ENTRY; PVH guests need Linux 4.11 or later): Invalid kernel`,
      libxlError('libxl_dom.c:571:libxl__build_dom', 'xc_dom_parse_image failed'),
    ], 3)
  }
  if (req.memMiB * 1024 > freeMemKiB(host)) {
    throw new XlError([
      `xc: error: panic: xc_dom_boot.c:122: xc_dom_boot_mem_init: can't allocate low memory for domain: Out of memory (${req.memMiB} MiB asked, ${Math.floor(freeMemKiB(host) / 1024)} MiB free)`,
      libxlError('libxl_dom.c:592:libxl__build_dom', 'xc_dom_boot_mem_init failed: Cannot allocate memory'),
    ], 3)
  }
  const d = domctl.createDomain(host, DOM0, {
    name: req.name, uuid: req.uuid ?? randomUuid(host), type, guestBits: 64,
    memKiB: req.memMiB * 1024, maxmemKiB: Math.max(req.maxmemMiB, req.memMiB) * 1024,
    vcpus: req.vcpus, maxVcpus: Math.max(req.maxVcpus, req.vcpus),
    hardAffinity: Array.from({length: Math.max(req.maxVcpus, req.vcpus)}, (_, i) => pick(req.cpus, i) ?? null),
    softAffinity: Array.from({length: Math.max(req.maxVcpus, req.vcpus)}, (_, i) => pick(req.cpusSoft, i) ?? null),
    weight: req.weight ?? 256, cap: req.cap ?? 0,
    kernel: kernel.name, paravirtTimeAccounting: req.paravirtTimeAccounting,
    workloads: req.workloads.length ? req.workloads : ['idle'],
    onPoweroff: req.onPoweroff, onReboot: req.onReboot, onCrash: req.onCrash,
    config: req.config,
  })
  if (!opts.paused) unpause(host, d)
  return d
}

/** The first unpause starts the guest kernel. */
export function unpause(host: Host, d: Domain): void {
  domctl.unpauseDomain(host, DOM0, d.domid)
  if (d.pauseCount === 0 && !d.guest.booted) bootGuest(host, d)
}

/** `xl unpause`: libxl_domain_unpause, which fails quietly-ish on an unpaused domain. */
export function unpauseCommand(host: Host, d: Domain): void {
  try {
    unpause(host, d)
  } catch (e) {
    if (!(e instanceof HypervisorError)) throw e
    throw new XlError(libxlError('libxl_domain.c:651:libxl_domain_unpause', `Domain ${d.domid}:Unpausing domain: Invalid argument`))
  }
}

/**
 * `xl pause`: a failure is logged by libxl, but xl ignores the return code
 * and exits 0 (a real quirk: `xl pause 0` prints an error yet succeeds).
 */
export function pause(host: Host, d: Domain): string[] {
  try {
    domctl.pauseDomain(host, DOM0, d.domid)
    return []
  } catch (e) {
    if (!(e instanceof HypervisorError)) throw e
    return [libxlError('libxl_domain.c:623:libxl_domain_pause', `Domain ${d.domid}:Pausing domain: Invalid argument`)]
  }
}

export function destroy(host: Host, d: Domain, force: boolean): void {
  if (d.domid === DOM0 && !force) {
    throw new XlError(['Not destroying domain 0; use -f to force.',
      'This can only be done when using a disaggregated hypervisor.'])
  }
  if (d.domid === DOM0) throw new XlError(libxlError('libxl_domain.c:1326:libxl__destroy_domid', 'Domain 0:Cannot destroy the control domain'))
  domctl.destroyDomain(host, DOM0, d.domid)
}

/** The guest's own shutdown path: the kernel calls SCHEDOP_shutdown, then on_* decides. */
export function guestShutdown(host: Host, d: Domain, reason: ShutdownReason): void {
  hypercall(host, {domid: d.domid, vcpuId: 0}, __HYPERVISOR_sched_op, [SCHEDOP_shutdown, SHUTDOWN_CODES[reason]])
  const action = reason === 'reboot' ? d.onReboot : reason === 'crash' ? d.onCrash : d.onPoweroff
  // xl's domain watcher (when running) acts on on_*; "destroy" is the common case.
  if (action === 'destroy' || action.startsWith('coredump-destroy')) domctl.destroyDomain(host, DOM0, d.domid)
  else if (action === 'restart' || action === 'rename-restart' || action === 'coredump-restart') restart(host, d)
}

/** on_reboot=restart: a new domain with the same config and a new id. */
function restart(host: Host, d: Domain): void {
  domctl.destroyDomain(host, DOM0, d.domid)
  const nd = domctl.createDomain(host, DOM0, {
    name: d.name, uuid: d.uuid, type: d.type, guestBits: d.guestBits,
    memKiB: d.memKiB, maxmemKiB: d.maxmemKiB, vcpus: d.vcpus.filter(v => v.online).length, maxVcpus: d.maxVcpus,
    hardAffinity: d.vcpus.map(v => v.hardAffinity), softAffinity: d.vcpus.map(v => v.softAffinity),
    weight: d.weight, cap: d.cap, kernel: d.guest.kernel, paravirtTimeAccounting: d.guest.paravirtTimeAccounting,
    workloads: d.vcpus.map(v => v.workload), onPoweroff: d.onPoweroff, onReboot: d.onReboot, onCrash: d.onCrash,
    config: d.config,
  })
  unpause(host, nd)
}

export function rename(host: Host, d: Domain, newName: string): void {
  for (const other of host.domains.values()) {
    if (other !== d && other.name === newName) {
      throw new XlError(libxlError('libxl_domain.c:330:libxl__domain_rename', `Domain ${d.domid}:domain with name "${newName}" already exists.`))
    }
  }
  if (newName === '' || newName.length > 64 || /[\s/]/.test(newName)) {
    throw new XlError(libxlError('libxl_domain.c:306:libxl__domain_rename', `Domain ${d.domid}:invalid domain name "${newName}"`))
  }
  d.name = newName
}

export function vcpuSet(host: Host, d: Domain, count: number): void {
  if (!Number.isInteger(count) || count < 1) throw new XlError('Error: Invalid argument.')
  if (count > d.maxVcpus) {
    throw new XlError(`Error: the domain ${d.domid} has only ${d.maxVcpus} vcpus (asked for ${count}).`)
  }
  setAvailableVcpus(host, d, count)
}

// ---- xl vcpu-pin / vcpu-set / mem-set / mem-max / sched-* / shutdown / reboot ----

/** libxl's stderr logger line: `libxl: <level>: <file:line:func>: [Domain N:]<message>`. */
function libxlLine(level: 'error' | 'warning', where: string, domid: number | null, message: string): string {
  return `libxl: ${level}: ${where}: ${domid === null ? '' : `Domain ${domid}:`}${message}`
}

/**
 * libxl_set_vcpuaffinity(_force|_all) as xl vcpu-pin calls it. `undefined`
 * for a map = leave it alone (`-`). vcpuId -1 = every vCPU. Returns the lines
 * libxl/xl print; `ok: false` = xl exits 1.
 */
export function vcpuPinXl(
  host: Host, d: Domain, vcpuId: number, hard: CpuSet | undefined, soft: CpuSet | undefined, force: boolean,
): {ok: boolean; lines: string[]} {
  const lines: string[] = []
  const setOne = (id: number): boolean => {
    if (hard === undefined && soft === undefined) return force
    try {
      domctl.setVcpuAffinity(host, DOM0, d.domid, id, hard, soft)
    } catch (e) {
      if (!(e instanceof HypervisorError)) throw e
      lines.push(libxlLine('error', 'libxl_sched.c:62:libxl__set_vcpuaffinity', d.domid, 'Setting vcpu affinity: Invalid argument'))
      return false
    }
    if (soft !== undefined && soft !== null && soft.length === 0) {
      lines.push(libxlLine('warning', 'libxl_sched.c:84:libxl__set_vcpuaffinity', d.domid,
        `All cpus in soft affinity of vcpu ${id} are unreachable. Only hard affinity will be considered for scheduling`))
    }
    return true
  }
  if (vcpuId !== -1) {
    if (!setOne(vcpuId)) return {ok: false, lines: [...lines, `Could not set affinity for vcpu \`${vcpuId}'.`]}
    return {ok: true, lines}
  }
  let failed = false
  for (const v of d.vcpus) {
    if (!setOne(v.vcpuId)) {
      failed = true
      lines.push(libxlLine('warning', 'libxl_sched.c:124:libxl_set_vcpuaffinity_all', d.domid, `Failed to set affinity for ${v.vcpuId}`))
    }
  }
  // xl prints this yet exits 0 (main_vcpupin sets rc = EXIT_SUCCESS regardless).
  if (failed) lines.push('Could not set affinity.')
  return {ok: true, lines}
}

/** xl vcpu-set's vcpuset(): the host check, then libxl_set_vcpuonline; the guest hot(un)plugs. */
export function vcpuSetXl(host: Host, d: Domain, count: number, checkHost: boolean): void {
  const asInt = count | 0
  if (checkHost) {
    const online = d.vcpus.filter(v => v.online).length
    const hostCpu = host.config.cpus
    if (count > online && count > hostCpu) {
      throw new XlError(`You are overcommmitting! You have ${hostCpu} physical CPUs and want ${asInt} vCPUs! Aborting, use --ignore-host to continue`)
    }
  }
  const failed = `libxl_set_vcpuonline failed domid=${d.domid} max_vcpus=${asInt}, rc: -3`
  if (count === 0) {
    throw new XlError([libxlLine('error', 'libxl_domain.c:1863:libxl_set_vcpuonline', d.domid, 'Requested 0 VCPUs!: Success'), failed])
  }
  if (count > d.maxVcpus) {
    throw new XlError([libxlLine('error', 'libxl_domain.c:1869:libxl_set_vcpuonline', d.domid,
      `Requested ${asInt} VCPUs, however maxcpus is ${d.maxVcpus}!: Success`), failed])
  }
  vcpuSet(host, d, count)
}

const LIBXL_MIN_DOM0_MEM_KIB = 128 * 1024

/** libxl_set_memory_target(domid, kb, relative=0, enforce=1) for xl mem-set; `arg` is xl's argument. */
export function memSetXl(host: Host, d: Domain, kb: bigint, arg: string): void {
  const target = BigInt.asUintN(64, kb)
  const failed = `cannot set domid ${d.domid} dynamic max memory to : ${arg}`
  if (target > BigInt(d.maxmemKiB)) {
    throw new XlError([libxlLine('error', 'libxl_mem.c:278:libxl_set_memory_target', d.domid,
      'memory_dynamic_max must be less than or equal to memory_static_max'), '', failed])
  }
  if (d.domid === DOM0 && target < BigInt(LIBXL_MIN_DOM0_MEM_KIB)) {
    throw new XlError([libxlLine('error', 'libxl_mem.c:287:libxl_set_memory_target', d.domid,
      `New target ${target} for dom0 is below the minimum threshold`), failed])
  }
  // The balloon driver gets what the host can give (it keeps trying in the background).
  const reachable = Math.min(Number(target), d.memKiB + freeMemKiB(host))
  domctl.setMemTarget(host, DOM0, d.domid, reachable)
}

/** libxl_domain_setmaxmem for xl mem-max. */
export function memMaxXl(host: Host, d: Domain, kb: bigint, arg: string): void {
  const max = BigInt.asUintN(64, kb)
  if (max < BigInt(d.memKiB)) {
    throw new XlError([libxlLine('error', 'libxl_mem.c:59:libxl_domain_setmaxmem', d.domid,
      'memory_static_max must be greater than or or equal to memory_dynamic_max: Success'),
    `cannot set domid ${d.domid} static max memory to : ${arg}`])
  }
  domctl.setMaxMem(host, DOM0, d.domid, Number(max))
}

/**
 * libxl_domain_sched_params_set for credit/credit2 (weight/cap; -1 = keep).
 * Throws xl's lines (libxl's, then `libxl_domain_sched_params_set failed.`).
 */
export function schedDomainSetXl(host: Host, d: Domain, sched: 'credit' | 'credit2', weight: number, cap: number): void {
  const fn = sched === 'credit' ? 'sched_credit_domain_set' : 'sched_credit2_domain_set'
  const at = (line: number) => `libxl_sched.c:${line}:${fn}`
  const lines = sched === 'credit' ? {get: 231, weight: 238, cap: 248} : {get: 439, weight: 445, cap: 455}
  const failed = 'libxl_domain_sched_params_set failed.'
  if (host.config.sched !== sched) {
    throw new XlError([libxlLine('error', at(lines.get), d.domid, `Getting domain sched ${sched}: Invalid argument`), failed])
  }
  if (weight !== -1 && (weight < 1 || weight > 65535)) {
    throw new XlError([libxlLine('error', at(lines.weight), d.domid, 'Cpu weight out of range, valid values are within range from 1 to 65535'), failed])
  }
  const maxCap = d.maxVcpus * 100
  if (cap !== -1 && (cap < 0 || cap > maxCap)) {
    throw new XlError([libxlLine('error', at(lines.cap), d.domid,
      `Cpu cap out of range, valid range is from 0 to ${maxCap} for specified number of vcpus`), failed])
  }
  domctl.setSchedParams(host, DOM0, d.domid, weight === -1 ? undefined : weight, cap === -1 ? undefined : cap)
}

/** What happened to a domain asked to shut down or reboot, for xl's -w messages. */
export interface ShutdownOutcome {
  domid: number
  /** The guest acted on the request (it could: running, booted). */
  acted: boolean
  /** SHUTDOWN_* code it shut down with. */
  reasonCode: number
  /** The domain is gone afterwards (destroyed, or restarted under a new id). */
  destroyed: boolean
}

/**
 * libxl_domain_shutdown / libxl_domain_reboot: the request goes to the guest
 * through xenstore; a running guest kernel powers off or reboots, and the
 * domain's on_poweroff / on_reboot action follows.
 */
export function shutdownRequestXl(host: Host, d: Domain, reason: 'poweroff' | 'reboot'): ShutdownOutcome {
  const domid = d.domid
  const reasonCode = SHUTDOWN_CODES[reason]
  const acted = d.guest.booted && d.pauseCount === 0 && d.shutdown === null && !d.dying
  if (!acted) return {domid, acted, reasonCode, destroyed: false}
  guestShutdown(host, d, reason)
  return {domid, acted, reasonCode, destroyed: host.domains.get(domid) !== d}
}

/** libxl_cpupool_qualifier_to_cpupoolid + libxl_cpupoolid_is_valid: the host has Pool-0 only. */
export function cpupoolXl(qualifier: string): number {
  const valid = qualifier === 'Pool-0' || (/^\d+$/.test(qualifier) && Number(qualifier) === 0)
  if (!valid) throw new XlError(`unknown cpupool '${qualifier}'`)
  return 0
}

/** libxl_sched_credit(2)_params_get: the error line when the pool runs another scheduler. */
export function schedPoolGetXl(host: Host, sched: 'credit' | 'credit2'): string | null {
  if (host.config.sched === sched) return null
  return sched === 'credit'
    ? libxlLine('error', 'libxl_sched.c:287:libxl_sched_credit_params_get', null, 'getting Credit scheduler parameters: Invalid argument')
    : libxlLine('error', 'libxl_sched.c:362:libxl_sched_credit2_params_get', null, 'getting Credit2 scheduler parameters: Invalid argument')
}

/** xl sched-credit -s -t/-r/-m: libxl_sched_credit_params_get then _set, with libxl's checks. */
export function schedCreditPoolSetXl(host: Host, p: {tsliceMs?: number; ratelimitUs?: number; migrationDelayUs?: number}): void {
  const getErr = schedPoolGetXl(host, 'credit')
  if (getErr) throw new XlError([getErr, 'libxl_sched_credit_params_get failed.'])
  const cur = host.schedParams
  const tslice = p.tsliceMs ?? cur.tsliceMs
  const ratelimit = p.ratelimitUs ?? cur.ratelimitUs
  const delay = p.migrationDelayUs ?? cur.migrationDelayUs
  const fail = (where: string, msg: string): never => {
    throw new XlError([libxlLine('error', `libxl_sched.c:${where}`, null, msg), 'libxl_sched_credit_params_set failed.'])
  }
  if (tslice < 1 || tslice > 1000) fail('311:libxl_sched_credit_params_set', 'Time slice out of range, valid range is from 1 to 1000')
  if (ratelimit !== 0 && (ratelimit < 100 || ratelimit > 500000)) fail('270:sched_ratelimit_check', 'Ratelimit out of range, valid range is from 100 to 500000')
  if (ratelimit > tslice * 1000) fail('321:libxl_sched_credit_params_set', 'Ratelimit cannot be greater than timeslice')
  if (delay > 100000) fail('326:libxl_sched_credit_params_set', 'vcpu migration delay should be >= 0 and <= 100000us')
  // libxl compares the int; Xen sees a uint32_t and refuses a negative delay.
  if (delay < 0) fail('338:libxl_sched_credit_params_set', 'Setting Credit scheduler parameters: Invalid argument')
  host.schedParams = {...cur, tsliceMs: tslice, ratelimitUs: ratelimit, migrationDelayUs: delay}
}

/** xl sched-credit2 -s -r: libxl_sched_credit2_params_set. */
export function schedCredit2PoolSetXl(host: Host, ratelimitUs: number): void {
  const fail = (where: string, msg: string): never => {
    throw new XlError([libxlLine('error', `libxl_sched.c:${where}`, null, msg), 'libxl_sched_credit2_params_set failed.'])
  }
  if (ratelimitUs !== 0 && (ratelimitUs < 100 || ratelimitUs > 500000)) fail('270:sched_ratelimit_check', 'Ratelimit out of range, valid range is from 100 to 500000')
  if (host.config.sched !== 'credit2') fail('389:libxl_sched_credit2_params_set', 'Setting Credit2 scheduler parameters: Invalid argument')
  host.schedParams = {...host.schedParams, ratelimitUs}
}
