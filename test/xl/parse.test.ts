import {noDevices} from '../../src/libxl/device-types.js'
import {describe, expect, it} from 'vitest'
import {ConfigError, ConfigParseError, parseConfig} from '../../src/libxlu/index.js'
import {applyOverrides, domainConfigFrom, type DomainConfigInput} from '../../src/xl/parse.js'

const build = (text: string, nrCpus = 4): DomainConfigInput => domainConfigFrom(parseConfig(text, 'g.cfg'), {nrCpus})

/** [warnings..., error...] and exit code of a rejected config. */
function rejected(text: string): [string[], number] {
  try {
    build(text)
  } catch (e) {
    if (e instanceof ConfigError) return [e.lines, e.exitCode]
    throw e
  }
  throw new Error('accepted')
}

describe('domainConfigFrom: defaults', () => {
  it('a minimal config', () => {
    expect(build('name = "g1"\n')).toEqual({
      name: 'g1',
      uuid: null,
      type: 'pv',
      memory: 32,
      maxmem: 32,
      vcpus: 1,
      maxvcpus: 1,
      cpus: null,
      cpusSoft: null,
      kernel: null,
      ramdisk: null,
      cmdline: null,
      onPoweroff: 'destroy',
      onReboot: 'restart',
      onWatchdog: 'destroy',
      onCrash: 'destroy',
      onSoftReset: 'soft-reset',
      pool: null,
      weight: null,
      cap: null,
      paravirtTimeAccounting: true,
      workload: null,
      devices: noDevices(),
    } satisfies DomainConfigInput)
  })

  it('a typical PV guest', () => {
    const c = build(`
name = "g1"
type = "pv"
kernel = "/boot/linux-6.1"
ramdisk = "/boot/initrd"
extra = "console=hvc0"
root = "/dev/xvda1 ro"
memory = 512
maxmem = 0x400
vcpus = 2
maxvcpus = 4
cpus = "0-3,^2"
cpus_soft = [ "1", "2-3" ]
on_crash = "preserve"
uuid = "01234567-89AB-cdef-0123-456789abcdef"
pool = "Pool-0"
cpu_weight = 512
cap = 50
paravirt_time_accounting = 0
workload = [ "spin", "idle" ]
vif = [ 'bridge=xenbr0' ]   # unknown to us: ignored
`)
    expect(c).toMatchObject({
      name: 'g1',
      type: 'pv',
      kernel: '/boot/linux-6.1',
      ramdisk: '/boot/initrd',
      cmdline: 'root=/dev/xvda1 ro console=hvc0',
      memory: 512,
      maxmem: 1024,
      vcpus: 2,
      maxvcpus: 4,
      // Compact: the last entry stands for the vCPUs after it.
      cpus: [[0, 1, 3]],
      cpusSoft: [[1], [2, 3], null],
      onCrash: 'preserve',
      uuid: '01234567-89ab-cdef-0123-456789abcdef',
      pool: 'Pool-0',
      weight: 512,
      cap: 50,
      paravirtTimeAccounting: false,
      workload: ['spin', 'idle'],
    })
  })

  it('memory defaults: maxmem follows memory, memory follows maxmem', () => {
    expect(build('name="a"\nmemory=256\n')).toMatchObject({memory: 256, maxmem: 256})
    expect(build('name="a"\nmaxmem=256\n')).toMatchObject({memory: 256, maxmem: 256})
  })
  it('vcpus and maxvcpus are C longs stored in an int (b_info->max_vcpus)', () => {
    // vcpus = 2^32 + 1: the bitmap is sized for 1, max_vcpus becomes 1, and 1 < 2^32 + 1.
    expect(rejected('name="a"\nvcpus=4294967297\n')).toEqual([['xl: maxvcpus < vcpus'], 1])
    expect(build('name="a"\nvcpus=2\nmaxvcpus=4294967300\n')).toMatchObject({vcpus: 2, maxvcpus: 4})
    expect(rejected('name="a"\nvcpus=2\nmaxvcpus=4294967297\n')).toEqual([['xl: maxvcpus < vcpus'], 1])
    expect(build('name="a"\nvcpus=100000\n')).toMatchObject({vcpus: 100000, maxvcpus: 100000})
  })
  it('vcpus defaults', () => {
    expect(build('name="a"\nvcpus=3\n')).toMatchObject({vcpus: 3, maxvcpus: 3})
    expect(build('name="a"\nmaxvcpus=3\n')).toMatchObject({vcpus: 1, maxvcpus: 3})
  })
  it('numbers may be quoted (libxlu keeps numbers as strings)', () => {
    expect(build('name="a"\nmemory="0x100"\nvcpus=" 2"\n')).toMatchObject({memory: 256, vcpus: 2})
  })
  it('type: prefixes as strncmp does; builder="hvm" still works', () => {
    expect(build('name="a"\ntype="hvm"\n').type).toBe('hvm')
    expect(build('name="a"\ntype="h"\n').type).toBe('hvm')
    expect(build('name="a"\ntype="p"\n').type).toBe('pv')
    expect(build('name="a"\ntype="pvh"\n').type).toBe('pvh')
    expect(build('name="a"\nbuilder="hvm"\n').type).toBe('hvm')
    expect(build('name="a"\nbuilder="generic"\n').type).toBe('pv')
    expect(build('name="a"\ntype="hvm"\nbuilder="hvm"\n').type).toBe('hvm')
  })
  it('cmdline wins over root/extra, with xl\'s warning', () => {
    const cfg = parseConfig('name="a"\ncmdline="x"\nextra="y"\n', 'g.cfg')
    expect(domainConfigFrom(cfg).cmdline).toBe('x')
    expect(cfg.warnings).toEqual(['Warning: ignoring root= and extra= in favour of cmdline='])
    expect(build('name="a"\nroot="/dev/xvda"\n').cmdline).toBe('root=/dev/xvda')
    expect(build('name="a"\nextra="quiet"\nextra += " ro"\n').cmdline).toBe('quiet ro')
  })
  it('cpus: a list gives per-vCPU maps, extra entries are ignored, "all"', () => {
    expect(build('name="a"\nvcpus=2\ncpus=["0","1","2"]\n').cpus).toEqual([[0], [1]])
    expect(build('name="a"\nvcpus=2\ncpus="all"\n', 2).cpus).toEqual([[0, 1]])
    // Fewer items than vCPUs: the rest are not set (null), whatever their number.
    expect(build('name="a"\nmaxvcpus=100000\ncpus=["0"]\n').cpus).toEqual([[0], null])
    expect(build('name="a"\nmaxvcpus=2147483647\ncpus="1"\n').cpus).toEqual([[1]])
    expect(build('name="a"\nvcpus=1\ncpus="0-7"\n', 2).cpus).toEqual([[0, 1]])
  })
  it('cpus without vcpus/maxvcpus: parsed but applies to no vCPU (max_vcpus is still 0 then)', () => {
    expect(build('name="a"\ncpus="1"\n').cpus).toEqual([])
  })
  it('workload as a string; the last setting of a key wins', () => {
    expect(build('name="a"\nname="b"\nworkload="spin"\n')).toMatchObject({name: 'b', workload: 'spin'})
  })
})

