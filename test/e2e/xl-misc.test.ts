// The rest of xl's table (Xen 4.17 tools/xl): vm-list, sharing, claims, the
// FLASK and PSR commands, trigger, button-press, sysrq, set-parameters,
// dump-core, config-update, vncviewer, qemu-monitor-command and devd, each
// against the built CLI. Texts are from the 4.17 sources named beside them.
import {afterAll, describe, expect, it} from 'vitest'
import {existsSync, mkdirSync, readFileSync, statSync} from 'node:fs'
import {spawnSync} from 'node:child_process'
import {join} from 'node:path'
import {err, ok, runSteps, x86Host} from './lifecycle-helpers.js'
import {BIN} from '../helpers/cli.js'

const h = x86Host()
afterAll(() => h.cleanup())
const g1 = h.guest('g1')
const bigger = h.guest('g1-256', {memory: 256})
h.file('policy', 'not a real policy')
mkdirSync(join(h.dir, 'dir'))
const core = join(h.dir, 'g1.core')
const pidfile = join(h.dir, 'devd.pid')

const r = runSteps(h.state, [
  ['create', 'create', '-q', g1],
  ['vmList', 'vm-list'],
  ['sharing', 'sharing'],
  ['sharingG1', 'sharing', 'g1'],
  ['sharing99', 'sharing', '99'],
  ['sharingTwo', 'sharing', 'g1', '0'],
  ['claims', 'claims'],
  ['getenforce', 'getenforce'],
  ['setenforce', 'setenforce', 'Enforcing'],
  ['setenforceBad', 'setenforce', 'maybe'],
  ['setenforceNone', 'setenforce'],
  ['loadpolicyMissing', 'loadpolicy', join(h.dir, 'nope')],
  ['loadpolicy', 'loadpolicy', join(h.dir, 'policy')],
  ['loadpolicyDir', 'loadpolicy', join(h.dir, 'dir')],
  ['loadpolicyNone', 'loadpolicy'],
  ['psrHwinfo', 'psr-hwinfo'],
  ['psrHwinfoCmt', 'psr-hwinfo', '-m'],
  ['psrHwinfoCat', 'psr-hwinfo', '--cat'],
  ['psrCmtAttach', 'psr-cmt-attach', 'g1'],
  ['psrCmtDetach', 'psr-cmt-detach', 'g1'],
  ['psrCmtShow', 'psr-cmt-show', 'cache-occupancy'],
  ['psrCmtShowBad', 'psr-cmt-show', 'cache'],
  ['psrCatSet', 'psr-cat-set', 'g1', '0xff'],
  ['psrCatSetCdp', 'psr-cat-set', '-d', 'g1', '0xff'],
  ['psrCatSetL2', 'psr-cat-set', '-l', '2', 'g1', '0xff'],
  ['psrCatSetLvl', 'psr-cat-set', '-l', 'x', 'g1', '0xff'],
  ['psrCatSetCD', 'psr-cat-set', '-c', '-d', 'g1', '0xff'],
  ['psrCatSetFar', 'psr-cat-set', '-s', '3', 'g1', '0xff'],
  ['psrCatSetHuge', 'psr-cat-set', '-s', '0-4294967295', 'g1', '0xff'],
  ['psrCatShow', 'psr-cat-show'],
  ['psrCatShowLvl', 'psr-cat-show', '-l', '4', 'g1'],
  ['psrMbaShow', 'psr-mba-show', 'g1'],
  ['psrMbaSet', 'psr-mba-set', 'g1', '10'],
  ['psrMbaSetExtra', 'psr-mba-set', 'g1', '10', 'more'],
  ['triggerNmi', 'trigger', 'g1', 'nmi', '1'],
  ['triggerPower', 'trigger', 'g1', 'POWER'],
  ['triggerReset', 'trigger', 'g1', 'reset'],
  ['triggerUnknown', 'trigger', 'g1', 'unknown'],
  ['triggerS3', 'trigger', 'g1', 's3resume'],
  ['triggerBad', 'trigger', 'g1', 'bogus'],
  ['triggerVcpuJunk', 'trigger', 'g1', 'nmi', 'abc'],
  ['triggerVcpuFar', 'trigger', 'g1', 'nmi', '9'],
  ['buttonPower', 'button-press', 'g1', 'power'],
  ['buttonLid', 'button-press', 'g1', 'lid'],
  ['sysrqSync', 'sysrq', 'g1', 's'],
  ['sysrqHelp', 'sysrq', 'g1', 'h'],
  ['sysrqLong', 'sysrq', 'g1', 'sb'],
  ['consoleAfter', 'console', 'g1'],
  ['consolePv', 'console', '-t', 'pv', 'g1'],
  ['consoleSerial', 'console', '-t', 'serial', 'g1'],
  ['consoleVuart', 'console', '-t', 'vuart', 'g1'],
  ['consoleSecond', 'console', '-n', '1', '-t', 'pv', 'g1'],
  ['consoleBadType', 'console', '-t', 'vga', 'g1'],
  ['consoleDom0', 'console', '0'],
  ['paramsOk', 'set-parameters', 'loglvl=all/all guest_loglvl=warning'],
  ['paramsNo', 'set-parameters', 'noglobal-pages'],
  ['paramsUnknown', 'set-parameters', 'sched_ratelimit_us=500'],
  ['paramsBadLevel', 'set-parameters', 'loglvl=loud'],
  ['paramsBadBool', 'set-parameters', 'global-pages=maybe'],
  ['paramsRange', 'set-parameters', 'gnttab_max_frames=0x80000000'],
  ['paramsDir', 'set-parameters', '=1'],
  ['paramsNoValue', 'set-parameters', 'loglvl'],
  ['dumpCore', 'dump-core', 'g1', core],
  ['dumpCoreBad', 'dump-core', 'g1', join(h.dir, 'missing', 'core')],
  ['vncviewer', 'vncviewer', 'g1'],
  ['qemu', 'qemu-monitor-command', 'g1', 'info status'],
  ['qemuExtra', 'qemu-monitor-command', 'g1', 'info', 'status'],
  ['cuNone', 'config-update'],
  ['cuNoFile', 'config-update', 'g1'],
  ['cuDry', '-N', 'config-update', 'g1', bigger],
  ['cu', 'config-update', 'g1', bigger],
  ['listBefore', 'list', 'g1'],
  ['reboot', 'sysrq', 'g1', 'b'],
  ['listAfter', 'list', 'g1'],
  ['crash', 'sysrq', 'g1', 'c'],
  ['listCrashed', 'list'],
])

