// libxl's device numbering and defaults (libxl_device.c, libxl_nic.c,
// libxl_usb.c, Xen 4.17), on their own.
import {describe, expect, it} from 'vitest'
import {diskDevNumber, nicSetDefault, LibxlFailure} from '../../src/libxl/devices.js'
import {usbctrlSetDefault} from '../../src/libxl/devices-add.js'
import {bootHost} from '../../src/libxl/host-boot.js'
import {DEFAULT_HOST_CONFIG} from '../../src/hypervisor/host.js'
import type {Domain} from '../../src/hypervisor/domain.js'

describe('libxl__device_disk_dev_number', () => {
  it.each([
    ['xvda', 202 << 8], ['xvdb', (202 << 8) | 16], ['xvda1', (202 << 8) | 1], ['xvdp15', (202 << 8) | (15 << 4) | 15],
    // past 16 disks or 15 partitions: the extended encoding
    ['xvdq', (1 << 28) | (16 << 8)], ['xvda16', (1 << 28) | 16], ['xvdaa', (1 << 28) | (26 << 8)],
    ['d0p0', 202 << 8], ['d3p2', (202 << 8) | (3 << 4) | 2],
    ['hda', 3 << 8], ['hdb', (3 << 8) | 64], ['hdc', 22 << 8], ['hdd1', (22 << 8) | 65],
    ['sda', 8 << 8], ['sdb2', (8 << 8) | 18],
    // a plain number is taken as it is (strtoul base 0)
    ['51712', 51712], ['0xca00', 51712],
  ])('%s -> %i', (vdev, n) => {
    expect(diskDevNumber(vdev)).toBe(n)
  })
  it.each(['', 'floppy0', 'xvda0', 'hde', 'sdq', 'xvd-a', 'hda64'])('%j is not a disk', vdev => {
    expect(diskDevNumber(vdev)).toBe(-1)
  })
})

describe('libxl__device_nic_setdefault', () => {
  const host = bootHost({...DEFAULT_HOST_CONFIG, arch: 'x86_64'})
  it('fills mtu, model, a Xen OUI mac, xenbr0, vif-bridge, and the nictype of the guest type', () => {
    const pv = nicSetDefault(host, 1, 'pv', {devid: 0}, false, 0)
    expect(pv).toMatchObject({mtu: 1500, model: 'rtl8139', bridge: 'xenbr0', script: '/etc/xen/scripts/vif-bridge', nictype: 'vif', backend_domid: 0, trusted: true})
    expect(pv.mac).toMatch(/^00:16:3e:[0-7][0-9a-f]:[0-9a-f]{2}:[0-9a-f]{2}$/)
    expect(nicSetDefault(host, 1, 'hvm', {devid: 0}, false, 0).nictype).toBe('vif_ioemu')
    expect(nicSetDefault(host, 1, 'hvm', {devid: 0}, true, 0).nictype).toBe('vif')
  })
  it('an emulated nic on a PV guest', () => {
    expect(() => nicSetDefault(host, 1, 'pv', {devid: 0, nictype: 'vif_ioemu'}, false, 2)).toThrow(LibxlFailure)
    try {
      nicSetDefault(host, 1, 'pv', {devid: 0, nictype: 'vif_ioemu'}, false, 2)
    } catch (e) {
      expect((e as LibxlFailure).lines).toEqual([
        'libxl: error: libxl_nic.c:107:libxl__device_nic_setdefault: Domain 1:trying to create PV or PVH guest with an emulated interface',
        'libxl: error: libxl_nic.c:520:libxl__device_nic_set_devids: Domain 1:Unable to set nic defaults for nic 2',
      ])
    }
  })
})

describe('libxl__device_usbctrl_setdefault', () => {
  const dom = (type: Domain['type']) => ({type}) as Domain
  it('auto is qusb for PV (Linux has no usbback), devicemodel for HVM; version 2, 8 ports', () => {
    expect(usbctrlSetDefault(dom('pv'), {type: 'auto', devid: 0})).toEqual({type: 'qusb', devid: 0, version: 2, ports: 8})
    expect(usbctrlSetDefault(dom('hvm'), {type: 'auto', devid: 0})).toEqual({type: 'devicemodel', devid: 0, version: 2, ports: 8})
    expect(usbctrlSetDefault(dom('hvm'), {type: 'auto', devid: 0, version: 1})).toMatchObject({ports: 2})
  })
  it.each([
    [{version: 3}, 'libxl: error: libxl_usb.c:67:libxl__device_usbctrl_setdefault: USB version for paravirtualized devices must be 1 or 2'],
    [{ports: 32}, 'libxl: error: libxl_usb.c:75:libxl__device_usbctrl_setdefault: Number of ports for USB controller is limited to 31'],
  ])('%j', (extra, line) => {
    try {
      usbctrlSetDefault(dom('pv'), {type: 'pv', devid: 0, ...extra})
      expect.unreachable()
    } catch (e) {
      expect((e as LibxlFailure).lines).toEqual([line])
    }
  })
})
