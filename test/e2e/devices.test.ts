// Devices through the built CLI: xl.cfg's device lists, `xl list -l`, the
// *-list formats of tools/xl (Xen 4.17), hot-plug with its real errors,
// cd-insert/eject, PCI passthrough against the host inventory, and xentop's
// NETS/VBDS. Formats and messages cite their source (file:line at
// RELEASE-4.17.0).
import {describe, expect, it} from 'vitest'
import {cfg, tempHosts, type TempHost} from '../helpers/cli.js'

const newHost = tempHosts()

function ok(h: TempHost, ...args: string[]): string {
  const r = h.xl(...args)
  expect(r.code, `xl ${args.join(' ')}: ${r.stderr}`).toBe(0)
  return r.stdout
}

function host(...initArgs: string[]): TempHost {
  const h = newHost()
  ok(h, 'host', 'init', '--force', '--arch', 'x86_64', '--clock', 'manual', ...initArgs)
  return h
}

/** A PV guest `g` (2 vCPUs) with a disk image, two vifs, a vtpm, a channel and a vfb. */
function guest(h: TempHost, extra = '', ...createArgs: string[]): string {
  const img = h.file('disk.img', '')
  const file = h.file('g.cfg', cfg({name: 'g', memory: 256, vcpus: 2}) +
    `disk = ['${img},raw,xvda,rw', 'vdev=xvdb,access=ro,target=${img}']\n` +
    'vif = [\'mac=00:16:3e:01:02:03,bridge=xenbr0\', \'model=e1000\']\n' +
    'vtpm = [\'backend=Domain-0,uuid=5b2c1a4e-0f1d-4c8a-9e3b-2a6f7d8c9e01\']\n' +
    'channel = [\'name=org.qemu.guest_agent.0,connection=pty\']\n' +
    'vfb = [\'vnc=1\']\n' + extra)
  ok(h, 'create', file, ...createArgs)
  return img
}

// The headers, from the printf formats of tools/xl.
/** xl_block.c:54 */
const BLOCK_HEADER = 'Vdev  BE  handle state evt-ch ring-ref BE-path                       \n'
/** xl_nic.c:93 */
const NETWORK_HEADER = 'Idx BE Mac Addr.         handle state evt-ch   tx-/rx-ring-ref BE-path                       \n'
/** xl_vtpm.c:80 */
const VTPM_HEADER = 'Idx BE Uuid                                 handle state evt-ch ring-ref BE-path   \n'
/** xl_vkb.c:86 */
const VKB_HEADER = 'Idx BE handle state evt-ch    ref ID         BE-type    BE-path                       \n'
/** xl_console.c:97 */
const CHANNEL_HEADER = 'Idx BE state evt-ch ring-ref connection                               \n'