describe('listings', () => {
  it('vm-list: every domain that is not a stub domain, dom0 first (xl_info.c list_vm, libxl_domain.c libxl_list_vm)', () => {
    expect(r.vmList!.code).toBe(0)
    const lines = r.vmList!.stdout.split('\n')
    expect(lines[0]).toBe('UUID                                  ID    name')
    expect(lines[1]).toBe(`00000000-0000-0000-0000-000000000000  0    ${'Domain-0'.padEnd(30)}`)
    expect(lines[2]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12} {2}1 {4}g1 {28}$/)
  })

  it('sharing: Name ID Mem Shared, one domain or all; no page is shared (xl_mem.c sharing)', () => {
    expect(r.sharing).toEqual(ok('Name                                        ID   Mem Shared\n' +
      'Domain-0                                     0  1024      0\n' +
      'g1                                           1   128      0\n'))
    expect(r.sharingG1).toEqual(ok('Name                                        ID   Mem Shared\n' +
      'g1                                           1   128      0\n'))
    expect(r.sharing99).toEqual(err("Error: Domain '99' does not exist.\n"))
    // More than one domain: help("sharing") and EXIT_FAILURE.
    expect(r.sharingTwo!.code).toBe(1)
    expect(r.sharingTwo!.stdout).toMatch(/^Usage: xl \[-vtT\] sharing \[Domain\]/)
  })

  it('claims: xl list with the Claimed column, no claim outstanding (xl_info.c main_claims)', () => {
    expect(r.claims!.code).toBe(0)
    expect(r.claims!.stderr).toBe('')
    const lines = r.claims!.stdout.split('\n')
    expect(lines[0]).toBe('Name                                        ID   Mem VCPUs\tState\tTime(s)  Claimed')
    expect(lines[2]).toMatch(/^g1 {43}1 {3}128 {5}2 {5}[-r][-b]---- {2} +\d+\.\d {5}0$/)
  })
})

