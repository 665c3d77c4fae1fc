// What `xl create` makes of hostile input: files that are not plain files,
// binary files, huge numbers, long lists, vCPU counts past what libxl and
// Xen allow, over-long names; and vm-assist numbers past an unsigned int.
// Each case ends, with xl's lines and exit code.
import {spawn} from 'node:child_process'
import {writeFileSync} from 'node:fs'
import {join} from 'node:path'
import Database from 'better-sqlite3'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {BIN, cfg, tempHost, type TempHost} from '../helpers/cli.js'

let x86: TempHost
let arm: TempHost

beforeAll(() => {
  x86 = tempHost()
  expect(x86.xl('host', 'init', '--force', '--clock', 'manual', '--arch', 'x86_64', '--cpus', '4').code).toBe(0)
  arm = tempHost()
  expect(arm.xl('host', 'init', '--force', '--clock', 'manual', '--arch', 'arm64', '--cpus', '2').code).toBe(0)
})
afterAll(() => {
  x86.cleanup()
  arm.cleanup()
})

const lines = (s: string) => s.split('\n').filter(l => l !== '')

describe('config files that are not plain files (libxl_read_file_contents)', () => {
  const notPlain = (f: string) => [
    `libxl: error: libxl_utils.c:346:libxl_read_file_contents: ${f} is not a plain file: Success`,
    `Failed to read config file: ${f}: Inappropriate ioctl for device`,
  ]
  it.each([['/dev/zero'], ['/dev/urandom']])('xl create %s ends at once, nothing read', f => {
    const r = x86.xl('create', f)
    expect(r).toEqual({code: 3, stdout: '', stderr: `${notPlain(f).join('\n')}\n`})
    expect(x86.xl('create', '-f', f)).toEqual(r)
    expect(x86.xl('create', '-n', f).code).toBe(3)
  })
  it('a directory', () => {
    expect(lines(x86.xl('create', x86.dir).stderr)).toEqual(notPlain(x86.dir))
  })
  it('missing files and bad paths: xl\'s errno texts, exit 3', () => {
    const missing = join(x86.dir, 'nope.cfg')
    expect(x86.xl('create', missing)).toEqual({code: 3, stdout: '', stderr: `Failed to read config file: ${missing}: No such file or directory\n`})
    const file = x86.file('plain.cfg', 'name = "p"\n')
    expect(lines(x86.xl('create', `${file}/x`).stderr)).toEqual([
      `libxl: error: libxl_utils.c:336:libxl_read_file_contents: failed to open ${file}/x: Not a directory`,
      `Failed to read config file: ${file}/x: Not a directory`,
    ])
  })
})

describe('binary files: libxlu reports each bad line and gives up at the end', () => {
  it('4 KiB of binary: lexical errors, one per line at most, then the parse failure', () => {
    // Deterministic bytes, newline-rich so that several lines are reported.
    const buf = Buffer.alloc(4096)
    let s = 7
    for (let i = 0; i < buf.length; i++) {
      s = (s * 1103515245 + 12345) & 0x7fffffff
      buf[i] = s % 97 === 0 ? 10 : (s >> 8) & 0xff
    }
    const f = join(x86.dir, 'bin.cfg')
    writeFileSync(f, buf)
    const r = x86.xl('create', f)
    expect(r.code).toBe(1)
    const out = lines(r.stderr)
    expect(out[0]).toBe(`Parsing config from ${f}`)
    expect(out.at(-1)).toBe('Failed to parse config: Invalid argument')
    const newlines = buf.filter(b => b === 10).length
    const errors = out.filter(l => l.startsWith(`${f}:`))
    expect(errors.length).toBeGreaterThan(1)
    expect(errors.length).toBeLessThanOrEqual(newlines + 1)
    for (const l of errors) expect(l).toMatch(/^.+:\d+: config parsing error near .*: (lexical error|syntax error.*|invalid .*)$/s)
    expect(r.stderr).not.toMatch(/internal error|EISDIR|at .*\.js/)
  })
})

