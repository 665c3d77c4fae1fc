// xl host init --xen for every modelled release line: xl info's version
// fields, and the vm_assist masks each one gives an HVM and a PV guest.
import {describe, expect, it} from 'vitest'
import {cfg, tempHosts} from '../helpers/cli.js'

const newHost = tempHosts()

const LINES: [string, string, string | null][] = [
  // version, release, HVM guest's valid mask (null: -ENOSYS)
  ['4.12', '4.12.4', null],
  ['4.13', '4.13.5', null],
  ['4.14', '4.14.6', '00000020'],
  ['4.18', '4.18.6', '00000020'],
]

describe('xl host init --xen', () => {
  for (const [xen, release, hvm] of LINES) {
    it(`${xen}: xl info says ${release}; an HVM guest's vm_assist is ${hvm ?? '-ENOSYS'}`, () => {
      const h = newHost()
      expect(h.xl('host', 'init', '--force', '--arch', 'x86_64', '--xen', xen, '--clock', 'manual').stdout).toContain(`xen         : ${release}\n`)
      const [major, minor, extra] = release.split('.')
      expect(h.xl('info').stdout).toContain(`xen_major              : ${major}\nxen_minor              : ${minor}\nxen_extra              : .${extra}\nxen_version            : ${release}\n`)
      expect(h.xl('create', '-q', h.file('h.cfg', cfg({name: 'h', type: 'hvm', kernel: 'linux-6.1', memory: 128}))).code).toBe(0)
      const r = h.xl('vm-assist', 'h', 'enable', 'runstate_update_flag')
      expect(r.stdout).toBe(`vm_assist(enable, runstate_update_flag) = ${hvm ? '0' : '-38 (ENOSYS)'}\n`)
      expect(h.xl('console', 'h').stdout).toContain(hvm ? 'runqueue steal time is enabled' : 'runqueue steal time is not enabled (vm_assist(runstate_update_flag) failed)')
    })
  }

  it('refuses a release it does not model, with the list', () => {
    const h = newHost()
    const r = h.xl('host', 'init', '--force', '--xen', '4.15')
    expect(r.code).not.toBe(0)
    expect(r.stderr).toContain('4.12, 4.13, 4.14, 4.17, 4.18')
  })
})