describe('xl.cfg devices', () => {
  it('a running guest\'s disks, nics, vtpm, channel and vkb in tools/xl\'s formats: state 4 (connected), rings from the frontend', () => {
    const h = host()
    guest(h)
    // A 2-vCPU Linux guest has bound 3 + 6*2 event channels before its PV devices; grants start at 8.
    // xl_block.c:67 "%-5d %-3d %-6d %-5d %-6d %-8d %-30s\n"
    expect(ok(h, 'block-list', 'g')).toBe(BLOCK_HEADER +
      '51712 0   1      4     15     8        /local/domain/0/backend/vbd/1/51712\n' +
      '51728 0   1      4     16     9        /local/domain/0/backend/vbd/1/51728\n')
    // xl_nic.c:104-110: "%-3d %-2d ", the MAC, "%6d %5d %6d %5d/%-11d %-30s\n"
    const nets = ok(h, 'network-list', 'g')
    expect(nets.split('\n')[0] + '\n').toBe(NETWORK_HEADER)
    expect(nets.split('\n')[1]).toBe('0   0  00:16:3e:01:02:03     0     4     17    10/11          /local/domain/0/backend/vif/1/0')
    expect(nets.split('\n')[2]).toMatch(/^1 {3}0 {2}00:16:3e:[0-7][0-9a-f]:[0-9a-f]{2}:[0-9a-f]{2} {5}1 {5}4 {5}18 {4}12\/13 {10}\/local\/domain\/0\/backend\/vif\/1\/1$/)
    // xl_vtpm.c:92 "%-3d %-2d " LIBXL_UUID_FMT " %6d %5d %6d %8d %-30s\n"
    expect(ok(h, 'vtpm-list', 'g')).toBe(VTPM_HEADER +
      '0   0  5b2c1a4e-0f1d-4c8a-9e3b-2a6f7d8c9e01      0     4     19       14 /local/domain/0/backend/vtpm/1/0\n')
    // xl_console.c:106-119: a pty channel shows its tty
    expect(ok(h, 'channel-list', 'g')).toBe(CHANNEL_HEADER + '0   0  4     22     17       pty        /dev/pts/1                     \n')
    // xl_vkb.c:98 (the vfb's keyboard: no unique-id; libxl_vkb.c:20 makes its backend qemu's)
    expect(ok(h, 'vkb-list', 'g')).toBe(VKB_HEADER + '0   0       0     4     21     16 (null)     qemu       /local/domain/0/backend/vkbd/1/0\n')
  })

  it('a guest created paused has not connected its frontends: state 1, no rings (-1)', () => {
    const h = host()
    guest(h, '', '-p')
    expect(ok(h, 'block-list', 'g').split('\n')[1]).toBe('51712 0   1      1     -1     -1       /local/domain/0/backend/vbd/1/51712')
    ok(h, 'unpause', 'g')
    expect(ok(h, 'block-list', 'g').split('\n')[1]).toBe('51712 0   1      4     15     8        /local/domain/0/backend/vbd/1/51712')
  })

  it('xl list -l keeps the devices as xl gave them, with the nic fields libxl updates (devid, nictype, mac) and the vtpm\'s', () => {
    const h = host()
    guest(h)
    const [dom] = JSON.parse(ok(h, 'list', '-l', 'g')) as [{config: Record<string, unknown>}]
    const c = dom.config
    expect(Object.keys(c)).toEqual(['c_info', 'b_info', 'disks', 'nics', 'vfbs', 'vkbs', 'vtpms', 'channels', 'on_reboot', 'on_soft_reset'])
    expect(c.disks).toEqual([
      {pdev_path: expect.stringMatching(/disk\.img$/), vdev: 'xvda', format: 'raw', readwrite: 1},
      {pdev_path: expect.stringMatching(/disk\.img$/), vdev: 'xvdb', format: 'raw'},
    ])
    expect((c.nics as object[])[0]).toEqual({devid: 0, mac: '00:16:3e:01:02:03', bridge: 'xenbr0', nictype: 'vif'})
    expect((c.nics as {model: string}[])[1]!.model).toBe('e1000')
    expect(c.channels).toEqual([{devid: 0, name: 'org.qemu.guest_agent.0', 'connection.pty': {}}])
  })

  it('disk=["this is not a disk spec,,,,"] parses (libxlu_disk_l.l\'s positional rule), then libxl cannot stat it: the create fails', () => {
    const h = host()
    const file = h.file('bad.cfg', 'name = "bad"\nmemory = 128\ndisk = ["this is not a disk spec,,,,"]\n')
    const r = h.xl('create', file)
    expect(r.code).toBe(3)
    expect(r.stderr).toBe(`Parsing config from ${file}\n` +
      // libxl_device.c:455 (LOGE: ": <strerror>"), libxl_create.c:1316
      'libxl: error: libxl_device.c:455:libxl__device_disk_set_backend: Disk vdev= failed to stat: this is not a disk spec: No such file or directory\n' +
      'libxl: error: libxl_create.c:1316:initiate_domain_create: Domain 1:Unable to set disk defaults for disk 0\n' +
      'libxl: error: libxl_domain.c:1183:libxl__destroy_domid: Domain 1:Non-existant domain\n' +
      'libxl: error: libxl_domain.c:1137:domain_destroy_callback: Domain 1:Unable to destroy guest\n' +
      'libxl: error: libxl_domain.c:1064:domain_destroy_cb: Domain 1:Destruction of domain failed\n')
    expect(ok(h, 'list')).not.toContain('bad')
  })

  it('a libxlu disk syntax error stops xl create with exit 1 (xl_parse.c:112)', () => {
    const h = host()
    const file = h.file('bad.cfg', 'name = "bad"\nmemory = 128\ndisk = ["bogus=1"]\n')
    const r = h.xl('create', file)
    expect([r.code, r.stdout]).toEqual([1, ''])
    expect(r.stderr).toBe(`Parsing config from ${file}\n${file}: config parsing error in disk specification: unknown parameter: near \`bogus=1' in \`bogus=1'\n`)
  })

  it('vif=["bogus=1"]: parse_nic_config complains (xl_parse.c:571) and parse_config_data goes on (xl_parse.c:2299)', () => {
    const h = host()
    const file = h.file('v.cfg', 'name = "v"\nmemory = 128\nvif = ["bogus=1"]\n')
    const r = h.xl('create', file)
    expect(r.code).toBe(0)
    expect(r.stderr).toBe(`Parsing config from ${file}\nunrecognized argument \`bogus=1'\n`)
    expect(ok(h, 'network-list', 'v').split('\n').length).toBe(3)
  })

  it('an invalid vdev fails at the add (libxl_disk.c:214, :335; libxl_create.c:1670)', () => {
    const h = host()
    const img = h.file('d.img', '')
    const file = h.file('v.cfg', `name = "v"\nmemory = 128\ndisk = ["${img},raw,floppy0,rw"]\n`)
    const r = h.xl('create', file)
    expect(r.code).toBe(3)
    expect(r.stderr.split('\n').slice(1, 4)).toEqual([
      'libxl: error: libxl_disk.c:214:libxl__device_from_disk: Domain 1:Invalid or unsupported virtual disk identifier floppy0',
      'libxl: error: libxl_disk.c:335:device_disk_add: Domain 1:Invalid or unsupported virtual disk identifier floppy0',
      'libxl: error: libxl_create.c:1670:domcreate_launch_dm: Domain 1:unable to add disk devices',
    ])
  })

  it('usbdev= fails the create: the simulated host has no USB devices (libxl_usb.c:1732, libxl_create.c:1919)', () => {
    const h = host()
    const r = h.xl('create', h.file('u.cfg', 'name = "u"\nmemory = 128\nusbctrl = ["version=2"]\nusbdev = ["hostbus=1,hostaddr=2"]\n'))
    expect(r.code).toBe(3)
    expect(r.stderr.split('\n').slice(1, 3)).toEqual([
      'libxl: error: libxl_usb.c:1732:libxl__device_usbdev_add: Domain 1:USB device is not assignable.',
      'libxl: error: libxl_create.c:1919:domcreate_attach_devices: Domain 1:unable to add vusb devices',
    ])
  })

  it('xl create -n shows the devices as parsed, before libxl\'s defaults', () => {
    const h = host()
    const file = h.file('n.cfg', 'name = "n"\nmemory = 128\nvif = ["bridge=br0"]\nusbctrl = ["version=1,ports=2"]\nusbdev = ["hostbus=2,hostaddr=3,controller=0,port=1"]\n')
    const json = JSON.parse(ok(h, 'create', '-n', file)) as Record<string, unknown>
    expect(json.nics).toEqual([{devid: 0, bridge: 'br0'}])
    expect(json.usbctrls).toEqual([{devid: 0, version: 1, ports: 2}])
    expect(json.usbdevs).toEqual([{ctrl: 0, port: 1, 'type.hostdev': {hostbus: 2, hostaddr: 3}}])
  })
})