describe('FLASK: XSM is built out, as in Debian (xl_flask.c, xsm/dummy.h)', () => {
  it('getenforce says so on stdout and returns -1 (255)', () => {
    expect(r.getenforce).toEqual({stdout: 'Flask XSM Disabled\n', stderr: '', code: 255})
  })
  it('setenforce: the mode words, then ENOSYS on stderr; anything else is help and 2', () => {
    expect(r.setenforce).toEqual({stdout: '', stderr: 'Flask XSM disabled\n', code: 255})
    for (const bad of [r.setenforceBad!, r.setenforceNone!]) {
      expect(bad.code).toBe(2)
      expect(bad.stdout).toMatch(/^Usage: xl \[-vtTf\] setenforce <1\|0\|Enforcing\|Permissive>\n/)
    }
  })
  it('loadpolicy: the file is opened first (its errors), then ENOSYS', () => {
    expect(r.loadpolicyMissing).toEqual({stdout: '', stderr: `Error occurred opening policy file '${join(h.dir, 'nope')}': No such file or directory\n`, code: 255})
    expect(r.loadpolicy).toEqual({stdout: '', stderr: 'Flask XSM disabled\n', code: 255})
    expect(r.loadpolicyDir).toEqual({stdout: '', stderr: 'Unable to read new Flask policy file: Is a directory\n', code: 255})
    expect(r.loadpolicyNone!.code).toBe(2)
  })
})

describe('PSR on a CPU without it (xl_psr.c, libxl_psr.c, xen/arch/x86/psr.c: -ENODEV)', () => {
  it('psr-hwinfo: CMT disabled, the CAT and MBA queries fail silently, ERROR_FAIL (253)', () => {
    expect(r.psrHwinfo).toEqual({stdout: 'Cache Monitoring Technology (CMT):\nEnabled         : 0\n', stderr: '', code: 253})
    expect(r.psrHwinfoCmt).toEqual(ok('Cache Monitoring Technology (CMT):\nEnabled         : 0\n'))
    expect(r.psrHwinfoCat).toEqual({stdout: '', stderr: '', code: 253})
  })
  it('psr-cmt-attach/detach: libxl__psr_cmt_log_err_msg at libxl_psr.c:71 (LOGE: strerror follows)', () => {
    const line = 'libxl: error: libxl_psr.c:71:libxl__psr_cmt_log_err_msg: CMT is not supported in this system: No such device\n'
    expect(r.psrCmtAttach).toEqual(err(line, 253))
    expect(r.psrCmtDetach).toEqual(err(line, 253))
  })
  it('psr-cmt-show: the type word first, then "CMT is disabled in the system" (-1: 255)', () => {
    expect(r.psrCmtShow).toEqual(err('CMT is disabled in the system\n', 255))
    expect(r.psrCmtShowBad!.code).toBe(2)
  })
  it('psr-cat-set: one refusal per socket at libxl_psr.c:123, named by the feature', () => {
    const line = (f: string) => `libxl: error: libxl_psr.c:123:libxl__psr_alloc_log_err_msg: ${f}: is not supported in this system\n`
    expect(r.psrCatSet).toEqual(err(line('L3 CAT'), 253))
    expect(r.psrCatSetCdp).toEqual(err(line('CDP'), 253))
    expect(r.psrCatSetL2).toEqual(err(line('L2 CAT'), 253))
    expect(r.psrCatSetLvl).toEqual(err('Input lvl 0 is wrong\n'))
    expect(r.psrCatSetCD).toEqual(err('Cannot handle -c and -d at the same time\n'))
    // A socket past the host's one: libxl_psr_set_val's loop stops before asking Xen.
    expect(r.psrCatSetFar).toEqual(ok())
    // A huge range is cut at the socket map, not walked.
    expect(r.psrCatSetHuge).toEqual(err(line('L3 CAT'), 253))
  })
  it('psr-cat-show / psr-mba-show / psr-mba-set', () => {
    expect(r.psrCatShow).toEqual(err('Failed to get info\n', 253))
    expect(r.psrCatShowLvl).toEqual(err('Input lvl 4 is wrong\n'))
    expect(r.psrMbaShow).toEqual(err('Failed to get info\n', 253))
    expect(r.psrMbaSet).toEqual(err('libxl: error: libxl_psr.c:123:libxl__psr_alloc_log_err_msg: MBA: is not supported in this system\n', 253))
    expect(r.psrMbaSetExtra!.code).toBe(1)
    expect(r.psrMbaSetExtra!.stdout).toMatch(/^Usage: xl \[-vtTf\] psr-mba-set/)
  })
})