describe('domainConfigFrom: warnings of wrong types (libxlu texts), key then ignored', () => {
  const cases: [string, string, string[], Partial<DomainConfigInput>][] = [
    ['not a number', 'name="a"\nvcpus="two"\n', ["g.cfg:2: warning: parameter `vcpus' is not a valid number"], {vcpus: 1}],
    ['trailing junk', 'name="a"\nmemory="512M"\n', ["g.cfg:2: warning: parameter `memory' is not a valid number"], {memory: 32}],
    ['octal-looking', 'name="a"\nvcpus=08\n', ["g.cfg:2: warning: parameter `vcpus' is not a valid number"], {vcpus: 1}],
    ['overflow', 'name="a"\ncap=99999999999999999999\n', [
      "g.cfg:2: warning: parameter `cap' could not be parsed as a number: Numerical result out of range",
    ], {cap: null}],
    ['+= on a number', 'name="a"\nmemory=1\nmemory+="2"\n', [
      "g.cfg:3: warning: can't use += with numbers for parameter `memory'",
    ], {memory: 32}],
    ['list for a single value', 'name="a"\nkernel=["k"]\n', [
      "g.cfg:2: warning: parameter `kernel' is a list but should be a single value",
    ], {kernel: null}],
    ['defbool simulator key', 'name="a"\nparavirt_time_accounting="yes"\n', [
      "g.cfg:2: warning: parameter `paravirt_time_accounting' is not a valid number",
    ], {paravirtTimeAccounting: true}],
    ['hap is read too', 'name="a"\nhap="x"\n', ["g.cfg:2: warning: parameter `hap' is not a valid number"], {}],
  ]
  it.each(cases)('%s', (_n, text, warnings, fields) => {
    const cfg = parseConfig(text, 'g.cfg')
    const c = domainConfigFrom(cfg)
    expect(cfg.warnings).toEqual(warnings)
    expect(c).toMatchObject(fields)
  })
})