describe('reboot', () => {
  it('a rebooted domain keeps its devices; after `xl config-update` it is rebuilt with the new ones', () => {
    const h = host()
    ok(h, 'create', '-q', h.file('r.cfg', 'name = "r"\nmemory = 128\nvif = ["mac=00:16:3e:00:00:01"]\n'))
    ok(h, 'reboot', 'r')
    ok(h, 'clock', 'advance', '5s')
    expect(ok(h, 'network-list', 'r').split('\n')[1]).toMatch(/^0 {3}0 {2}00:16:3e:00:00:01 .*\/backend\/vif\/2\/0$/)
    ok(h, 'config-update', 'r', h.file('r2.cfg', 'name = "r"\nmemory = 128\nvif = ["mac=00:16:3e:00:00:02"]\ndisk = ["/dev/null,raw,xvda,r"]\n'))
    ok(h, 'reboot', 'r')
    ok(h, 'clock', 'advance', '5s')
    expect(ok(h, 'network-list', 'r').split('\n')[1]).toMatch(/^0 {3}0 {2}00:16:3e:00:00:02 .*\/backend\/vif\/3\/0$/)
    // /dev/null is a character device: not for phy (libxl_linux.c:31), so qdisk serves it
    expect(ok(h, 'block-list', 'r').split('\n')[1]).toMatch(/\/local\/domain\/0\/backend\/qdisk\/3\/51712$/)
  })
})

