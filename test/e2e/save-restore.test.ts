// xl save / xl restore against a real state file: xl's messages, the
// checkpoint file on disk, what the restored domain is, and bad files.
import {describe, expect, it} from 'vitest'
import {readFileSync, writeFileSync} from 'node:fs'
import {cfg, tempHosts} from '../helpers/cli.js'

const newHost = tempHosts()

function x86(kernel = 'linux-6.1', type = 'pv') {
  const h = newHost()
  expect(h.xl('host', 'init', '--force', '--arch', 'x86_64', '--cpus', '2', '--clock', 'manual').code).toBe(0)
  const g = h.file('g.cfg', cfg({name: 'g', type, kernel, vcpus: 2, memory: 256, workload: 'cpu'}))
  expect(h.xl('create', '-q', g).code).toBe(0)
  expect(h.xl('clock', 'advance', '5s').code).toBe(0)
  return h
}

describe('xl save / xl restore', () => {
  it('saves to a file with xl\'s header, destroys the domain, restores it as a new domain with the same uuid', () => {
    const h = x86()
    const uuid = /g\s+1\s+\S+\s+\S+\s+\S+\s+\S+\s+(\S+)/.exec(h.xl('list', '-v', 'g').stdout)![1]
    const chk = `${h.dir}/g.chk`
    const s = h.xl('save', 'g', chk)
    expect(s.code, s.stderr).toBe(0)
    expect(s.stdout).toBe('')
    expect(s.stderr).toMatch(/^Saving to \S+g\.chk new xl format \(info 0x3\/0x0\/\d+\)\nxc: info: Saving domain 1, type x86 PV\n$/)
    const bytes = readFileSync(chk)
    expect(bytes.subarray(0, 32).toString('latin1')).toBe('Xen saved domain, xl format\n \0 \r')
    expect(bytes.toString('latin1')).toContain('"name": "g"')
    expect(h.xl('list', 'g').stderr).toBe('g is an invalid domain identifier (rc=-6)\n')

    const r = h.xl('restore', chk)
    expect(r.code, r.stderr).toBe(0)
    const n = bytes.readUInt32LE(44)
    expect(r.stderr).toBe([
      `Loading new save file ${chk} (new xl fmt info 0x3/0x0/${n})`,
      ' Savefile contains xl domain config in JSON format',
      'Parsing config from <saved>',
      'xc: info: Found x86 PV domain from Xen 4.17',
      'xc: info: Restoring domain',
      'xc: info: Restore successful', ''].join('\n'))
    const list = h.xl('list', '-v', 'g').stdout
    expect(list).toMatch(/^g\s+2\s/m)
    expect(list).toContain(uuid)
    // x86 PV: vm_assist came in the vCPU context.
    expect(h.xl('vm-assist', 'g').stdout).toContain('vm_assist : 0000002d')
    expect(h.xl('console', 'g').stdout).toMatch(/suspending xenstore\.\.\.\n.*xen: vcpu 0: runstate area at 0x100000: re-registered\n/s)
  })

  it('-c leaves the domain running, -p leaves it paused; restore -p keeps the new one paused; -D keeps the domain id', () => {
    const h = x86()
    expect(h.xl('save', '-c', 'g', `${h.dir}/c.chk`).code).toBe(0)
    expect(h.xl('list', 'g').stdout).toMatch(/^g\s+1\s.*r-----/m)
    expect(h.xl('save', '-p', 'g', `${h.dir}/p.chk`).code).toBe(0)
    expect(h.xl('list', 'g').stdout).toMatch(/^g\s+1\s.*--p---/m)
    expect(h.xl('destroy', 'g').code).toBe(0)
    expect(h.xl('restore', '-p', `${h.dir}/c.chk`).code).toBe(0)
    expect(h.xl('list', 'g').stdout).toMatch(/^g\s+2\s.*--p---/m)
    expect(h.xl('save', '-D', 'g', `${h.dir}/d.chk`).code).toBe(1) // paused: the guest cannot answer
    expect(h.xl('unpause', 'g').code).toBe(0)
    expect(h.xl('save', '-D', 'g', `${h.dir}/d.chk`).code).toBe(0)
    expect(h.xl('create', '-q', h.file('o.cfg', cfg({name: 'o', memory: 64}))).code).toBe(0)
    expect(h.xl('restore', `${h.dir}/d.chk`).code).toBe(0)
    expect(h.xl('domid', 'g').stdout).toBe('2\n')
  })

  it('a paused guest never answers the suspend request: the save fails and the domain stays', () => {
    const h = x86()
    h.xl('pause', 'g')
    const s = h.xl('save', 'g', `${h.dir}/x.chk`)
    expect(s.code).toBe(1)
    expect(s.stderr).toMatch(/^Saving to .* new xl format .*\nlibxl: error: libxl_dom_suspend.c:269:domain_suspend_common_pvcontrol_suspending: Domain 1:guest didn't acknowledge suspend, cancelling request\nFailed to save domain, resuming domain\n$/)
    expect(h.xl('list', 'g').stdout).toMatch(/^g\s+1\s.*--p---/m)
    // The file holds only the header: restoring it says so.
    const r = h.xl('restore', `${h.dir}/x.chk`)
    expect(r.code).toBe(1)
    expect(r.stderr.split('\n').at(-2)).toBe(`xl: ${h.dir}/x.chk: no domain stream after the xl header (the save did not complete)`)
  })

  it('refuses missing, foreign, damaged and truncated files with one line, changing nothing', () => {
    const h = x86()
    const chk = `${h.dir}/g.chk`
    expect(h.xl('save', 'g', chk).code).toBe(0)
    const good = readFileSync(chk)
    const before = h.xl('list').stdout
    const cases: [string, Buffer, RegExp][] = [
      ['foreign', Buffer.from('#!/bin/sh\necho this is not a save file, but long enough for a header\n'), /^File has wrong magic number - corrupt or for a different tool\?\n$/],
      ['short', good.subarray(0, 40), /file\/stream truncated reading header from .*\nxl: fatal error: xl_vmcontrol.c:713: Protocol error: libxl_read_exactly/],
      ['damaged', Buffer.from(good.map((b, i) => (i === good.length - 10 ? b ^ 0x20 : b))), /: domain stream damaged \(checksum mismatch\)\n$/],
      ['truncated', good.subarray(0, good.length - 100), /: domain stream truncated \(\d+ of \d+ bytes\)\n$/],
    ]
    for (const [name, bytes, want] of cases) {
      const f = `${h.dir}/${name}.chk`
      writeFileSync(f, bytes)
      const r = h.xl('restore', f)
      expect(r.code, name).toBe(1)
      expect(r.stderr, name).toMatch(want)
      expect(r.stderr, name).not.toMatch(/at .*\.js/)
    }
    expect(h.xl('restore', `${h.dir}/none.chk`).stderr).toBe("Can't open restore file: No such file or directory\n")
    expect(h.xl('list').stdout).toBe(before)
    // Restoring twice: the name is taken.
    expect(h.xl('restore', chk).code).toBe(0)
    const again = h.xl('restore', chk)
    expect(again.code).toBe(1)
    expect(again.stderr).toContain('Domain with name "g" already exists.')
  })

  it('a ConfigFile given to restore names the new domain', () => {
    const h = x86()
    const chk = `${h.dir}/g.chk`
    expect(h.xl('save', 'g', chk).code).toBe(0)
    const other = h.file('h.cfg', cfg({name: 'h', kernel: 'linux-6.1', vcpus: 2, memory: 256}))
    const r = h.xl('restore', other, chk)
    expect(r.code, r.stderr).toBe(0)
    expect(r.stderr).toContain(`Parsing config from ${other}`)
    expect(h.xl('domid', 'h').stdout).toBe('2\n')
    expect(h.xl('restore', 'a', 'b', 'c').code).toBe(1)
  })
})
