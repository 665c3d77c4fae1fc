// libxl's lines and xl's exit codes as Xen 4.17 prints them (file:line from
// RELEASE-4.17.7), and which failed creates spend a domain id: those after
// libxl__domain_make's xc_domain_create (libxl_create.c), not parse errors.
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {cfg, tempHost, type TempHost} from '../helpers/cli.js'
import {fixture} from '../helpers/fixtures.js'

let h: TempHost
beforeAll(() => {
  h = tempHost()
  expect(h.xl('host', 'init', '--force', '--clock', 'manual', '--arch', 'x86_64', '--cpus', '2').code).toBe(0)
})
afterAll(() => h.cleanup())

const ids = () => h.xl('list').stdout.split('\n').slice(1).filter(Boolean).map(l => l.split(/\s+/).slice(0, 2).join(' '))
const guest = (name: string, fields: Record<string, string | number> = {}) =>
  h.file(`${name}.cfg`, cfg({name, memory: 128, vcpus: 1, maxvcpus: 2, ...fields}))

// What xl's error_out (xl_vmcontrol.c:1131) adds by destroying the id libxl
// handed back, after domcreate_complete already destroyed it (libxl_domain.c).
const destroyedTwice = (domid: number) => [
  `libxl: error: libxl_domain.c:1183:libxl__destroy_domid: Domain ${domid}:Non-existant domain`,
  `libxl: error: libxl_domain.c:1137:domain_destroy_callback: Domain ${domid}:Unable to destroy guest`,
  `libxl: error: libxl_domain.c:1064:domain_destroy_cb: Domain ${domid}:Destruction of domain failed`,
]

describe('failed creates and domain ids', () => {
  it('a parse error spends no id (058-create-unterminated); a duplicate name and a missing kernel do', () => {
    const g1 = guest('g1')
    expect(h.xl('create', g1).code).toBe(0)
    // Parse errors stop xl before libxl: the x86-pv 058 capture's lines, exit 1.
    const bad = h.file('bad1.cfg', 'name = "x\n')
    const parsed = h.xl('create', bad)
    expect(parsed.code).toBe(Number(fixture('x86-pv', '058-create-unterminated', 'rc').trim()))
    expect(parsed.stderr).toBe(fixture('x86-pv', '058-create-unterminated', 'err').replaceAll('/etc/xen/bad1.cfg', bad))
    // libxl__domain_rename runs after xc_domain_create made domain 2: five lines, exit 3.
    const dup = h.xl('create', g1)
    expect(dup.code).toBe(3)
    expect(dup.stderr).toBe([
      `Parsing config from ${g1}`,
      'libxl: error: libxl_domain.c:81:libxl__domain_rename: Domain 2:Domain with name "g1" already exists.',
      'libxl: error: libxl_create.c:1294:initiate_domain_create: Domain 2:cannot make domain: -6',
      ...destroyedTwice(2), '',
    ].join('\n'))
    // libxl__build_pv's xc_dom_kernel_file (libxl_dom.c:646, xg_dom_core.c:205), then domcreate_rebuild_done.
    const nok = guest('nokernel', {kernel: 'no-such-kernel'})
    const r = h.xl('create', nok)
    expect(r.code).toBe(3)
    expect(r.stderr).toBe([
      `Parsing config from ${nok}`,
      "xc: error: panic: xg_dom_core.c:205: failed to open file 'no-such-kernel': No such file or directory: Internal error",
      'libxl: error: libxl_dom.c:646:libxl__build_pv: xc_dom_kernel_file failed: No such file or directory',
      'libxl: error: libxl_create.c:1638:domcreate_rebuild_done: Domain 3:cannot (re-)build domain: -3',
      ...destroyedTwice(3), '',
    ].join('\n'))
    expect(h.xl('create', guest('g4')).code).toBe(0)
    expect(ids()).toEqual(['Domain-0 0', 'g1 1', 'g4 4'])
  })
})