describe('hot-plug', () => {
  it('block-attach / block-list / block-detach, with libxl\'s and xl\'s errors', () => {
    const h = host()
    const img = guest(h)
    ok(h, 'block-attach', 'g', `${img},raw,xvdc,rw`)
    expect(ok(h, 'block-list', 'g')).toContain('\n51744 0   1      4     23     18       /local/domain/0/backend/vbd/1/51744\n')
    let r = h.xl('block-attach', 'g', `${img},raw,xvdc,rw`)
    expect([r.code, r.stderr]).toEqual([1,
      'libxl: error: libxl_disk.c:343:device_disk_add: Domain 1:device already exists in xenstore\n' +
      'libxl: error: libxl_device.c:1486:device_addrm_aocomplete: unable to add device\n' +
      'libxl_device_disk_add failed.\n']) // xl_block.c:50
    r = h.xl('block-attach', 'g', '/no/such/file,raw,xvdd')
    expect(r.stderr.split('\n')[0]).toBe('libxl: error: libxl_device.c:455:libxl__device_disk_set_backend: Disk vdev=xvdd failed to stat: /no/such/file: No such file or directory')
    r = h.xl('block-attach', 'nosuch', `${img},raw,xvdd`)
    expect([r.code, r.stderr]).toEqual([1, 'nosuch is an invalid domain identifier\n']) // xl_block.c:33
    r = h.xl('block-attach', 'g', 'vdev=xvdd,oops=1')
    expect([r.code, r.stderr]).toEqual([1, 'command line: config parsing error in disk specification: unknown parameter: near `oops=1\' in `vdev=xvdd,oops=1\'\n'])
    ok(h, 'block-detach', 'g', 'xvdc')
    expect(ok(h, 'block-list', 'g')).not.toContain('51744')
    r = h.xl('block-detach', 'g', 'xvdc')
    expect([r.code, r.stderr]).toEqual([1, 'Error: Device xvdc not connected.\n']) // xl_block.c:104
  })

  it('xl -N block-attach prints the disk as libxl JSON (xl_block.c:42)', () => {
    const h = host()
    const img = guest(h)
    expect(ok(h, '-N', 'block-attach', 'g', `${img},raw,xvdc,rw`)).toBe(`disk: {\n    "pdev_path": "${img}",\n    "vdev": "xvdc",\n    "format": "raw",\n    "readwrite": 1\n}\n\n`)
    expect(ok(h, 'block-list', 'g')).not.toContain('51744')
  })

  it('network-attach / network-detach by devid and by mac', () => {
    const h = host()
    guest(h)
    ok(h, 'network-attach', 'g', 'mac=00:16:3e:0a:0b:0c', 'bridge=br1')
    expect(ok(h, 'network-list', 'g').split('\n')[3]).toBe('2   0  00:16:3e:0a:0b:0c     2     4     23    18/19          /local/domain/0/backend/vif/1/2')
    let r = h.xl('network-attach', 'g', 'type=ioemu')
    expect([r.code, r.stderr]).toEqual([1,
      'libxl: error: libxl_nic.c:107:libxl__device_nic_setdefault: Domain 1:trying to create PV or PVH guest with an emulated interface\n' +
      'libxl: error: libxl_device.c:1486:device_addrm_aocomplete: unable to add device\n' +
      'libxl_device_nic_add failed.\n']) // xl_nic.c:74
    r = h.xl('network-attach', 'g', 'colour=blue')
    expect([r.code, r.stderr]).toEqual([1, 'unrecognized argument `colour=blue\'\n'])
    ok(h, 'network-detach', 'g', '00:16:3e:0a:0b:0c')
    ok(h, 'network-detach', 'g', '1')
    expect(ok(h, 'network-list', 'g').split('\n').length).toBe(3)
    r = h.xl('network-detach', 'g', '7')
    expect([r.code, r.stderr]).toEqual([1, 'Unknown device 7.\n']) // xl_nic.c:134
  })

  it('vtpm, vkb, vdispl, usbctrl: attach, list, detach and their errors', () => {
    const h = host()
    guest(h)
    // each new frontend takes the next event channel and grant (23 and 18 here), freed ones are not reused
    ok(h, 'vtpm-attach', 'g', 'backend=0')
    expect(ok(h, 'vtpm-list', 'g').split('\n')).toHaveLength(4)
    expect(h.xl('vtpm-attach', 'g', 'uuid=x')).toMatchObject({code: 1, stderr: 'Invalid uuid specified (x)\n'}) // xl_vtpm.c:43
    ok(h, 'vtpm-detach', 'g', '1')
    expect(h.xl('vtpm-detach', 'g', '1')).toMatchObject({code: 1, stderr: 'Unknown device 1.\n'})
    ok(h, 'vkb-attach', 'g', 'backend-type=linux', 'unique-id=kbd1')
    expect(ok(h, 'vkb-list', 'g').split('\n')[2]).toBe('1   0       1     4     24     19 kbd1       linux      /local/domain/0/backend/vkbd/1/1')
    // xl_vkb.c:41: parse_vkb_config's -1 is the exit code (255); xl_vkb.c:47 ERROR_FAIL (253)
    expect(h.xl('vkb-attach', 'g', 'keys=1')).toMatchObject({code: 255, stderr: 'Unknown string "keys=1" in vkb spec\n'})
    expect(h.xl('vkb-attach', 'g', 'unique-id=x')).toMatchObject({code: 253, stderr: 'backend-type should be set\n'})
    expect(h.xl('vkb-detach', 'g', '9')).toMatchObject({code: 253, stderr: 'Error: Device 9 not connected.\n'}) // xl_vkb.c:136
    ok(h, 'vdispl-attach', 'g', 'connectors=id0:1920x1080')
    // xl_vdispl.c:89-103
    expect(ok(h, 'vdispl-list', 'g')).toBe('DevId: 0, BE: 0, handle: 1, state: 4, be-alloc: 0, BE-path: /local/domain/0/backend/vdispl/1/0, FE-path: /local/domain/1/device/vdispl/0\n' +
      '\tConnector: 0, id: id0, width: 1920, height: 1080, req-rref: 20, req-evtch: 25, evt-rref: 21, evt-evtch: 26\n')
    expect(h.xl('vdispl-attach', 'g', 'be-alloc=1')).toMatchObject({code: 253, stderr: 'At least one connector should be specified.\n'})
    ok(h, 'usbctrl-attach', 'g', 'ports=2')
    // xl_usb.c:177-196: the header before each controller; qusb for a PV guest (no usbback in Linux)
    expect(ok(h, 'usb-list', 'g')).toBe('Devid  Type         BE  state usb-ver ports\n0      qusb         0   4     2       2    \n  Port 1:\n  Port 2:\n')
    expect(h.xl('usbdev-attach', 'g', 'hostbus=1', 'hostaddr=2')).toMatchObject({code: 1, stderr:
      'libxl: error: libxl_usb.c:1732:libxl__device_usbdev_add: Domain 1:USB device is not assignable.\n' +
      'libxl: error: libxl_device.c:1486:device_addrm_aocomplete: unable to add device\nlibxl_device_usbdev_add failed.\n'})
    expect(h.xl('usbdev-detach', 'g', '0', '1')).toMatchObject({code: 1, stderr: 'Unknown device at controller 0 port 1.\n'})
    ok(h, 'usbctrl-detach', 'g', '0')
    expect(ok(h, 'usb-list', 'g')).toBe('')
  })

  it('vsnd-attach / vsnd-list / vsnd-detach (xl_vsnd.c:130-160: print_params puts the formats under "sample-rates")', () => {
    const h = host()
    guest(h)
    ok(h, 'vsnd-attach', 'g', 'card, short-name=Card,long-name=Virtual card,sample-rates=8000;44100', 'pcm, name=dev1',
      'stream, unique-id=0,type=p', 'stream, unique-id=1,type=c,sample-formats=s16_le;u8')
    expect(ok(h, 'vsnd-list', 'g')).toBe('\ndevid: 0, be-domid: 0, handle: 1, state: 4, be-path: /local/domain/0/backend/vsnd/1/0, fe-path: /local/domain/1/device/vsnd/0\n' +
      'short-name: "Card", long-name: "Virtual card", sample-rates: 8000;44100\n' +
      '\tpcm: 0, name: "dev1"\n' +
      '\t\tstream: 0, unique-id: "0", type: p\n\t\t\tevent-channel: 23, ring-ref: 18\n' +
      '\t\tstream: 1, unique-id: "1", type: c, sample-rates: s16_le;u8\n\t\t\tevent-channel: 24, ring-ref: 19\n')
    expect(h.xl('vsnd-attach', 'g', 'speaker')).toMatchObject({code: 255, stderr: 'Invalid key: speaker\n'})
    ok(h, 'vsnd-detach', 'g', '0')
    expect(ok(h, 'vsnd-list', 'g')).toBe('')
    expect(h.xl('vsnd-detach', 'g', '0')).toMatchObject({code: 253, stderr: 'Error: Device 0 not connected.\n'})
  })

  it('the list commands that take several domains: an unknown name is skipped (qualifier) or ends the command (find_domain)', () => {
    const h = host()
    guest(h)
    const r = h.xl('block-list', 'nosuch', 'g')
    expect(r.code).toBe(0)
    expect(r.stderr).toBe('nosuch is an invalid domain identifier\n') // xl_block.c:59
    expect(r.stdout.split('\n')).toHaveLength(4)
    const n = h.xl('network-list', 'nosuch', 'g')
    expect([n.code, n.stdout, n.stderr]).toEqual([1, NETWORK_HEADER, 'nosuch is an invalid domain identifier (rc=-6)\n'])
  })
})