// Bounds on work, not figures (those are in bench/input.ts): each of these
// took from 48 s to minutes while parsing was quadratic, and well under a
// second since; the timeouts leave room for a loaded machine.
describe('numbers and lists of any size parse in linear time', () => {
  it('a 1,000,000-digit vcpus overflows as strtol does (ERANGE warning), the key is ignored', () => {
    const f = x86.file('digits.cfg', `name = "d"\nvcpus = ${'9'.repeat(1_000_000)}\n`)
    const r = x86.xl('create', '-n', f)
    expect(r.code).toBe(0)
    expect(lines(r.stderr)).toEqual([
      `Parsing config from ${f}`,
      `${f}:2: warning: parameter \`vcpus' could not be parsed as a number: Numerical result out of range`,
    ])
  }, 30_000)
  it('50,000 `vif +=` lines (about 2.5 MB) parse', () => {
    // MAC bytes in hex: parse_nic_config reads them with strtoul(…, 16) and refuses one over 0xff
    const hex = (n: number) => n.toString(16).padStart(2, '0')
    const body = Array.from({length: 50_000}, (_, i) => `vif += [ "mac=00:16:3e:00:${hex((i >> 8) & 0xff)}:${hex(i & 0xff)},bridge=xenbr0" ]\n`).join('')
    const f = x86.file('vif.cfg', `name = "v"\n${body}`)
    const r = x86.xl('create', '-n', f)
    expect(r.stderr).toBe(`Parsing config from ${f}\n`)
    expect(r.code).toBe(0)
  }, 30_000)
})

describe('vCPU limits: libxl (avail_vcpus) and Xen (arch max_vcpus)', () => {
  const setdefault = [
    'libxl: error: libxl_create.c:218:libxl__domain_build_info_setdefault: avail_vcpus bitmap contains too many VCPUS',
    'libxl: error: libxl_create.c:1239:libxl__domain_config_setdefault: Unable to set domain build info defaults',
  ]
  const xenRefuses = [
    'libxl: error: libxl_create.c:709:libxl__domain_make: domain creation fail: Invalid argument',
    'libxl: error: libxl_create.c:1294:initiate_domain_create: cannot make domain: -3',
  ]
  const create = (h: TempHost, name: string, fields: Record<string, string | number>, ...flags: string[]) => {
    const f = h.file(`${name}.cfg`, cfg({name, ...fields}))
    const r = h.xl('create', ...flags, f)
    return {...r, lines: lines(r.stderr).slice(1)}
  }
  it('vcpus = 100000: libxl refuses the bitmap (over 1024 vCPUs), create and dry run alike', () => {
    for (const flags of [[], ['-n']]) {
      const r = create(x86, 'v100k', {vcpus: 100_000}, ...flags)
      expect([r.code, r.lines]).toEqual([3, setdefault])
    }
    expect(create(x86, 'v1025', {type: 'pv', vcpus: 1025}, '-n').code).toBe(3)
    expect(create(arm, 'v100k', {vcpus: 100_000}).lines).toEqual(setdefault)
  })
  it('maxvcpus = 12000, vcpus = 1 on x86 PV: past MAX_VIRT_CPUS (8192), Xen says EINVAL', () => {
    const r = create(x86, 'm12k', {type: 'pv', maxvcpus: 12_000, vcpus: 1})
    expect([r.code, r.lines]).toEqual([3, xenRefuses])
    expect(create(x86, 'm8193', {type: 'pv', maxvcpus: 8193, vcpus: 1}, '-n').lines).toEqual(xenRefuses)
    expect(create(x86, 'm8192', {type: 'pv', maxvcpus: 8192, vcpus: 1}, '-n').code).toBe(0)
  })
  it('HVM and PVH on x86: HVM_MAX_VCPUS (128); arm64: 128 (MAX_VIRT_CPUS, GICv3)', () => {
    for (const type of ['hvm', 'pvh']) {
      expect(create(x86, `${type}129`, {type, maxvcpus: 129}, '-n').lines).toEqual(xenRefuses)
      expect(create(x86, `${type}128`, {type, maxvcpus: 128}, '-n').code).toBe(0)
    }
    expect(create(arm, 'a129', {maxvcpus: 129}).lines).toEqual(xenRefuses)
    expect(create(arm, 'a128', {maxvcpus: 128}, '-n').code).toBe(0)
  })
  it('arm64: a PV guest is converted to PVH with libxl_arm.c\'s three warnings (the -n dry run shows it as asked)', () => {
    const r = create(arm, 'armpv', {type: 'pv', kernel: 'linux-6.1', memory: 64})
    expect([r.code, r.lines]).toEqual([0, [
      'libxl: warning: libxl_arm.c:1538:libxl__arch_domain_create_info_setdefault: Converting PV guest to PVH.',
      'libxl: warning: libxl_arm.c:1539:libxl__arch_domain_create_info_setdefault: Arm guest are now PVH.',
      'libxl: warning: libxl_arm.c:1540:libxl__arch_domain_create_info_setdefault: Please fix your configuration file/toolstack.',
    ]])
    expect(JSON.parse(arm.xl('list', '-l', 'armpv').stdout)[0].config.c_info.type).toBe('pvh')
    const dry = create(arm, 'armpv2', {type: 'pv'}, '-n')
    expect([dry.code, dry.lines]).toEqual([0, []])
    expect(arm.xl('destroy', 'armpv').code).toBe(0)
  })
  it('nothing was created by the refusals', () => {
    expect(lines(x86.xl('list').stdout).length).toBe(2)
  })
})

