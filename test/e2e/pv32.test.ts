// 32-bit x86 PV guests: an i686 kernel is a xen-3.0-x86_32p guest, which
// boots only where Xen lists that capability; its runstate areas are written
// in the compat layout (44 bytes), and xl runstate, guest-stat and
// runstate stress read them as a 32-bit kernel does.
import {describe, expect, it} from 'vitest'
import {readFileSync} from 'node:fs'
import {cfg, shellScenario, tempHosts, type TempHost} from '../helpers/cli.js'

const newHost = tempHosts()
const T = {timeout: 120_000}

function host(init: string): TempHost {
  const h = newHost()
  shellScenario(h, [`host init --force --clock manual --cpus 2 ${init}`])
  return h
}
const guest = (h: TempHost, kernel: string, extra: Record<string, string | number> = {}) =>
  h.file(`${kernel}.cfg`, cfg({name: 'g32', kernel, vcpus: 2, memory: 128, workload: 'duty:50:5ms', ...extra}))
const busy = (h: TempHost) => h.file('busy.cfg', cfg({name: 'busy', kernel: 'linux-6.1', vcpus: 2, memory: 128, workload: 'cpu'}))
const caps = (h: TempHost) => /xen_caps +: (.*)\n/.exec(h.xl('info').stdout)![1]