describe('cd-insert and cd-eject', () => {
  it('a PV guest has no emulated cdrom (libxl_disk.c:838)', () => {
    const h = host()
    const img = guest(h)
    expect(h.xl('cd-insert', 'g', 'xvdb', img)).toMatchObject({code: 1,
      stderr: 'libxl: error: libxl_disk.c:838:libxl_cdrom_insert: Domain 1:cdrom-insert requires an HVM domain\n'})
    expect(h.xl('cd-insert', 'g', 'xvdb', '/no/such.iso')).toMatchObject({code: 1, stderr: 'Cannot stat file: /no/such.iso\n'}) // xl_cdrom.c:44
  })

  it('an HVM guest\'s drive takes a medium and gives it back; list -l follows', () => {
    const h = host()
    const iso = h.file('x.iso', '')
    const file = h.file('h.cfg', 'name = "h"\nmemory = 128\ntype = "hvm"\ndisk = [",raw,hdc:cdrom,r"]\n')
    ok(h, 'create', file)
    // a cdrom of an HVM guest is qdisk's (libxl_disk.c:192)
    expect(ok(h, 'block-list', 'h').split('\n')[1]).toBe('5632  0   1      4     9      8        /local/domain/0/backend/qdisk/1/5632')
    ok(h, 'cd-insert', 'h', 'hdc', iso)
    const disks = () => (JSON.parse(ok(h, 'list', '-l', 'h')) as [{config: {disks: object[]}}])[0].config.disks
    expect(disks()).toEqual([{pdev_path: iso, vdev: 'hdc', format: 'raw', removable: 1, is_cdrom: 1}])
    ok(h, 'cd-eject', 'h', 'hdc')
    expect(disks()).toEqual([{pdev_path: '', vdev: 'hdc', format: 'empty', removable: 1, is_cdrom: 1}])
    expect(h.xl('cd-insert', 'h', 'hdd', iso)).toMatchObject({code: 1,
      stderr: 'libxl: error: libxl_disk.c:866:libxl_cdrom_insert: Domain 1:Virtual device not found\n'})
  })
})