describe('domain names: one xenstore write of /local/domain/<domid>/name (XENSTORE_PAYLOAD_MAX)', () => {
  it('a 200,000-character name is refused by libxl__domain_rename; 4075 characters fit for domid 1', () => {
    const h = tempHost()
    try {
      expect(h.xl('host', 'init', '--force', '--clock', 'manual', '--arch', 'x86_64', '--cpus', '2').code).toBe(0)
      const long = h.file('long.cfg', cfg({name: 'n'.repeat(200_000), memory: 128}))
      const r = h.xl('create', long)
      expect(r.code).toBe(3)
      const out = lines(r.stderr)
      expect(out[1]).toMatch(/^libxl: error: libxl_domain\.c:107:libxl__domain_rename: Domain 1:Failed to write new name `n+.*' for domain previously named `\(null\)'$/)
      expect(out[2]).toBe('libxl: error: libxl_create.c:1294:initiate_domain_create: Domain 1:cannot make domain: -3')
      expect(h.xl('create', h.file('over.cfg', cfg({name: 'o'.repeat(4076), memory: 128}))).code).toBe(3)
      expect(h.xl('create', h.file('fits.cfg', cfg({name: 'f'.repeat(4075), memory: 128}))).code).toBe(0)
    } finally {
      h.cleanup()
    }
  })
})

describe('the config is read and parsed before the host is locked', () => {
  /** Run xl asynchronously while this process holds the state file's write lock. */
  function whileLocked(h: TempHost, args: string[]): Promise<{code: number; stderr: string}> {
    const db = new Database(h.state)
    db.prepare('BEGIN IMMEDIATE').run()
    return new Promise(resolve => {
      const p = spawn(process.execPath, [BIN, ...args], {env: {...process.env, XLSIM_STATE: h.state}})
      let stderr = ''
      p.stderr.on('data', d => void (stderr += d))
      p.on('close', code => {
        db.prepare('ROLLBACK').run()
        db.close()
        resolve({code: code ?? -1, stderr})
      })
    })
  }
  it('a parse error is reported while another command holds the lock (no wait, no lock error)', async () => {
    const f = x86.file('broken.cfg', 'name = "b"\nvcpus = = 2\n')
    const r = await whileLocked(x86, ['create', f])
    expect(r.code).toBe(1)
    expect(lines(r.stderr)).toEqual([
      `Parsing config from ${f}`,
      `${f}:2: config parsing error near \`=': syntax error, unexpected '=', expecting STRING or NUMBER or '['`,
      'Failed to parse config: Invalid argument',
    ])
  })
  it('so is a file that cannot be read', async () => {
    const r = await whileLocked(x86, ['create', '/dev/zero'])
    expect(r.code).toBe(3)
    expect(r.stderr).toMatch(/^libxl: error: .*\/dev\/zero is not a plain file/)
  })
})

describe('vm-assist numbers are unsigned ints', () => {
  beforeAll(() => {
    expect(x86.xl('create', x86.file('g.cfg', cfg({name: 'g', kernel: 'linux-6.1', vcpus: 1, memory: 64}))).code).toBe(0)
  })
  it('a command of 4294967296 is refused, not taken as enable (0 mod 2^32)', () => {
    const before = x86.xl('vm-assist', 'g').stdout
    expect(x86.xl('vm-assist', 'g', '4294967296', '5')).toEqual({code: 2, stdout: '',
      stderr: "xl: vm-assist command '4294967296' is out of range: the hypercall takes an unsigned int (0 to 4294967295)\n"})
    expect(x86.xl('vm-assist', 'g').stdout).toBe(before)
  })
  it('a type past 2^32 - 1 is refused and echoed as typed', () => {
    expect(x86.xl('vm-assist', 'g', 'enable', '18446744073709551616')).toEqual({code: 2, stdout: '',
      stderr: "xl: vm-assist type '18446744073709551616' is out of range: the hypercall takes an unsigned int (0 to 4294967295)\n"})
  })
  it('numbers in range reach the guest\'s hypercall, shown as typed when they have no name', () => {
    expect(x86.xl('vm-assist', 'g', '7', '5')).toEqual({code: 1, stdout: 'vm_assist(7, runstate_update_flag) = -38 (ENOSYS)\n', stderr: ''})
    expect(x86.xl('vm-assist', 'g', 'enable', '4294967295')).toEqual({code: 1, stdout: 'vm_assist(enable, 4294967295) = -22 (EINVAL)\n', stderr: ''})
  })
})