describe('trigger, button-press, sysrq (xl_misc.c; libxl_domain.c libxl_send_trigger; xen/arch/x86/domctl.c sendtrigger)', () => {
  const lost = (t: string, why: string) => `libxl: error: libxl_domain.c:2207:libxl_send_trigger: Domain 1:Send trigger '${t}' failed: ${why}\n`
  it('xl ignores libxl\'s result: a refused trigger still exits 0', () => {
    expect(r.triggerNmi).toEqual(ok())
    expect(r.triggerPower).toEqual(err(lost('power', 'Invalid argument'), 0))
    expect(r.triggerReset).toEqual(err(lost('reset', 'Function not implemented'), 0))
    expect(r.triggerUnknown).toEqual(err(lost('unknown', 'Invalid argument'), 0))
    expect(r.triggerS3).toEqual(err('libxl: error: libxl_domain.c:2162:domain_s3_resume_done: Domain 1:Send trigger \'s3resume\' failed, rc=-6\n', 0))
    expect(r.triggerVcpuFar).toEqual(err(lost('nmi', 'No such process'), 0))
  })
  it('an unknown trigger name is xl\'s own refusal; a vcpu that is no number is 0 with a warning', () => {
    expect(r.triggerBad).toEqual(err('Invalid trigger "bogus"\n'))
    expect(r.triggerVcpuJunk).toEqual(err('Invalid vcpuid, using default vcpuid=0.\n\n', 0))
  })
  it('button-press is deprecated, takes power or sleep only', () => {
    const warning = 'WARNING: "button-press" is deprecated. Please use "trigger"\n'
    expect(r.buttonPower).toEqual(err(warning + lost('power', 'Invalid argument'), 0))
    expect(r.buttonLid).toEqual(err(warning + 'lid is an invalid button identifier\n'))
  })
  it('sysrq: one letter, else "Invalid sysrq." with help and 1', () => {
    expect(r.sysrqSync).toEqual(ok())
    expect(r.sysrqLong!.code).toBe(1)
    expect(r.sysrqLong!.stderr).toBe('Invalid sysrq.\n\n')
    expect(r.sysrqLong!.stdout).toMatch(/^Usage: xl \[-vtTf\] sysrq <Domain> <letter>/)
  })
  it('the guest prints what Linux prints for the NMI and the sysrq keys (nmi.c unknown_nmi_error, sysrq.c __handle_sysrq)', () => {
    const text = r.consoleAfter!.stdout.split('\n').map(l => l.replace(/^\[ *\d+\.\d{6}\] /, ''))
    expect(text).toContain('Uhhuh. NMI received for unknown reason 00 on CPU 1.')
    expect(text).toContain('Dazed and confused, but trying to continue')
    // Linux 6.1 dropped the "strange power saving mode" hint.
    expect(text).not.toContain('Do you have a strange power saving mode enabled?')
    expect(text).toContain('sysrq: Emergency Sync')
    expect(text).toContain('Emergency Sync complete')
    expect(text.find(l => l.startsWith('sysrq: HELP : '))).toMatch(/^sysrq: HELP : loglevel\(0-9\) reboot\(b\) crash\(c\) .* sync\(s\) .*dump-ftrace-buffer\(z\) $/)
  })
  it('sysrq b reboots the guest at once (emergency_restart), c crashes it (panic, on_crash=destroy)', () => {
    expect(r.reboot).toEqual(ok())
    expect(r.listAfter!.stdout).toMatch(/\ng1 +2 /)
    expect(r.crash).toEqual(ok())
    expect(r.listCrashed!.stdout).not.toMatch(/\ng1 /)
  })
})

