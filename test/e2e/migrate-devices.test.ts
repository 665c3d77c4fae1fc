// Devices across save/restore and migration: what was hot-plugged after
// create arrives with its devid, backend, MAC and medium, what was detached
// does not, a disk whose image is gone on the target stops the restore, and
// an HVM guest's device model state crosses in its own record and loads
// only into the same emulated machine.
import {describe, expect, it} from 'vitest'
import {spawnSync} from 'node:child_process'
import {join} from 'node:path'
import {rmSync, writeFileSync} from 'node:fs'
import {BIN, ROOT, cfg, tempHosts, type TempHost} from '../helpers/cli.js'
import {migrationHost} from './migrate-helpers.js'

const newHost = tempHosts()
const SSH = join(ROOT, 'test', 'fixtures', 'migrate', 'fake-ssh')

function hosts(): [TempHost, TempHost] {
  const a = migrationHost(newHost)
  const b = migrationHost(newHost)
  return [a, b]
}

function ok(h: TempHost, ...args: string[]): string {
  const r = h.xl(...args)
  expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0)
  return r.stdout
}

/** The device lists xl prints for g. */
function lists(h: TempHost, g: string): string {
  return ['block-list', 'network-list', 'vtpm-list'].map(cmd => ok(h, cmd, g)).join('')
}

/** A PV guest with a disk and a nic, then a disk, two nics and a vtpm hot-plugged and the first nic detached. */
function plugged(a: TempHost): void {
  const disk = a.file('disk.img', 'x'.repeat(4096))
  const extra = a.file('extra.img', 'y'.repeat(4096))
  ok(a, 'create', '-q', a.file('g.cfg', cfg({name: 'g', kernel: 'linux-6.1', memory: 256, vcpus: 2}) +
    `disk = ["${disk},raw,xvda,rw"]\nvif = ["bridge=xenbr0"]\n`))
  ok(a, 'clock', 'advance', '1s')
  ok(a, 'block-attach', 'g', `${extra},raw,xvdb,rw`)
  ok(a, 'network-attach', 'g', 'mac=00:16:3e:11:22:33')
  ok(a, 'network-attach', 'g')
  ok(a, 'vtpm-attach', 'g')
  ok(a, 'network-detach', 'g', '0')
}

describe('devices across a migration', () => {
  it('hot-plugged devices arrive as they were, detached ones do not (direct and over a transport)', () => {
    const [a, b] = hosts()
    plugged(a)
    const before = lists(a, 'g')
    expect(before).toContain('00:16:3e:11:22:33')
    expect(ok(a, 'network-list', 'g')).not.toMatch(/^0 /m)
    const r = a.xl('migrate', 'g', b.state)
    expect(r.code, r.stderr).toBe(0)
    // a fresh target gives it the same domid (1): the lists are the same, backend paths included
    expect(lists(b, 'g')).toBe(before)
    // back over a transport, keeping the domain id (-D) so that the lists compare whole
    const back = spawnSync(process.execPath, [BIN, '--state', b.state, 'migrate', '-D', '-s', SSH, 'g', a.state], {encoding: 'utf8', env: {...process.env, XLSIM_STATE: ''}})
    expect(back.status, back.stderr).toBe(0)
    expect(lists(a, 'g')).toBe(before)
    // what libxl keeps in the saved config went along: `xl list -l` shows the same devices
    const devs = (h: TempHost) => JSON.stringify((JSON.parse(ok(h, 'list', '-l', 'g')) as {config: Record<string, unknown>}[])[0]!.config, ['disks', 'nics', 'vtpms', 'pdev_path', 'vdev', 'devid', 'mac', 'uuid'])
    const c = migrationHost(newHost)
    const chk = join(a.dir, 'g.chk')
    const json = devs(a)
    ok(a, 'save', 'g', chk)
    ok(c, 'restore', chk)
    expect(devs(c)).toBe(json)
  })

  it('migrate -C: the devices are those of the config sent (its JSON), not the running domain\'s', () => {
    const [a, b] = hosts()
    plugged(a)
    const other = a.file('other.cfg', cfg({name: 'g', kernel: 'linux-6.1', memory: 256, vcpus: 2}) + `disk = ["${join(a.dir, 'extra.img')},raw,xvdc,rw"]\n`)
    const r = a.xl('migrate', '-C', other, 'g', b.state)
    expect(r.code, r.stderr).toBe(0)
    expect(ok(b, 'block-list', 'g')).toMatch(/^Vdev .*\n51744 0 .*\n$/)
    expect(ok(b, 'network-list', 'g').split('\n').length).toBe(2)
    expect(ok(b, 'vtpm-list', 'g').split('\n').length).toBe(2)
  })

  it('a disk image gone on the target: the restore fails with libxl\'s lines, the domain stays at the sender', () => {
    const [a, b] = hosts()
    plugged(a)
    rmSync(join(a.dir, 'extra.img'))
    const r = a.xl('migrate', 'g', b.state)
    expect(r.code).toBe(1)
    expect(r.stderr).toContain(`libxl: error: libxl_device.c:455:libxl__device_disk_set_backend: Disk vdev=xvdb failed to stat: ${join(a.dir, 'extra.img')}: No such file or directory`)
    expect(r.stderr).toMatch(/Unable to set disk defaults for disk 1\nmigration target: Domain creation failed \(code -3\)\.\n/)
    expect(r.stderr).toMatch(/Migration failed, resuming at sender\.\n$/)
    expect(ok(b, 'list')).not.toContain('g')
    expect(ok(a, 'list')).toMatch(/^g /m)
  })
})