describe('domainConfigFrom: errors (xl_parse.c texts, exit 1)', () => {
  const cases: [string, string, string[]][] = [
    ['no name', 'memory = 512\n', ['Domain name must be specified.']],
    ['name as a list', 'name = [ "a" ]\n', [
      "g.cfg:1: warning: parameter `name' is a list but should be a single value",
      'Domain name must be specified.',
    ]],
    ['bad type', 'name="a"\ntype="xen"\n', ['Invalid domain type xen.']],
    ['bad builder', 'name="a"\nbuilder="pv"\n', ['Invalid domain type pv.']],
    ['type and builder disagree', 'name="a"\ntype="pv"\nbuilder="hvm"\n', [
      'Contradicting "builder" and "type" options specified.',
    ]],
    ['bad uuid', 'name="a"\nuuid="1234"\n', ['Failed to parse UUID: 1234']],
    ['maxvcpus < vcpus', 'name="a"\nvcpus=4\nmaxvcpus=2\n', ['xl: maxvcpus < vcpus']],
    ['negative vcpus', 'name="a"\nvcpus="-1"\n', [
      'libxl: error: libxl_utils.c:809:libxl_cpu_bitmap_alloc: invalid number of cpus provided',
      'Unable to allocate cpumap',
    ]],
    ['bad cpu range', 'name="a"\nvcpus=1\ncpus="0-x"\n', ['Invalid pcpu range: 0-x.']],
    ['reversed cpu range', 'name="a"\nvcpus=1\ncpus="3-1"\n', ['Invalid pcpu range: 3-1.']],
    ['^all', 'name="a"\nvcpus=1\ncpus_soft="^all"\n', ['Can\'t combine "^" and "all".']],
    ['bad item in a cpus list', 'name="a"\nvcpus=2\ncpus=["0","^x"]\n', ['Invalid pcpu range: x.']],
    ['on_poweroff', 'name="a"\non_poweroff="halt"\n', ['Unknown on_poweroff action "halt" specified']],
    ['on_reboot', 'name="a"\non_reboot="Restart"\n', ['Unknown on_reboot action "Restart" specified']],
    ['on_crash', 'name="a"\non_crash=1\n', ['Unknown on_crash action "1" specified']],
  ]
  it.each(cases)('%s', (_n, text, lines) => {
    expect(rejected(text)).toEqual([lines, 1])
  })

  it('keys xl reads after the failing check are not looked at (no warnings)', () => {
    expect(rejected('vcpus="x"\nmemory=[1]\n')).toEqual([['Domain name must be specified.'], 1])
  })

  it('warnings of keys read before the failing one precede the error', () => {
    expect(rejected('name="a"\nmemory=[1]\nvcpus=2\nmaxvcpus=1\n')).toEqual([
      ["g.cfg:2: warning: parameter `memory' is a list but should be a single value", 'xl: maxvcpus < vcpus'],
      1,
    ])
  })

  it('all shutdown actions are accepted', () => {
    for (const a of ['destroy', 'restart', 'rename-restart', 'preserve', 'coredump-destroy', 'coredump-restart', 'soft-reset']) {
      expect(build(`name="a"\non_reboot="${a}"\n`).onReboot).toBe(a)
    }
  })
})

describe('applyOverrides (xl create key=value arguments)', () => {
  it('later settings win', () => {
    const cfg = applyOverrides(parseConfig('name = "a"\nmemory = 128\n', 'g.cfg'), ['memory=256', 'vcpus=2'])
    expect(build(cfg.text)).toMatchObject({name: 'a', memory: 256, vcpus: 2})
    expect(cfg.text).toBe('name = "a"\nmemory = 128\n\nmemory=256\nvcpus=2\n\n')
  })
  it('no overrides: unchanged', () => {
    const cfg = parseConfig('name = "a"\n', 'g.cfg')
    expect(applyOverrides(cfg, [])).toBe(cfg)
  })
  it('a file without a final newline is fine', () => {
    expect(build(applyOverrides(parseConfig('name = "a"', 'g.cfg'), ['name="b"']).text).name).toBe('b')
  })
  it('errors in an override are reported with line numbers past the file', () => {
    try {
      applyOverrides(parseConfig('name = "a"\n', 'g.cfg'), ['vcpus=two'])
      expect.unreachable()
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigParseError)
      expect((e as ConfigParseError).lines).toEqual([
        "g.cfg:3: config parsing error near `two': syntax error, unexpected IDENT, expecting STRING or NUMBER or '['",
        'Failed to parse config: Invalid argument',
      ])
    }
  })
})
