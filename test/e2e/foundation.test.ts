// The foundation, end to end: the real CLI on temporary state files.
import {afterEach, describe, expect, it} from 'vitest'
import {readFileSync} from 'node:fs'
import {cfg, tempHost, type TempHost} from '../helpers/cli.js'

let hosts: TempHost[] = []
afterEach(() => {
  for (const h of hosts) h.cleanup()
  hosts = []
})

function host(init: string[]): TempHost {
  const h = tempHost()
  hosts.push(h)
  const r = h.xl('host', 'init', '--force', '--clock', 'manual', ...init)
  expect(r.code, r.stderr).toBe(0)
  return h
}

function create(h: TempHost, fields: Record<string, string | number>) {
  return h.xl('create', h.file(`${fields.name}.cfg`, cfg({memory: 128, ...fields})))
}

/** The vm_assist value on the handle line of domain `domid` after debug key q. */
function vmAssistOf(h: TempHost, domid: number): string {
  const q = h.xl('debug-keys', 'q')
  expect(q).toMatchObject({code: 0, stdout: '', stderr: ''})
  const lines = h.xl('dmesg', '-c').stdout.split('\n')
  const at = lines.indexOf(`(XEN) General information for domain ${domid}:`)
  expect(at).toBeGreaterThanOrEqual(0)
  const handle = lines.slice(at).find(l => l.includes('handle='))!
  return /vm_assist=([0-9a-f]+)/.exec(handle)![1]
}

describe('arm64 guests and the runstate update flag', () => {
  it('Xen 4.17 + linux-4.6-runstate: vm_assist=00000020 and runqueue steal on', () => {
    const h = host(['--arch', 'arm64', '--xen', '4.17'])
    const c = create(h, {name: 'g', kernel: 'linux-4.6-runstate', memory: 128, vcpus: 2})
    expect(c.code, c.stderr).toBe(0)
    expect(c.stderr).toBe(`Parsing config from ${h.dir}/g.cfg\n`)
    expect(h.xl('debug-keys', 'q')).toEqual({code: 0, stdout: '', stderr: ''})
    const grep = h.xl('dmesg').stdout.split('\n').filter(l => l.includes('vm_assist'))
    expect(grep).toHaveLength(2)
    expect(grep[1]).toMatch(/^\(XEN\)     handle=[0-9a-f-]{36} vm_assist=00000020$/)
    expect(h.xl('console', 'g').stdout).toContain('runqueue steal time is enabled')
  })

  it('Xen 4.7: no vm_assist hypercall on ARM (-38), runqueue steal off', () => {
    const h = host(['--arch', 'arm64', '--xen', '4.7'])
    expect(create(h, {name: 'g', kernel: 'linux-4.6-runstate'}).code).toBe(0)
    expect(vmAssistOf(h, 1)).toBe('00000000')
    const r = h.xl('vm-assist', 'g', 'enable', 'runstate_update_flag')
    expect(r).toEqual({code: 1, stdout: 'vm_assist(enable, runstate_update_flag) = -38 (ENOSYS)\n', stderr: ''})
    expect(h.xl('console', 'g').stdout).toContain('runqueue steal time is not enabled')
  })

  it('linux-4.6 on arm64 4.17 stays 00000000 until the flag is enabled by hand; disable clears it', () => {
    const h = host(['--arch', 'arm64'])
    expect(create(h, {name: 'g', kernel: 'linux-4.6'}).code).toBe(0)
    expect(vmAssistOf(h, 1)).toBe('00000000')
    expect(h.xl('vm-assist', 'g', 'enable', 'runstate_update_flag'))
      .toEqual({code: 0, stdout: 'vm_assist(enable, runstate_update_flag) = 0\n', stderr: ''})
    expect(vmAssistOf(h, 1)).toBe('00000020')
    expect(h.xl('vm-assist', 'g', 'disable', 'runstate_update_flag').code).toBe(0)
    expect(vmAssistOf(h, 1)).toBe('00000000')
  })

  it('bad types give -EINVAL and exit 1', () => {
    const h = host([])
    expect(create(h, {name: 'g', kernel: 'linux-6.1'}).code).toBe(0)
    expect(h.xl('vm-assist', 'g', 'enable', '6')).toEqual({code: 1, stdout: 'vm_assist(enable, 6) = -22 (EINVAL)\n', stderr: ''})
    expect(h.xl('vm-assist', 'g', 'enable', '64')).toEqual({code: 1, stdout: 'vm_assist(enable, 64) = -22 (EINVAL)\n', stderr: ''})
    const bad = h.xl('vm-assist', 'g', 'enable', 'bogus')
    expect(bad.code).toBe(2)
    expect(bad.stderr.split('\n')).toHaveLength(2)
  })
})