describe('PCI passthrough', () => {
  it('a host without PCI inventory: no pciback, no such device (libxl_pci.c:444, :792, :906)', () => {
    const h = host()
    guest(h)
    expect(h.xl('pci-assignable-list')).toEqual({code: 0, stdout: '',
      stderr: 'libxl: error: libxl_pci.c:444:libxl_device_pci_assignable_list: Looks like pciback driver not loaded\n'})
    expect(h.xl('pci-assignable-add', '03:00.0')).toMatchObject({code: 1,
      stderr: 'libxl: error: libxl_pci.c:792:libxl__device_pci_assignable_add: Couldn\'t lstat /sys/bus/pci/devices/0000:03:00.0: No such file or directory\n'})
    expect(h.xl('pci-assignable-add', 'zz')).toMatchObject({code: 2, stderr: 'pci-assignable-add: malformed BDF "zz"\n'}) // xl_pci.c:158
    expect(h.xl('pci-assignable-remove', '03:00.0')).toMatchObject({code: 1,
      stderr: 'libxl: error: libxl_pci.c:906:libxl__device_pci_assignable_remove: failed to de-quarantine 0000:03:00.0\n'})
    expect(h.xl('pci-attach', 'g', '03:00.0')).toMatchObject({code: 1, stderr:
      'libxl: error: libxl_pci.c:444:libxl_device_pci_assignable_list: Looks like pciback driver not loaded\n' +
      'libxl: error: libxl_pci.c:1677:libxl__device_pci_add: Domain 1:PCI device 0:3:0.0 is not assignable\n' +
      'libxl: error: libxl_pci.c:1809:device_pci_add_done: Domain 1:libxl__device_pci_add failed for PCI device 0:3:0.0 (rc -3)\n' +
      'libxl: error: libxl_device.c:1486:device_addrm_aocomplete: unable to add device\n'})
    expect(h.xl('pci-attach', 'g', '03:00.0,colour=1')).toMatchObject({code: 2,
      stderr: 'Unknown PCI_SPEC_STRING option: colourpci-attach: malformed PCI_SPEC_STRING "03:00.0,colour=1"\n'}) // xl_pci.c:93
    expect(ok(h, 'pci-list', 'g')).toBe('')
  })

  it('with --pci: assignable-add, -list -n, attach, pci-list, detach, assignable-remove', () => {
    const h = host('--pci', '03:00.0,0000:04:00.1')
    guest(h)
    ok(h, 'pci-assignable-add', '-n', 'nic0', '03:00.0')
    ok(h, 'pci-assignable-add', '04:00.1')
    // xl_pci.c:131 "%04x:%02x:%02x.%01x %s\n"
    expect(ok(h, 'pci-assignable-list')).toBe('0000:03:00.0 \n0000:04:00.1 \n')
    expect(ok(h, 'pci-assignable-list', '-n')).toBe('0000:03:00.0 nic0\n0000:04:00.1 \n')
    ok(h, 'pci-attach', 'g', 'name=nic0')
    // xl_pci.c:29-33
    expect(ok(h, 'pci-list', 'g')).toBe('Vdev Device\n00.0 0000:03:00.0\n')
    expect(ok(h, 'pci-assignable-list')).toBe('0000:04:00.1 \n')
    expect(h.xl('pci-detach', 'g', '04:00.1')).toMatchObject({code: 1, stderr:
      'libxl: error: libxl_pci.c:1969:do_pci_remove: Domain 1:PCI device not attached to this domain\n' +
      'libxl: error: libxl_device.c:1486:device_addrm_aocomplete: unable to remove device\n'})
    ok(h, 'pci-detach', 'g', '03:00.0')
    expect(ok(h, 'pci-list', 'g')).toBe('')
    ok(h, 'pci-assignable-remove', 'nic0')
    expect(ok(h, 'pci-assignable-list')).toBe('0000:04:00.1 \n')
    expect(h.xl('pci-assignable-remove', 'eth9')).toMatchObject({code: 2, stderr: 'pci-assignable-remove: malformed BDF \'eth9\'\n'})
  })

  it('pci= in xl.cfg attaches at create; a function that is not assignable fails the create', () => {
    const h = host('--pci', '03:00.0')
    ok(h, 'pci-assignable-add', '03:00.0')
    ok(h, 'create', h.file('p.cfg', 'name = "p"\nmemory = 128\npci = ["03:00.0"]\n'))
    expect(ok(h, 'pci-list', 'p')).toBe('Vdev Device\n00.0 0000:03:00.0\n')
    // xl_parse.c:1538: a PV guest with pci= gets u.pv.e820_host
    const [dom] = JSON.parse(ok(h, 'list', '-l', 'p')) as [{config: {b_info: Record<string, unknown>; pcidevs: unknown}}]
    expect(dom.config.b_info['type.pv']).toEqual({e820_host: 'True'})
    expect(dom.config.pcidevs).toEqual([{bus: 3, vfunc_mask: 1}])
    const r = h.xl('create', h.file('q.cfg', 'name = "q"\nmemory = 128\npci = ["03:00.0"]\n'))
    expect(r.code).toBe(3)
    expect(r.stderr.split('\n').slice(1, 4)).toEqual([
      'libxl: error: libxl_pci.c:1677:libxl__device_pci_add: Domain 2:PCI device 0:3:0.0 is not assignable',
      'libxl: error: libxl_pci.c:1809:device_pci_add_done: Domain 2:libxl__device_pci_add failed for PCI device 0:3:0.0 (rc -3)',
      'libxl: error: libxl_create.c:1919:domcreate_attach_devices: Domain 2:unable to add pci devices',
    ])
  })
})