describe('32-bit PV guests', () => {
  it('the captured 4.17 host has none: xc_dom_compat_check refuses the kernel, nothing is created', T, () => {
    const h = host('--arch x86_64')
    expect(caps(h)).toBe('xen-3.0-x86_64 hvm-3.0-x86_32 hvm-3.0-x86_32p hvm-3.0-x86_64 ')
    const before = h.xl('list').stdout
    const r = h.xl('create', guest(h, 'linux-4.8-i686'))
    expect(r.code).toBe(3)
    expect(r.stderr.split('\n').slice(1, 3)).toEqual([
      'xc: error: panic: xg_dom_boot.c:86: xc_dom_compat_check: guest type xen-3.0-x86_32p not supported by xen kernel, sorry: Invalid kernel',
      'libxl: error: libxl_dom.c:571:libxl__build_dom: xc_dom_parse_image failed',
    ])
    expect(h.xl('list').stdout).toBe(before)
  })

  it('with --pv32: xen_caps lists xen-3.0-x86_32p, and the guest\'s areas are 44-byte compat records', T, () => {
    const h = host('--arch x86_64 --pv32')
    expect(caps(h)).toBe('xen-3.0-x86_64 xen-3.0-x86_32p hvm-3.0-x86_32 hvm-3.0-x86_32p hvm-3.0-x86_64 ')
    shellScenario(h, [`create -q ${guest(h, 'linux-4.8-i686')}`, `create -q ${busy(h)}`, 'clock advance 1s'])
    const r = h.xl('runstate', 'g32')
    expect(r.stdout.split('\n')[0]).toBe('Domain g32 (id 1) at 1000000000 ns: runstate_update_flag enabled, steal clock yes, ' +
      'remote reads allowed yes, runqueue steal time enabled, 32-bit compat layout (44 bytes)')
    const json = JSON.parse(h.xl('runstate', '--json', 'g32').stdout)
    expect(json.layout).toBe('compat')
    // Decoded from the compat offsets: the times add up to the time since the vCPU came up.
    for (const v of json.vcpus) {
      const sum = ['running', 'runnable', 'blocked', 'offline'].reduce((t, k) => t + BigInt(v.time[k]), 0n)
      expect(sum).toBe(BigInt(v.stateEntryTime))
    }
    // A 64-bit guest beside it is native, and says nothing of a layout.
    expect(JSON.parse(h.xl('runstate', '--json', 'busy').stdout).layout).toBeUndefined()
    // vm_assist of a 32-bit PV guest: the compat valid mask (no m2p_strict).
    expect(h.xl('vm-assist', 'g32').stdout).toBe('Domain g32 (id 1)\nvm_assist : 0000002d  4gb_segments writable_pagetables pae_extended_cr3 runstate_update_flag\n' +
      'valid     : 0000003f  4gb_segments 4gb_segments_notify writable_pagetables pae_extended_cr3 architectural_iopl runstate_update_flag\n')
    // The guest's /proc/stat steal comes from the compat record.
    const stat = h.xl('guest-stat', 'g32')
    expect(stat.code).toBe(0)
    expect(Number(stat.stdout.split('\n')[0].split(/\s+/)[8])).toBeGreaterThan(0)
    // libxl keeps no bitness: xl list -l shows the kernel and type, as for a 64-bit guest.
    const cfgOf = (name: string) => JSON.parse(h.xl('list', '-l', name).stdout)[0].config
    const g32 = cfgOf('g32')
    expect(g32.c_info.type).toBe('pv')
    expect(JSON.stringify(g32)).toContain('"kernel":"linux-4.8-i686"')
    const keys = (o: Record<string, unknown>) => Object.keys(o).sort()
    expect(keys(g32.b_info)).toEqual(keys(cfgOf('busy').b_info))
  })

  it('runstate stress reads the compat record with the 32-bit readers: the series\' is whole, Linux 4.6\'s tears', T, () => {
    const h = host('--arch x86_64 --pv32')
    shellScenario(h, [`create -q ${guest(h, 'linux-4.8-i686')}`, `create -q ${busy(h)}`])
    const r = h.xl('runstate', 'stress', 'g32', '--reads', '1000', '--seed', '3')
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout.split('\n')[0]).toBe('Domain g32 (id 1): linux-4.8-i686 on Xen 4.17.7 x86_64, reader linux-4.8-32bit, ' +
      'runstate_update_flag enabled, 32-bit compat layout (44 bytes)')
    expect(r.stdout).toMatch(/remote reads \(vcpu 1 reading vcpu 0\): +1000 reads +[1-9]\d* retries +0 torn\n/)
    const old = host('--arch x86_64 --xen 4.7')
    expect(caps(old)).toContain('xen-3.0-x86_32p')
    shellScenario(old, [`create -q ${guest(old, 'linux-4.6-i686')}`, `create -q ${busy(old)}`])
    const j = JSON.parse(old.xl('runstate', 'stress', 'g32', '--reads', '1000', '--seed', '3', '--json').stdout)
    expect(j).toMatchObject({readerAlgorithm: 'linux-4.6-32bit', layout: 'compat', updateFlag: false})
    expect(j.remote.torn).toBeGreaterThan(0)
    expect(j.local.torn).toBe(0)
  })

  it('4.12 and 4.13 always have them; i686 kernels do not boot as PVH, nor on arm64, and --pv32 is x86 only', T, () => {
    const h = host('--arch x86_64 --xen 4.12')
    expect(h.xl('create', '-q', guest(h, 'linux-4.6-i686')).code).toBe(0)
    const pvh = h.xl('create', guest(h, 'linux-4.8-i686', {name: 'p', type: 'pvh'}))
    expect(pvh.code).toBe(3)
    expect(pvh.stderr).toContain('xc: error: panic: xg_dom_elfloader.c:63: xc_dom_guest_type: image not capable of booting inside a HVM container: Invalid kernel\n')
    const arm = host('--arch arm64')
    const before = readFileSync(arm.state)
    const a = arm.xl('create', guest(arm, 'linux-4.8-i686'))
    expect(a.code).toBe(3)
    expect(a.stderr).toContain('xg_dom_elfloader.c:63: xc_dom_guest_type: image not capable of booting inside a HVM container')
    expect(readFileSync(arm.state).length).toBe(before.length)
    const bad = arm.xl('host', 'init', '--force', '--arch', 'arm64', '--pv32')
    expect(bad.code).toBe(2)
    expect(bad.stderr).toBe('--pv32: arm64 has no 32-bit PV guests (they are an x86 thing); leave it out\n')
    const dom0 = newHost().xl('host', 'init', '--force', '--arch', 'x86_64', '--pv32', '--dom0-kernel', 'linux-4.8-i686')
    expect(dom0.code).toBe(2)
    expect(dom0.stderr).toMatch(/^invalid --dom0-kernel linux-4.8-i686: a 32-bit kernel; the simulated dom0 is 64-bit \(boot it as a guest with xl create\)\n$/)
  })

  it('a saved 32-bit guest restores only where Xen runs 32-bit PV guests (switch_compat refuses the address size)', T, () => {
    const a = host('--arch x86_64 --pv32')
    shellScenario(a, [`create -q ${guest(a, 'linux-4.8-i686')}`, 'clock advance 1s'])
    const file = a.file('g32.save', '')
    expect(a.xl('save', 'g32', file).code).toBe(0)
    const b = host('--arch x86_64')
    const before = b.xl('list').stdout
    const r = b.xl('restore', file)
    expect(r.code).not.toBe(0)
    expect(r.stderr).toContain('xc: error: Failed to update d1 address size to 32: Internal error\n' +
      'libxl: error: libxl_stream_read.c:850:libxl__xc_domain_restore_done: restoring domain: Operation not supported\n' +
      'libxl: error: libxl_create.c:1638:domcreate_rebuild_done: Domain 1:cannot (re-)build domain: -3\n')
    expect(b.xl('list').stdout).toBe(before)
    const again = host('--arch x86_64 --pv32')
    expect(again.xl('restore', file).code).toBe(0)
    expect(again.xl('list', 'g32').code).toBe(0)
  })
})