describe('an HVM guest\'s device model', () => {
  const hvm = (h: TempHost, extra = 'vif = ["model=e1000"]\n') => {
    const disk = h.file('disk.img', 'x'.repeat(4096))
    return h.file('h.cfg', cfg({name: 'h', type: 'hvm', kernel: 'linux-6.1', memory: 256, vcpus: 1}) +
      `disk = ["${disk},raw,hda,rw", "vdev=hdc,devtype=cdrom,format=empty"]\n${extra}`)
  }

  it('the medium inserted after create arrives; the emulator context is its own record of the stream', () => {
    const [a, b] = hosts()
    ok(a, 'create', '-q', hvm(a))
    ok(a, 'clock', 'advance', '1s')
    const iso = a.file('cd.iso', 'iso')
    ok(a, 'cd-insert', 'h', 'hdc', iso)
    const before = lists(a, 'h')
    const r = a.xl('migrate', 'h', b.state)
    expect(r.code, r.stderr).toBe(0)
    expect(r.stderr).toContain('xc: info: Found x86 HVM domain from Xen 4.17')
    expect(lists(b, 'h')).toBe(before)
    expect(ok(b, 'list', '-l', 'h')).toContain(`"pdev_path": "${iso}"`)
    // the save file: libxl's record types 1 (LIBXC_CONTEXT), 3 (EMULATOR_CONTEXT, QEMU upstream), 0 (END)
    const chk = join(b.dir, 'h.chk')
    ok(b, 'save', 'h', chk)
    const types = spawnSync(process.execPath, ['-e', `
      const b = require('fs').readFileSync(process.argv[1]); let at = 48 + b.readUInt32LE(44) + 56; const t = []
      for (;;) { const type = b.readUInt32LE(at), len = b.readUInt32LE(at + 4); t.push(type === 3 ? type + ':' + b.readUInt32LE(at + 8) : type); at += 8 + Math.ceil(len / 8) * 8; if (type === 0) break }
      console.log(t.join(' '))`, chk], {encoding: 'utf8'})
    expect(types.stdout).toBe('1 3:2 0\n')
  })

  it('loads only into the same emulated machine: a config without its NIC is refused, the same one is not', () => {
    const [a] = hosts()
    ok(a, 'create', '-q', hvm(a))
    ok(a, 'clock', 'advance', '1s')
    const chk = join(a.dir, 'h.chk')
    ok(a, 'save', 'h', chk)
    const other = join(a.dir, 'other.cfg')
    writeFileSync(other, cfg({name: 'h', type: 'hvm', kernel: 'linux-6.1', memory: 256, vcpus: 1}) +
      `disk = ["${join(a.dir, 'disk.img')},raw,hda,rw", "vdev=hdc,devtype=cdrom,format=empty"]\n`)
    const r = a.xl('restore', other, chk)
    expect(r.code).toBe(1)
    expect(r.stderr.split('\n').at(-2)).toBe(`xl: ${chk}: the device model cannot load its saved state: nic 0 (e1000) is not in the domain's configuration`)
    expect(ok(a, 'list')).not.toMatch(/^h /m)
    // the config it was created from: the same machine (a new MAC is only QEMU's register contents)
    ok(a, 'restore', join(a.dir, 'h.cfg'), chk)
    expect(ok(a, 'list')).toMatch(/^h /m)
  })
})