describe('console (xl_console.c main_console, tools/console/client/main.c)', () => {
  it('the primary console of a PV guest is its PV console 0', () => {
    expect(r.consoleAfter!.code).toBe(0)
    expect(r.consolePv).toEqual(r.consoleAfter)
  })
  it('a console with no tty in xenstore: xenconsole\'s err() (exit ENOENT)', () => {
    const none = err('xenconsole: Could not read tty from store: No such file or directory\n', 2)
    expect(r.consoleSerial).toEqual(none)
    expect(r.consoleVuart).toEqual(none)
    expect(r.consoleSecond).toEqual(none)
  })
  it('an unknown type is xl\'s refusal; dom0 is xenconsole\'s (exit EINVAL)', () => {
    expect(r.consoleBadType).toEqual(err('console type supported are: pv, serial, vuart\n'))
    expect(r.consoleDom0).toEqual(err('Can\'t specify Domain-0\n', 22))
  })
})

describe('set-parameters: hypfs /params (libxl.c:667 libxl_set_parameters, libs/hypfs xenhypfs_write)', () => {
  const failed = (why: string, params: string) =>
    err(`libxl: error: libxl.c:706:libxl_set_parameters: setting parameters: ${why}\ncannot set parameters: ${params}\n`)
  it('runtime parameters are written; noNAME writes "no"', () => {
    expect(r.paramsOk).toEqual(ok())
    expect(r.paramsNo).toEqual(ok())
  })
  it('a parameter that is not a runtime one has no node: ENOENT', () => {
    expect(r.paramsUnknown).toEqual(failed('No such file or directory', 'sched_ratelimit_us=500'))
  })
  it('the parameter\'s own parser refuses: EINVAL / ERANGE; a bool node refuses in the library: EDOM', () => {
    expect(r.paramsBadLevel).toEqual(failed('Invalid argument', 'loglvl=loud'))
    expect(r.paramsRange).toEqual(failed('Numerical result out of range', 'gnttab_max_frames=0x80000000'))
    expect(r.paramsBadBool).toEqual(failed('Numerical argument out of domain', 'global-pages=maybe'))
  })
  it('"=1" names /params itself, a directory: EACCES', () => {
    expect(r.paramsDir).toEqual(failed('Permission denied', '=1'))
  })
  it('a word with no value, where real xl crashes, is refused with advice', () => {
    expect(r.paramsNoValue!.code).toBe(1)
    expect(r.paramsNoValue!.stderr).toMatch(/^xl: set-parameters: 'loglvl' has no '=VALUE' .*write loglvl=VALUE or nologlvl\n$/)
  })
})

