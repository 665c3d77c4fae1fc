// The device lists of xl.cfg, read as parse_config_data (tools/xl/xl_parse.c,
// Xen 4.17) reads them, in its order: pci, disk, vtpm, vdispl, channel, vif,
// vfb, usbctrl, usbdev, vkb. Messages go to stderr as xl prints them; a
// fatal one ends the parse with xl's exit code.
import {getList, getListItem, getLong, valueGetList, type ParsedConfig} from '../libxlu/values.js'
import {parseDisk} from '../libxlu/disk.js'
import {newPci, parsePciSpec} from '../libxlu/pci.js'
import {noDevices, type DeviceNic, type DomainDevices} from '../libxl/device-types.js'
import {strtok} from './cstr.js'
import {parseNicToken, type SpecOutcome} from './parse-nic.js'
import {parseVtpmItem} from './parse-vtpm.js'
import {parseChannelItem} from './parse-channel.js'
import {parseVfbItem} from './parse-vfb.js'
import {checkVkb, parseVkbToken} from './parse-vkb.js'
import {parseUsbctrlToken, parseUsbdevToken} from './parse-usb.js'
import {checkVdispl, parseVdisplToken} from './parse-vdispl.js'
import {noParams, parseVsndItem} from './parse-vsnd.js'

/** A fatal device-spec error: the lines xl printed (after the warnings so far) and its exit code. */
export class DeviceSpecError extends Error {
  constructor(readonly lines: string[], readonly exitCode: number) {
    super(lines.join('\n'))
  }
}

/** The string items of list `key` (xlu_cfg_get_listitem stops at the first non-string). */
function items(cfg: ParsedConfig, key: string): string[] | null {
  const r = getList(cfg, key)
  if (!r.ok) return null
  const out: string[] = []
  for (let i = 0; ; i++) {
    const it = getListItem(r.value, i)
    if (it === null) return out
    out.push(it)
  }
}

/** Splits an item into tokens as xl's loops do: strtok on ',' and leading blanks skipped. */
const tokens = (item: string): string[] => strtok(item, ',').map(t => t.replace(/^ +/, ''))

/**
 * Reads every device list of `cfg`. Non-fatal messages are appended to
 * `warnings`; a fatal one throws DeviceSpecError.
 */
export function parseDevices(cfg: ParsedConfig, type: 'pv' | 'pvh' | 'hvm', warnings: string[]): DomainDevices {
  const dev = noDevices()
  const take = (o: SpecOutcome): void => {
    if (o.exit !== null) throw new DeviceSpecError([...o.lines], o.exit)
    warnings.push(...o.lines)
  }
  const long = (k: string): number => {
    const r = getLong(cfg, k)
    return r.ok ? r.value : 0
  }
  const pciDefaults = {
    msitranslate: long('pci_msitranslate') !== 0, power_mgmt: long('pci_power_mgmt') !== 0,
    permissive: long('pci_permissive') !== 0, seize: long('pci_seize') !== 0,
  }
  for (const buf of items(cfg, 'pci') ?? []) {
    const pci = newPci()
    for (const [k, v] of Object.entries(pciDefaults)) if (v) (pci as unknown as Record<string, boolean>)[k] = true
    const r = parsePciSpec(buf, pci)
    if (r.rc) throw new DeviceSpecError([`${r.report}unable to parse PCI_SPEC_STRING \`${buf}' for passthrough`], -r.rc)
    dev.pcidevs.push(r.pci)
  }
  void type

  for (const buf of items(cfg, 'disk') ?? []) {
    const r = parseDisk([buf], cfg.source)
    if (r.failed) throw new DeviceSpecError(r.errors, 1)
    dev.disks.push(r.disk)
  }

  for (const buf of items(cfg, 'vtpm') ?? []) {
    const vtpm = {devid: dev.vtpms.length}
    take(parseVtpmItem(vtpm, buf))
    dev.vtpms.push(vtpm)
  }

  for (const buf of items(cfg, 'vdispl') ?? []) {
    const vdispl = {devid: dev.vdispls.length, connectors: []}
    for (const t of tokens(buf)) take(parseVdisplToken(vdispl, t))
    take(checkVdispl(vdispl))
    dev.vdispls.push(vdispl)
  }

  // parse_vsnd_config: a list of cards, each a list of items
  const vsnds = getList(cfg, 'vsnd')
  if (vsnds.ok) {
    for (const card of vsnds.value) {
      const list = valueGetList(cfg, card)
      if (!list.ok) throw new DeviceSpecError(['Failed to get vsnd card list: Invalid argument'], 1)
      const vsnd = {devid: dev.vsnds.length, params: noParams(), pcms: []}
      dev.vsnds.push(vsnd)
      for (let i = 0; ; i++) {
        const it = getListItem(list.value, i)
        if (it === null) break
        const r = parseVsndItem(vsnd, it)
        if (r.exit !== null) throw new DeviceSpecError(r.lines, r.exit === -1 ? 1 : r.exit)
      }
    }
  }

  for (const buf of items(cfg, 'channel') ?? []) {
    const chn = {devid: dev.channels.length, connection: 'unknown' as const}
    take(parseChannelItem(chn, buf))
    dev.channels.push(chn)
  }

  for (const buf of items(cfg, 'vif') ?? []) {
    const nic: DeviceNic = {devid: dev.nics.length}
    // parse_config_data ignores what parse_nic_config returns: a bad token is only reported.
    for (const t of tokens(buf)) take(parseNicToken(nic, cfg.source, t))
    dev.nics.push(nic)
  }

  const vif2 = getList(cfg, 'vif2')
  if (vif2.ok) warnings.push('WARNING: vif2: netchannel2 is deprecated and not supported by xl')

  for (const buf of items(cfg, 'vfb') ?? []) {
    const vfb = {devid: dev.vfbs.length, vnc: {}, sdl: {}}
    dev.vkbs.push({devid: dev.vkbs.length})
    parseVfbItem(vfb, buf)
    dev.vfbs.push(vfb)
  }

  for (const buf of items(cfg, 'usbctrl') ?? []) {
    const c = {type: 'auto' as const, devid: dev.usbctrls.length}
    for (const t of tokens(buf)) take(parseUsbctrlToken(c, t))
    dev.usbctrls.push(c)
  }

  for (const buf of items(cfg, 'usbdev') ?? []) {
    // ARRAY_EXTEND_INIT_NODEVID: ctrl stays at its init value -1
    const d = {ctrl: -1, type: 'hostdev' as const}
    for (const t of tokens(buf)) take(parseUsbdevToken(d, t))
    dev.usbdevs.push(d)
  }

  for (const buf of items(cfg, 'vkb') ?? []) {
    const vkb = {devid: dev.vkbs.length}
    for (const t of tokens(buf)) take(parseVkbToken(vkb, t))
    take(checkVkb(vkb, true))
    dev.vkbs.push(vkb)
  }
  return dev
}