describe('xentop', () => {
  it('NETS and VBDS count each domain\'s vifs and disks (tools/xentop/xentop.c)', () => {
    const h = host()
    guest(h)
    const lines = ok(h, 'top', '-b', '-i', '1').split('\n')
    const head = lines[0]!.trim().split(/\s+/)
    const row = (name: string) => lines.find(l => l.trim().startsWith(`${name} `))!.trim().split(/\s+/)
    const col = (name: string, header: string) => row(name)[head.indexOf(header)]
    expect([col('g', 'NETS'), col('g', 'VBDS')]).toEqual(['2', '2'])
    expect([col('Domain-0', 'NETS'), col('Domain-0', 'VBDS')]).toEqual(['0', '0'])
  })

  it('-n and -x: a line per network and per VBD after the domain (xentop.c:1098-1104, :1150; "[%2x:%2x] " is major:minor)', () => {
    const h = host()
    guest(h)
    const lines = ok(h, 'top', '-b', '-i', '1', '-n', '-x').split('\n')
    const g = lines.findIndex(l => l.trim().startsWith('g '))
    expect(lines.slice(g + 1, g + 5)).toEqual([
      'Net0 RX:        0bytes        0pkts        0err        0drop  TX:        0bytes        0pkts        0err        0drop',
      'Net1 RX:        0bytes        0pkts        0err        0drop  TX:        0bytes        0pkts        0err        0drop',
      'VBD BlkBack 51712 [ca: 0]  OO:        0   RD:        0   WR:        0   RSECT:          0   WSECT:          0',
      'VBD BlkBack 51728 [ca:10]  OO:        0   RD:        0   WR:        0   RSECT:          0   WSECT:          0',
    ])
  })
})
