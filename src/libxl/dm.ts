// The device model (QEMU in dom0) a domain has, as far as the xl commands
// that talk to it can tell: an HVM guest always has one (it emulates the
// machine), a PV guest only when QEMU serves one of its backends (a vfb),
// a PVH guest none here. libxl reaches it through its QMP socket,
// /var/run/xen/qmp-libxl-<domid> (libxl__qemu_qmp_path), and finds its VNC
// port in xenstore (/local/domain/<domid>/console/vnc-port, written by QEMU).
import type {Domain} from '../hypervisor/domain.js'
import {devicesOf} from './devices.js'

export function qmpSocketPath(domid: number): string {
  return `/var/run/xen/qmp-libxl-${domid}`
}

export function hasDeviceModel(d: Domain): boolean {
  if (d.type === 'hvm') return true
  return devicesOf(d, false).vfbs.length > 0
}

/**
 * The VNC port QEMU wrote, if it serves VNC: HVM guests have vnc on unless
 * their config says vnc=0 (libxl__domain_build_info_setdefault); PV guests
 * with a vfb that has vnc on.
 */
export function vncPort(d: Domain): number | null {
  if (d.type === 'hvm') return d.config.vnc === 0 || d.config.vnc === false ? null : 5900 + d.domid
  // libxl__device_vfb_setdefault: vnc.enable defaults to true
  const on = devicesOf(d, false).vfbs.some(a => a.cfg.vnc.enable !== false)
  return on ? 5900 + d.domid : null
}

/**
 * QEMU's human monitor, for the few commands whose answer the simulated
 * machine knows (hmp-commands-info: `info status`, `info name`); any other
 * command gets QEMU's own refusal.
 */
export function humanMonitorCommand(d: Domain, commandLine: string): string {
  const words = commandLine.trim().split(/\s+/)
  // QEMU's own run state: `xl pause` stops the vCPUs in Xen, not QEMU.
  if (words[0] === 'info' && words[1] === 'status') return 'VM status: running\r\n'
  if (words[0] === 'info' && words[1] === 'name') return `${d.name}\r\n`
  return `unknown command: '${words.slice(0, words[0] === 'info' ? 2 : 1).join(' ')}'\r\n`
}

/**
 * What an HVM guest's QEMU saves (xen-save-devices-state, libxl's
 * EMULATOR_CONTEXT record) as far as the model's device model goes: the
 * emulated drives with their media, and the emulated NICs. QEMU loads it
 * only into the same machine (its savevm sections must all match).
 */
export interface DmState {
  drives: {vdev: string; cdrom: boolean; medium: string}[]
  nics: {devid: number; model: string; mac: string}[]
}

export function dmSaveState(d: Domain): DmState {
  const s = devicesOf(d, false)
  return {
    drives: s.disks.map(a => ({vdev: a.cfg.vdev ?? '', cdrom: a.cfg.is_cdrom === 1, medium: a.cfg.pdev_path ?? ''})),
    nics: s.nics.filter(a => a.cfg.nictype === 'vif_ioemu').map(a => ({devid: a.live.devid, model: a.cfg.model ?? 'rtl8139', mac: a.cfg.mac ?? ''})),
  }
}

/** Which emulated device of the saved state the machine QEMU is started for lacks (or has in excess), if any. */
export function dmStateMismatch(saved: DmState, now: DmState): string | null {
  const drives = (x: DmState) => x.drives.map(v => `${v.cdrom ? 'cdrom' : 'disk'} ${v.vdev}`).sort()
  // savevm sections are matched by device and instance: a NIC's MAC is in its state, not in the match
  const nics = (x: DmState) => x.nics.map(n => `nic ${n.devid} (${n.model})`).sort()
  for (const [a, b] of [[drives(saved), drives(now)], [nics(saved), nics(now)]]) {
    const gone = a.find(x => !b.includes(x))
    if (gone) return `${gone} is not in the domain's configuration`
    const extra = b.find(x => !a.includes(x))
    if (extra) return `${extra} was not in the saved machine`
  }
  return null
}