describe('dump-core: an ELF core as xg_core.c writes it', () => {
  it('exits 0 and writes a sparse file of the domain\'s size', () => {
    expect(r.dumpCore).toEqual(ok())
    const st = statSync(core)
    expect(st.mode & 0o777).toBe(0o600)
    // 128 MiB of pages plus headers and the p2m, but almost none of it on disk.
    expect(st.size).toBeGreaterThan(128 * 1024 * 1024)
    expect(st.blocks * 512).toBeLessThan(4 * 1024 * 1024)
  })
  it('has the sections, notes and tables of a PV guest\'s core', () => {
    const fd = readFileSync(core, {flag: 'r'}).subarray(0, 0x4000)
    expect([...fd.subarray(0, 4)]).toEqual([0x7f, 0x45, 0x4c, 0x46])
    expect(fd.readUInt16LE(16)).toBe(4) // ET_CORE
    expect(fd.readUInt16LE(18)).toBe(62) // EM_X86_64
    const shnum = fd.readUInt16LE(60)
    expect(shnum).toBe(7)
    const shdr = (i: number) => ({
      name: fd.readUInt32LE(64 + i * 64), type: fd.readUInt32LE(64 + i * 64 + 4),
      offset: Number(fd.readBigUInt64LE(64 + i * 64 + 24)), size: Number(fd.readBigUInt64LE(64 + i * 64 + 32)),
    })
    const whole = readFileSync(core)
    const strtab = shdr(1)
    const name = (i: number) => {
      const s = whole.subarray(strtab.offset + shdr(i).name)
      return s.subarray(0, s.indexOf(0)).toString('latin1')
    }
    expect(Array.from({length: shnum}, (_, i) => name(i))).toEqual(['', '.shstrtab', '.note.Xen', '.xen_prstatus', '.xen_shared_info', '.xen_pages', '.xen_p2m'])
    // Two vCPUs of vcpu_guest_context_t (5168 bytes on x86_64).
    expect(shdr(3).size).toBe(2 * 5168)
    expect(shdr(5)).toMatchObject({size: 128 * 1024 * 1024})
    expect(shdr(5).offset % 4096).toBe(0)
    expect(shdr(6).size).toBe(32768 * 16)
    // The header note: XC_CORE_MAGIC, nr_vcpus, nr_pages, page size.
    const note = shdr(2).offset
    expect(whole.readUInt32LE(note + 16 + 8)).toBe(0x2000001)
    expect(whole.readBigUInt64LE(note + 32)).toBe(0xF00FEBEDn)
    expect(whole.readBigUInt64LE(note + 40)).toBe(2n)
    expect(whole.readBigUInt64LE(note + 48)).toBe(32768n)
  })
  it('a path that cannot be created: libxenguest\'s PERROR, libxl\'s line, xl\'s (xg_core.c, libxl_domain.c:603)', () => {
    const p = join(h.dir, 'missing', 'core')
    expect(r.dumpCoreBad).toEqual(err(`xc: error: Could not open corefile ${p} (2 = No such file or directory): Internal error\n` +
      `libxl: error: libxl_domain.c:603:libxl_domain_core_dump: Domain 1:Core dumping domain to ${p}: No such file or directory\n` +
      'core dump failed (rc=-3)\n'))
  })
})

describe('the device model: vncviewer and qemu-monitor-command (libxl_console.c, libxl_qmp.c)', () => {
  it('a PV guest without a vfb has no VNC port and no QMP socket', () => {
    expect(r.vncviewer).toEqual(err('libxl: error: libxl_console.c:201:libxl_vncviewer_exec: Domain 1:Cannot get vnc-port\n'))
    expect(r.qemu).toEqual(err('libxl: error: libxl_qmp.c:1334:qmp_ev_lock_aquired: Domain 1:Failed to connect to QMP socket /var/run/xen/qmp-libxl-1: No such file or directory\n'))
    expect(r.qemuExtra).toEqual(err('Invalid arguments.\n'))
  })
})

describe('config-update (xl_misc.c main_config_update)', () => {
  const warning = 'WARNING: xl now has better capability to manage domain configuration, avoid using this command when possible\n'
  it('needs a domain, then a config file', () => {
    expect(r.cuNone!.code).toBe(1)
    expect(r.cuNone!.stderr).toBe('xl config-update requires a domain argument\n')
    expect(r.cuNone!.stdout).toMatch(/^Usage: xl \[-vtTfN\] config-update <Domain> <ConfigFile>/)
    expect(r.cuNoFile).toEqual(err(`${warning}Config file not specified\n`))
  })
  it('-N prints the parsed config as create -n does and stores nothing', () => {
    expect(r.cuDry!.code).toBe(0)
    expect(r.cuDry!.stderr).toBe(warning)
    expect(JSON.parse(r.cuDry!.stdout).b_info.target_memkb).toBe(256 * 1024)
  })
  it('stores the config; the domain is rebuilt from it when it reboots', () => {
    expect(r.cu).toEqual(err(`${warning}setting dom1 configuration\n`, 0))
    expect(r.listBefore!.stdout).toMatch(/\ng1 +1 +128 /)
    expect(r.listAfter!.stdout).toMatch(/\ng1 +2 +256 /)
  })
})

