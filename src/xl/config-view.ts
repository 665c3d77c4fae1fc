// libxl_domain_config as xl prints it: `xl create -n` shows what
// parse_config_data (xl_parse.c) filled in, before any libxl default;
// `xl list -l` shows libxl_retrieve_domain_configuration (libxl_domain.c):
// the copy of that config libxl saved at create time, with the name, uuid,
// online vCPUs, memory and scheduler parameters read back from the live
// domain. Fields xl never set stay at their IDL init value and are omitted.
import {domainPoolId} from '../hypervisor/sched/cpupool.js'
import {domainScheduler} from '../hypervisor/sched/index.js'
import type {Host} from '../hypervisor/host.js'
import type {Domain} from '../hypervisor/domain.js'
import type {DomainConfigView, LibxlDomainConfig, ShutdownAction} from './format/types.js'
import type {CreateRequest} from '../libxl/create.js'
import {archOps} from '../hypervisor/arch/index.js'
import {libxlArch} from '../libxl/arch.js'
import {randomUuid} from '../hypervisor/rng.js'
import {findSetting, type ParsedConfig} from '../libxlu/index.js'
import {savedDevices} from '../libxl/devices.js'
import type {DomainDevices} from '../libxl/device-types.js'

/** INVALID_DOMID (libxl.h: ~0): what create_domain puts in c_info.domid (xl's domid_policy "xen"). */
const INVALID_DOMID = 0xffffffff

function allCpus(host: Host): number[] {
  return Array.from({length: host.config.cpus}, (_, i) => i)
}

/** xl.cfg's on_* names (action_on_shutdown_names) to libxl_action_on_shutdown_to_string. */
function action(name: string): ShutdownAction {
  return (name === 'rename-restart' ? 'restart_rename' : name.replace(/-/g, '_')) as ShutdownAction
}

const str = (config: Record<string, unknown>, k: string): string | undefined =>
  typeof config[k] === 'string' && config[k] !== '' ? (config[k] as string) : undefined

/** b_info.device_model_version as xl set it (kept in the saved config as given). */
function dmVersion(config: Record<string, unknown>): LibxlDomainConfig['b_info']['device_model_version'] {
  const v = config.deviceModelVersion
  return v === 'qemu_xen' || v === 'qemu_xen_traditional' ? v : undefined
}

/** A libxl_domain_type: xl's default is PV on x86, PVH on Arm (parse_config_data). */
function xlType(host: Host, type: CreateRequest['type']): LibxlDomainConfig['c_info']['type'] {
  return type ?? archOps(host.config.arch).defaultDomainType
}

/**
 * The stub config xen-init-dom0 stores for dom0 (tools/helpers/init-dom-json.c:
 * type and an all-zero uuid only), read back: name, memory and scheduler.
 * max_vcpus is 0 there, so no avail_vcpus. video_memkb stays
 * LIBXL_MEMKB_DEFAULT (~0), and libxl__get_targetmem_fudge adds it to the
 * xenstore target: the target shows one KiB short.
 */
function dom0Config(host: Host, d: Domain): LibxlDomainConfig {
  return {
    c_info: {type: d.type === 'pv' ? 'pv' : 'pvh', name: d.name},
    b_info: {
      max_memkb: d.maxmemKiB, target_memkb: d.memKiB - 1,
      sched_params: {sched: host.config.sched, weight: d.weight, cap: d.cap},
      arch_x86: {},
    },
  }
}

/** b_info.video_memkb after libxl__domain_build_info_setdefault: none for PV/PVH, qemu-xen's VGA for HVM. */
function videoMemKiB(type: LibxlDomainConfig['c_info']['type']): number {
  return type === 'hvm' ? 8 * 1024 : 0
}

