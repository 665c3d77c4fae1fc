// parse_nic_config (tools/xl/xl_parse.c, Xen 4.17) and libxlu's
// xlu_vif_parse_rate (tools/libs/util/libxlu_vif.c): one `key=value` token
// of a vif spec (xl.cfg `vif=[...]` or `xl network-attach`) onto a nic.
import type {DeviceNic} from '../libxl/device-types.js'
import {matchOption, strtoulBase, ULONG_MAX} from './cstr.js'

/** What a parse step printed on stderr and whether xl exits (with `exit`). */
export interface SpecOutcome {
  lines: string[]
  /** null: go on; else xl's exit code now. */
  exit: number | null
}

/** The COLO string options parse_nic_config copies as they are, in its order. */
const COLO_KEYS = [
  'forwarddev', 'colo_sock_mirror_id', 'colo_sock_mirror_ip', 'colo_sock_mirror_port',
  'colo_sock_compare_sec_in_id', 'colo_sock_compare_sec_in_ip', 'colo_sock_compare_sec_in_port',
  'colo_sock_redirector0_id', 'colo_sock_redirector0_ip', 'colo_sock_redirector0_port',
  'colo_sock_redirector1_id', 'colo_sock_redirector1_ip', 'colo_sock_redirector1_port',
  'colo_sock_redirector2_id', 'colo_sock_redirector2_ip', 'colo_sock_redirector2_port',
  'colo_sock_compare_pri_in_id', 'colo_sock_compare_pri_in_ip', 'colo_sock_compare_pri_in_port',
  'colo_sock_compare_notify_id', 'colo_sock_compare_notify_ip', 'colo_sock_compare_notify_port',
  'colo_filter_mirror_queue', 'colo_filter_mirror_outdev',
  'colo_filter_redirector0_queue', 'colo_filter_redirector0_indev', 'colo_filter_redirector0_outdev',
  'colo_filter_redirector1_queue', 'colo_filter_redirector1_indev', 'colo_filter_redirector1_outdev',
  'colo_compare_pri_in', 'colo_compare_sec_in', 'colo_compare_out', 'colo_compare_notify_dev',
  'colo_sock_sec_redirector0_id', 'colo_sock_sec_redirector0_ip', 'colo_sock_sec_redirector0_port',
  'colo_sock_sec_redirector1_id', 'colo_sock_sec_redirector1_ip', 'colo_sock_sec_redirector1_port',
  'colo_filter_sec_redirector0_queue', 'colo_filter_sec_redirector0_indev', 'colo_filter_sec_redirector0_outdev',
  'colo_filter_sec_redirector1_queue', 'colo_filter_sec_redirector1_indev', 'colo_filter_sec_redirector1_outdev',
  'colo_filter_sec_rewriter0_queue', 'colo_checkpoint_host', 'colo_checkpoint_port',
] as const

const UINT32_MAX = 0xffffffffn
const UINT64_MAX = 2n ** 64n - 1n

/** xlu_vif_parse_rate: `RATE[@INTERVAL]`; messages name the config source. */
export function parseVifRate(source: string, rate: string, nic: DeviceNic): SpecOutcome {
  const err = (msg: string, what: string): SpecOutcome =>
    ({lines: [`${source}: config parsing error in vif: ${msg} in \`${what}'`], exit: 1})
  const at = rate.indexOf('@')
  const bytes = at < 0 ? rate : rate.slice(0, at)
  const interval = at < 0 ? null : rate.slice(at + 1)
  if (bytes === '') return err('no rate specified', rate)
  if (!/^[0-9]+[GMK]?[Bb]\/s$/.test(bytes)) return err('invalid rate', bytes)
  const b = strtoulBase(bytes, 0)
  // strtoull(…, 0): a leading 0 is octal, so "08" stops at '8'
  let perSec = b.value
  if (perSec === 0n || perSec > UINT32_MAX || perSec === ULONG_MAX) return err('rate overflow', bytes)
  const unit = bytes[b.end]
  if (unit === 'G') perSec *= 1000n * 1000n * 1000n
  else if (unit === 'M') perSec *= 1000n * 1000n
  else if (unit === 'K') perSec *= 1000n
  if (unit === 'b' || bytes[b.end + 1] === 'b') perSec /= 8n
  let usecs = 50000n
  if (interval !== null) {
    if (!/^[0-9]+[mu]?s?$/.test(interval)) return err('invalid replenishment interval', interval)
    const i = strtoulBase(interval, 0)
    let v = i.value
    if (v === 0n || v > UINT32_MAX || v === ULONG_MAX) return err('replenishment interval overflow', interval)
    const u = interval[i.end]
    if (u === 's' || u === undefined) v *= 1000n * 1000n
    else if (u === 'm') v *= 1000n
    if (v > UINT32_MAX) return err('replenishment interval overflow', interval)
    usecs = v
  }
  if (usecs !== 0n && perSec > UINT64_MAX / usecs) return err('rate overflow', rate)
  nic.rate_interval_usecs = Number(usecs)
  nic.rate_bytes_per_interval = Number((perSec * usecs) / 1000000n)
  return {lines: [], exit: null}
}