describe('devd (xl_misc.c main_devd, xl_utils.c do_daemonize)', () => {
  it('daemonizes: the command returns 0 and the daemon\'s pid is in the pid file until it is killed', () => {
    const res = spawnSync(process.execPath, [BIN, 'devd', '-p', pidfile], {env: {...process.env, XLSIM_STATE: h.state}, encoding: 'utf8', timeout: 20_000})
    expect(res.status).toBe(0)
    expect(res.stdout + res.stderr).toBe('')
    expect(existsSync(pidfile)).toBe(true)
    const pid = Number(readFileSync(pidfile, 'utf8').trim())
    expect(() => process.kill(pid, 0)).not.toThrow()
    process.kill(pid, 'SIGTERM')
  })
  it('-F stays in the foreground until a signal ends it', () => {
    const res = spawnSync(process.execPath, [BIN, 'devd', '-F'], {env: {...process.env, XLSIM_STATE: h.state}, timeout: 3000, killSignal: 'SIGTERM'})
    expect(res.signal).toBe('SIGTERM')
  })
})

describe('remus (xl_migrate.c main_remus, libxl_domain.c libxl_domain_remus_start, libxl_remus.c)', () => {
  const rh = x86Host()
  afterAll(() => rh.cleanup())
  const rr = runSteps(rh.state, [
    ['create', 'create', '-q', rh.guest('g1')],
    ['proxy', 'remus', '-p', 'g1', 'backup'],
    ['coloConflict', 'remus', '-c', '-b', 'g1', 'backup'],
    ['unsafe', 'remus', '-b', 'g1', 'backup'],
    ['netbuf', 'remus', '-F', '-b', 'g1', 'backup'],
    ['toHost', 'remus', '-F', '-n', 'g1', 'backup'],
    ['noDomain', 'remus', '-F', '-n', '-b', 'nosuch', 'backup'],
  ])
  const backupFailed = 'Remus: Backup failed? resuming domain at primary.\n'
  it('xl\'s own option checks', () => {
    expect(rr.proxy).toEqual(err('Option -p must be used in conjunction with -c', 255))
    expect(rr.coloConflict).toEqual(err('option -c is conflict with -i, -d, -n or -b: Success\n', 255))
  })
  it('libxl refuses unsafe modes without -F, and network buffering (built without libnl3)', () => {
    expect(rr.unsafe).toEqual(err('libxl: error: libxl_domain.c:448:libxl_domain_remus_start: Domain 1:Unsafe mode must be enabled to replicate to /dev/null,disable network buffering and disk replication\n' + backupFailed))
    expect(rr.netbuf).toEqual(err('libxl: error: libxl_remus.c:87:libxl__remus_setup: Domain 1:Remus: No support for network buffering\n' + backupFailed))
    expect(rr.noDomain).toEqual(err('nosuch is an invalid domain identifier (rc=-6)\n'))
  })
  it('replication to another host is refused in one line that says what works', () => {
    expect(rr.toHost!.code).toBe(1)
    expect(rr.toHost!.stderr).toMatch(/^xl: remus: replication to another host is not modelled by xlsim; replicate to \/dev\/null with -F -n -b\n$/)
  })
  it('a blackhole replica checkpoints until the primary domain is destroyed, then exits 0', async () => {
    const {spawn} = await import('node:child_process')
    const p = spawn(process.execPath, [BIN, 'remus', '-F', '-n', '-b', '-i', '50', 'g1', 'backup'], {env: {...process.env, XLSIM_STATE: rh.state}})
    let stderr = ''
    p.stderr.on('data', d => (stderr += d))
    const done = new Promise<number | null>(resolve => p.on('close', code => resolve(code)))
    await new Promise(r => setTimeout(r, 1500))
    expect(p.exitCode).toBe(null)
    expect(rh.xl('destroy', 'g1').code).toBe(0)
    expect(await done).toBe(0)
    expect(stderr).toBe('Remus: Primary domain has been destroyed.\n')
  }, 30_000)
})
