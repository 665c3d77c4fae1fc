// cd_insert (tools/xl/xl_cdrom.c): the spec "vdev=V,access=r,devtype=cdrom,
// target=PATH" through libxlu (config source "command line"), xl's own
// stat() of a non-empty image, then libxl_cdrom_insert (libxl_disk.c): an
// HVM guest's cdrom drive of that name takes the new medium.
import {statSync} from 'node:fs'
import type {Ctx} from './command.js'
import {XlError} from '../libxl/errors.js'
import {findDomain} from '../libxl/domain.js'
import {parseDisk} from '../libxlu/disk.js'
import {devicesOf} from '../libxl/devices.js'
import {libxlLine} from '../libxl/log.js'

export function cdInsert(c: Ctx, dom: string, vdev: string, phys: string | null): number | void {
  c.host(h => {
    const d = findDomain(h, dom)
    const r = parseDisk([`vdev=${vdev},access=r,devtype=cdrom,target=${phys ?? ''}`], 'command line')
    if (r.failed) throw new XlError(r.errors, 1)
    const disk = r.disk
    if (disk.format !== 'empty') {
      try {
        statSync(disk.pdev_path ?? '')
      } catch {
        throw new XlError(`Cannot stat file: ${disk.pdev_path ?? '(null)'}`, 1)
      }
    }
    if (d.type !== 'hvm') {
      throw new XlError(libxlLine('error', 'libxl_disk.c:838:libxl_cdrom_insert', d.domid, 'cdrom-insert requires an HVM domain'), 1)
    }
    const drive = devicesOf(d).disks.find(a => a.cfg.is_cdrom && a.cfg.vdev === disk.vdev)
    if (!drive) throw new XlError(libxlLine('error', 'libxl_disk.c:866:libxl_cdrom_insert', d.domid, 'Virtual device not found'), 1)
    // libxl_device_disk_merge keeps what the drive now holds in the saved config
    drive.cfg = {...drive.cfg, pdev_path: disk.pdev_path ?? '', format: disk.format}
  })
}