describe('x86_64 guests', () => {
  it.each([
    ['4.17', 'pv', 'linux-4.6', '0000000d'],
    ['4.17', 'pv', 'linux-4.6-runstate', '0000002d'],
    ['4.17', 'pv', 'linux-6.1', '0000002d'],
    ['4.17', 'pvh', 'linux-6.1', '00000020'],
    ['4.8', 'pvh', 'linux-6.1', '00000000'],
    ['4.7', 'pv', 'linux-4.6-runstate', '0000000d'],
  ])('Xen %s %s guest with %s: vm_assist=%s', (xen, type, kernel, mask) => {
    const h = host(['--arch', 'x86_64', '--xen', xen])
    const c = create(h, {name: 'g', type, kernel})
    expect(c.code, c.stderr).toBe(0)
    expect(vmAssistOf(h, 1)).toBe(mask)
  })

  it('dom0 on x86 4.17 with linux-4.6-runstate has 0000002d', () => {
    const h = host(['--arch', 'x86_64', '--dom0-kernel', 'linux-4.6-runstate'])
    expect(vmAssistOf(h, 0)).toBe('0000002d')
  })

  it('Linux 4.6 cannot boot as PVH: a clear error, nothing created', () => {
    const h = host(['--arch', 'x86_64'])
    const before = readFileSync(h.state)
    const r = create(h, {name: 'g', type: 'pvh', kernel: 'linux-4.6'})
    expect(r.code).toBe(3)
    // xc_dom_guest_type, xg_dom_elfloader.c:63 (RELEASE-4.17.7): no PHYS32 entry, no HVM container
    expect(r.stderr).toContain('xc: error: panic: xg_dom_elfloader.c:63: xc_dom_guest_type: image not capable of booting inside a HVM container: Invalid kernel')
    expect(h.xl('list', 'g').stderr).toBe('g is an invalid domain identifier (rc=-6)\n')
    expect(before.length).toBeGreaterThan(0)
  })
})

describe('console ring', () => {
  it('dmesg -c prints and clears; the next dmesg shows only newer lines', () => {
    const h = host([])
    const boot = h.xl('dmesg', '-c')
    expect(boot.stdout).toContain('(XEN) Xen version 4.17.7')
    expect(h.xl('dmesg').stdout).toBe('')
    h.xl('debug-keys', 'h')
    const after = h.xl('dmesg').stdout
    expect(after.startsWith("(XEN) 'h' pressed -> showing installed handlers\n")).toBe(true)
    expect(after).not.toContain('Xen version')
  })

  it('never holds more than 16 KiB; the oldest text goes first', () => {
    const h = host(['--arch', 'x86_64'])
    for (let i = 0; i < 3; i++) expect(h.xl('debug-keys', 'qqqqq').code).toBe(0)
    const text = h.xl('dmesg').stdout
    expect(text.length).toBe(16 * 1024)
    expect(text).not.toContain('Xen version')
    expect(text.endsWith('(XEN) Shared frames 0 -- Saved frames 0\n')).toBe(true)
  })
})

describe('xl list and domain ids', () => {
  it('real header and rows; ids grow and are never reused', () => {
    const h = host(['--arch', 'x86_64'])
    for (const n of ['a', 'b']) expect(create(h, {name: n, memory: 64}).code).toBe(0)
    expect(h.xl('destroy', 'b').code).toBe(0)
    expect(create(h, {name: 'c', memory: 64}).code).toBe(0)
    const out = h.xl('list').stdout.split('\n')
    expect(out[0]).toBe('Name                                        ID   Mem VCPUs\tState\tTime(s)')
    expect(out[1]).toMatch(/^Domain-0 {37}0 {2}1024 {5}2 {5}[r-][b-]---- +\d+\.\d$/)
    expect(out.slice(2, 4).map(l => l.split(/\s+/).slice(0, 2))).toEqual([['a', '1'], ['c', '3']])
  })

  it('dom0 cannot be destroyed without -f', () => {
    const h = host([])
    const r = h.xl('destroy', '0')
    expect(r.code).toBe(1)
    // xl_vmcontrol.c:50 destroy_domain (RELEASE-4.17.7): the message ends with an empty line
    expect(r.stderr).toBe('Not destroying domain 0; use -f to force.\nThis can only be done when using a disaggregated hardware domain and toolstack.\n\n')
  })
})

describe('state between processes', () => {
  it('survives; failed commands leave the file byte for byte unchanged', () => {
    const h = host([])
    expect(create(h, {name: 'g', kernel: 'linux-6.1'}).code).toBe(0)
    expect(h.xl('pause', 'g').code).toBe(0)
    expect(h.xl('list', 'g').stdout).toMatch(/\ng {44}1 +\d+ +1 +--p--- +0\.0\n$/)
    const before = readFileSync(h.state)
    const bad = h.xl('create', h.file('bad.cfg', 'name = "x\n'))
    expect(bad.code).toBe(1)
    expect(h.xl('pause', 'nosuch')).toEqual({code: 1, stdout: '', stderr: 'nosuch is an invalid domain identifier (rc=-6)\n'})
    expect(h.xl('list', '99')).toEqual({code: 1, stdout: '', stderr: "Error: Domain '99' does not exist.\n"})
    expect(readFileSync(h.state).equals(before)).toBe(true)
    // A duplicate name fails after xc_domain_create made the domain
    // (libxl__domain_make, libxl_create.c): the id is spent, as on Xen.
    expect(h.xl('create', h.file('dup.cfg', cfg({name: 'g'}))).code).toBe(3)
    expect(create(h, {name: 'g2', kernel: 'linux-6.1'}).code).toBe(0)
    expect(h.xl('domid', 'g2').stdout).toBe('3\n')
  })

  it('boots the default host on first use (arm64, 4.17, credit2, 4 pCPUs)', () => {
    const h = tempHost()
    hosts.push(h)
    expect(h.xl('list').code).toBe(0)
    const show = JSON.parse(h.xl('host', 'show', '--json').stdout)
    expect(show).toMatchObject({arch: 'arm64', xen: '4.17.7', scheduler: 'credit2', cpus: 4, memoryMiB: 8192, dom0Kernel: 'linux-4.6-runstate', clock: 'wall'})
    expect(h.xl('host', 'init').code).toBe(1)
  })
})