export function domainConfigView(host: Host, d: Domain): DomainConfigView {
  if (d.domid === 0) return {domid: 0, config: dom0Config(host, d)}
  const c = d.config
  const hard = d.vcpus.some(v => v.hardAffinity) ? d.vcpus.map(v => v.hardAffinity ?? allCpus(host)) : undefined
  const soft = d.vcpus.some(v => v.softAffinity) ? d.vcpus.map(v => v.softAffinity ?? allCpus(host)) : undefined
  return {
    domid: d.domid,
    config: {
      // poolid: libxl__domain_config_setdefault's lookup of pool_name (the id is 0, and left out, for Pool-0).
      c_info: {type: d.type, name: d.name, domid: INVALID_DOMID, uuid: d.uuid, poolid: domainPoolId(d), pool_name: str(c, 'pool'), run_hotplug_scripts: true},
      b_info: {
        max_vcpus: d.maxVcpus,
        avail_vcpus: d.vcpus.filter(v => v.online).map(v => v.vcpuId),
        vcpu_hard_affinity: hard, vcpu_soft_affinity: soft,
        numa_placement: hard || soft ? false : undefined,
        max_memkb: d.maxmemKiB, target_memkb: d.memKiB,
        // libxl__update_domain_configuration copies the defaulted video_memkb.
        video_memkb: videoMemKiB(d.type),
        device_model_version: dmVersion(c),
        sched_params: {sched: domainScheduler(host, d), weight: d.weight, cap: d.cap},
        claim_mode: true,
        kernel: str(c, 'kernel'), cmdline: str(c, 'extra') ?? str(c, 'cmdline'), ramdisk: str(c, 'ramdisk'),
        e820_host: c.e820Host === true ? true : undefined,
        arch_x86: libxlArch(host.config.arch).updateDomainConfigX86(),
      },
      devices: savedDevices(d),
      on_poweroff: action(d.onPoweroff), on_reboot: action(d.onReboot), on_crash: action(d.onCrash),
      on_soft_reset: 'soft_reset',
    },
  }
}

export function domainConfigViews(host: Host, domains: Domain[]): DomainConfigView[] {
  return domains.map(d => domainConfigView(host, d))
}

/**
 * `xl create -n`: the config parse_config_data leaves, printed before
 * create_domain sets c_info.domid. memory/maxmem/vcpus appear only when the
 * file sets them (else LIBXL_MEMKB_DEFAULT / an empty bitmap); max_vcpus
 * always (xl's vcpus default is 1); a uuid is generated when none is given.
 */
export function requestConfigView(host: Host, r: CreateRequest, cfg?: ParsedConfig): LibxlDomainConfig {
  const has = (k: string) => cfg === undefined || findSetting(cfg, k) !== undefined
  const maxVcpus = Math.max(r.maxVcpus, r.vcpus, 1)
  const perVcpu = (list: (number[] | null)[]) =>
    list.length ? Array.from({length: maxVcpus}, (_, i) => list[Math.min(i, list.length - 1)] ?? allCpus(host)) : undefined
  const target = has('memory') ? r.memMiB * 1024 : undefined
  // libxl_uuid_generate: drawn from the host's generator, which a dry run
  // leaves as it was (the create that follows draws the same one).
  const rng = host.rng
  const uuid = r.uuid ?? randomUuid(host)
  host.rng = rng
  const max = has('maxmem') ? r.maxmemMiB * 1024 : target
  return {
    c_info: {type: xlType(host, r.type), name: r.name, uuid, pool_name: r.pool, run_hotplug_scripts: true},
    b_info: {
      max_vcpus: maxVcpus,
      avail_vcpus: has('vcpus') ? Array.from({length: r.vcpus}, (_, i) => i) : undefined,
      vcpu_hard_affinity: perVcpu(r.cpus), vcpu_soft_affinity: perVcpu(r.cpusSoft),
      numa_placement: r.cpus.length || r.cpusSoft.length ? false : undefined,
      max_memkb: max, target_memkb: target,
      device_model_version: dmVersion(r.config),
      sched_params: {weight: r.weight, cap: r.cap},
      claim_mode: true,
      kernel: r.kernel, cmdline: r.cmdline, ramdisk: str(r.config, 'ramdisk'),
      e820_host: xlType(host, r.type) === 'pv' && ((r.config.devices as DomainDevices | undefined)?.pcidevs.length ?? 0) > 0 ? true : undefined,
      arch_x86: {},
    },
    devices: r.config.devices as DomainDevices | undefined,
    on_poweroff: action(r.onPoweroff), on_reboot: action(r.onReboot), on_crash: action(r.onCrash),
    on_soft_reset: 'soft_reset',
  }
}