/** parse_ulong (xl_parse.c): base 10, the whole of ULONG_MAX refused. */
function parseUlong(str: string): {value: number} | SpecOutcome {
  const r = strtoulBase(str, 10)
  if (r.end === 0 || r.value === ULONG_MAX) return {lines: [`xl: failed to convert "${str}" to number`], exit: 1}
  return {value: Number(BigInt.asIntN(32, r.value))}
}

/**
 * parse_nic_config: returns 1 (with its message) for a token it refuses,
 * as `xl network-attach` sees it; parse_config_data ignores that result.
 * `source` names the config for libxlu's rate messages.
 */
export function parseNicToken(nic: DeviceNic, source: string, token: string): SpecOutcome & {rc: 0 | 1} {
  const ok = {lines: [] as string[], exit: null, rc: 0 as const}
  const bad = (line: string) => ({lines: [line], exit: null, rc: 1 as const})
  let v: string | null
  if ((v = matchOption('type', token)) !== null) {
    if (v === 'vif') nic.nictype = 'vif'
    else if (v === 'ioemu') nic.nictype = 'vif_ioemu'
    else return bad('Invalid parameter `type\'.')
  } else if ((v = matchOption('mac', token)) !== null) {
    const mac: number[] = []
    let rest = v
    for (let i = 0; i < 6; i++) {
      const r = strtoulBase(rest, 16)
      const val = BigInt.asUintN(32, r.value)
      if (r.end === 0 || val > 255n) return bad('Invalid parameter `mac\'.')
      mac.push(Number(val))
      // oparg = endptr + 1: skips one character, whatever it is
      rest = rest.slice(r.end + 1)
    }
    nic.mac = mac.map(b => b.toString(16).padStart(2, '0')).join(':')
  } else if ((v = matchOption('bridge', token)) !== null) nic.bridge = v
  else if ((v = matchOption('netdev', token)) !== null) {
    nic.gatewaydev = v
    return {...ok, lines: ['the netdev parameter is deprecated, please use gatewaydev instead']}
  } else if ((v = matchOption('gatewaydev', token)) !== null) nic.gatewaydev = v
  else if ((v = matchOption('ip', token)) !== null) nic.ip = v
  else if ((v = matchOption('script', token)) !== null) nic.script = v
  else if ((v = matchOption('backend', token)) !== null) nic.backend_domname = v
  else if ((v = matchOption('vifname', token)) !== null) nic.ifname = v
  else if ((v = matchOption('model', token)) !== null) nic.model = v
  else if ((v = matchOption('rate', token)) !== null) {
    const r = parseVifRate(source, v, nic)
    return {...r, rc: 0}
  } else if (COLO_KEYS.some(k => (v = matchOption(k, token)) !== null)) {
    const key = COLO_KEYS.find(k => matchOption(k, token) !== null)!
    if (key === 'forwarddev') nic.coloft_forwarddev = v!
    else nic.colo = {...nic.colo, [key]: v!}
  } else if (matchOption('accel', token) !== null) {
    return {...ok, lines: ['the accel parameter for vifs is currently not supported']}
  } else if ((v = matchOption('devid', token)) !== null) {
    const r = parseUlong(v)
    if ('exit' in r) return {...r, rc: 1}
    nic.devid = r.value
  } else if ((v = matchOption('mtu', token)) !== null) {
    const r = parseUlong(v)
    if ('exit' in r) return {...r, rc: 1}
    nic.mtu = r.value
  } else if (token === 'trusted') nic.trusted = true
  else if (token === 'untrusted') nic.trusted = false
  else return bad(`unrecognized argument \`${token}'`)
  return ok
}