describe('pause, unpause, destroy of the wrong domain', () => {
  it('xl unpause of a running domain: libxl logs from domain_unpause_done (libxl_domain.c:688), main_unpause exits 0', () => {
    expect(h.xl('unpause', 'g1')).toEqual({code: 0, stdout: '',
      stderr: 'libxl: error: libxl_domain.c:688:domain_unpause_done: Domain 1:Unpausing domain: Invalid argument\n'})
  })
  it('xl pause 0: libxl_domain.c:587, no "Domain 0:" (libxl_domid_valid_guest), exit 0', () => {
    expect(h.xl('pause', '0')).toEqual({code: 0, stdout: '',
      stderr: 'libxl: error: libxl_domain.c:587:libxl_domain_pause: Pausing domain: Invalid argument\n'})
  })
  it('xl destroy 0: xl_vmcontrol.c:50, then an empty line, exit 1', () => {
    expect(h.xl('destroy', '0')).toEqual({code: 1, stdout: '',
      stderr: 'Not destroying domain 0; use -f to force.\nThis can only be done when using a disaggregated hardware domain and toolstack.\n\n'})
  })
})

describe('xl top -b (xentop columns, x86-credit 015-top)', () => {
  it('MAXMEM(k) has LIBXL_MAXMEM_CONSTANT for a domU, VCPUS counts offline vCPUs too', () => {
    const sample = fixture('x86-credit', '015-top', 'out').split('\n')[2].trim().split(/\s+/)
    const out = h.xl('top', '-b', '-i', '1').stdout.split('\n')
    const g1 = out.find(l => l.trim().startsWith('g1 '))!.trim().split(/\s+/)
    // NAME STATE CPU(sec) CPU(%) MEM(k) MEM(%) MAXMEM(k) MAXMEM(%) VCPUS: memory and vCPUs as in the capture
    expect([g1[4], g1[6], g1[8]]).toEqual([sample[4], sample[6], sample[8]])
    expect(g1[8]).toBe('2')
  })
})

describe('x86 credit host: the Xen command line names the scheduler', () => {
  // Xen 4.17 defaults to credit2 (xen/common/Kconfig SCHED_CREDIT2_DEFAULT),
  // so the x86-credit host was booted with sched=credit; the x86-pv capture
  // (007-dmesg-boot, credit2) has none.
  it('dmesg and xl info show " sched=credit"', () => {
    const c = tempHost()
    try {
      expect(c.xl('host', 'init', '--force', '--clock', 'manual', '--arch', 'x86_64', '--sched', 'credit').code).toBe(0)
      const pv = fixture('x86-pv', '007-dmesg-boot', 'out').split('\n').find(l => l.includes('Command line:'))!
      expect(c.xl('dmesg').stdout.split('\n')).toContain(`${pv} sched=credit`)
      expect(c.xl('info').stdout).toMatch(/^xen_commandline +: .*guest_loglvl=all sched=credit$/m)
      expect(h.xl('dmesg').stdout.split('\n')).toContain(pv)
    } finally {
      c.cleanup()
    }
  })
})

describe('duplicate name on arm64: seven lines', () => {
  // Every Arm guest has XEN_DOMINF_hvm_guest, so the first destroy's
  // libxl__domain_type reads /libxl/<domid>/type, which the aborted
  // transaction of libxl__domain_make never wrote (libxl_xshelp.c:206,
  // libxl_dom.c:49).
  it('libxl__domain_rename ... Destruction of domain failed, with the type lookup in between', () => {
    const a = tempHost()
    try {
      expect(a.xl('host', 'init', '--force', '--clock', 'manual', '--arch', 'arm64', '--cpus', '2').code).toBe(0)
      const f = a.file('g.cfg', cfg({name: 'g', memory: 128}))
      expect(a.xl('create', f).code).toBe(0)
      const r = a.xl('create', f)
      expect(r.code).toBe(3)
      expect(r.stderr.split('\n').slice(1, -1)).toEqual([
        'libxl: error: libxl_domain.c:81:libxl__domain_rename: Domain 2:Domain with name "g" already exists.',
        'libxl: error: libxl_create.c:1294:initiate_domain_create: Domain 2:cannot make domain: -6',
        "libxl: error: libxl_xshelp.c:206:libxl__xs_read_mandatory: xenstore read failed: `/libxl/2/type': No such file or directory",
        'libxl: warning: libxl_dom.c:49:libxl__domain_type: unable to get domain type for domid=2, assuming HVM',
        ...destroyedTwice(2),
      ])
    } finally {
      a.cleanup()
    }
  })
})
