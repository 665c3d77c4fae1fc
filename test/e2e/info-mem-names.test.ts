// xl info, uptime, mem-set, mem-max, rename, domid, domname.
import {afterAll, describe, expect, it} from 'vitest'
import {err, maskInfo, ok, runSteps, sample, x86Host} from './lifecycle-helpers.js'

const h = x86Host()
afterAll(() => h.cleanup())
const r = runSteps(h.state, [
  ['info', 'info'],
  ['infoN', 'info', '-n'],
  ['infoVer', 'info', 'xen_version'],
  ['infoNone', 'info', 'nosuchkey'],
  ['adv8', 'clock', 'advance', '8s'],
  ['up006', 'uptime'],
  ['create', 'create', h.guest('g2')],
  ['adv28', 'clock', 'advance', '28s'],
  ['up063', 'uptime'],
  ['upS', 'uptime', '-s', 'g2'],
  ['upBad', 'uptime', 'Domain-0', 'nope'],
  ['upDom', 'uptime', '1'],
  ['memSet', 'mem-set', 'g2', '64'],
  ['list64', 'list', 'g2'],
  ['memSetK', 'mem-set', 'g2', '98304k'],
  ['list96', 'list', 'g2'],
  ['memMaxLow', 'mem-max', 'g2', '32'],
  ['memSetHigh', 'mem-set', 'g2', '1g'],
  ['memBad', 'mem-set', 'g2', 'abc'],
  ['memBad2', 'mem-set', 'g2', '12x'],
  ['memEmpty', 'mem-set', 'g2', ''],
  ['memMinus1k', 'mem-max', 'g2', '-1k'],
  ['memNeg', 'mem-set', 'g2', '-5'],
  ['memDom0', 'mem-set', '0', '64'],
  ['memDom', 'mem-set', 'nope', '64'],
  ['memMax', 'mem-max', 'g2', '256m'],
  ['memSet200', 'mem-set', 'g2', '200'],
  ['list200', 'list', 'g2'],
  ['memFew', 'mem-set', 'g2'],
  ['domid', 'domid', 'g2'],
  ['domidNum', 'domid', '1'],
  ['domidBad', 'domid', 'nope'],
  ['domname', 'domname', '1'],
  ['domname0', 'domname', '0'],
  ['domnameBad', 'domname', 'abc'],
  ['domnameNone', 'domname', '7'],
  ['domnameEmpty', 'domname', ''],
  ['rename', 'rename', 'g2', 'g1'],
  ['renamed', 'domid', 'g1'],
  ['renameTaken', 'rename', 'g1', 'Domain-0'],
  ['renameBadName', 'rename', 'g1', 'a b'],
  ['renamedSpaced', 'domid', 'a b'],
  ['renameEmpty', 'rename', 'a b', ''],
  ['renameDom', 'rename', 'nope', 'x'],
  ['renameFew', 'rename', 'g1'],
])

describe('xl info', () => {
  it('matches the sample (host memory and build values masked)', () => {
    const s = sample('x86-pv', '001-info')
    expect(maskInfo(r.info!.stdout)).toBe(maskInfo(s.out))
    expect(r.info!.stderr).toBe(s.err)
    expect(r.info!.code).toBe(s.rc)
    expect(r.info!.stdout).toMatch(/^total_memory {11}: 8192$/m)
    expect(r.info!.stdout).toMatch(/^free_memory {12}: 7168$/m)
  })
  it('-n adds the topology tables; a key name prints only its value', () => {
    expect(r.infoN!.stdout).toContain('cpu_topology           :\ncpu:    core    socket     node\n  0:       0        0        0\n  1:       1        0        0\n')
    expect(r.infoN!.stdout).toContain('numa_info              :\nnode:    memsize    memfree    distances\n   0:      8192       7168      10\n')
    expect(r.infoVer).toEqual(ok('4.17.7\n'))
    expect(r.infoNone).toEqual(ok())
  })
})

describe('xl uptime', () => {
  it('matches the samples', () => {
    expect(r.up006).toEqual({stdout: sample('x86-pv', '006-uptime').out, stderr: '', code: 0})
    expect(r.up063).toEqual({stdout: sample('x86-pv', '063-uptime-g').out.replace('0:00:23', '0:00:28'), stderr: '', code: 0})
  })
  it('-s prints the simulated clock; errors', () => {
    expect(r.upS).toEqual(ok(' 00:00:36 up  0:00, g2 (1)\n'))
    expect(r.upBad).toEqual(err('nope is an invalid domain identifier (rc=-6)\n'))
    expect(r.upDom!.stdout.split('\n')[1]).toBe('g2                                   1  0:00:28')
  })
})

describe('xl mem-set / mem-max', () => {
  it('sets the target (MiB default, suffixes) and the maximum', () => {
    expect(r.memSet).toEqual(ok())
    expect(r.list64!.stdout.split('\n')[1]).toMatch(/^g2 +1 +64 /)
    expect(r.memSetK).toEqual(ok())
    expect(r.list96!.stdout.split('\n')[1]).toMatch(/^g2 +1 +96 /)
    expect(r.memMax).toEqual(ok())
    expect(r.memSet200).toEqual(ok())
    expect(r.list200!.stdout.split('\n')[1]).toMatch(/^g2 +1 +200 /)
  })
  it('errors as xl prints them', () => {
    expect(r.memMaxLow).toEqual(err('libxl: error: libxl_mem.c:59:libxl_domain_setmaxmem: Domain 1:memory_static_max must be greater than or or equal to memory_dynamic_max: Success\ncannot set domid 1 static max memory to : 32\n'))
    const dyn = (arg: string) => err(`libxl: error: libxl_mem.c:278:libxl_set_memory_target: Domain 1:memory_dynamic_max must be less than or equal to memory_static_max\n\ncannot set domid 1 dynamic max memory to : ${arg}\n`)
    expect(r.memSetHigh).toEqual(dyn('1g'))
    expect(r.memNeg).toEqual(err("option `5' not supported.\n", 2))
    expect(r.memBad).toEqual(err('invalid memory size: abc\n'))
    expect(r.memBad2).toEqual(err('invalid memory size: 12x\n'))
    // strtoll reads nothing: 0 MiB, a valid (if unwise) target
    expect(r.memEmpty).toEqual(ok())
    expect(r.memMinus1k).toEqual(err("option `1' not supported.\n", 2))
    expect(r.memDom0).toEqual(err('libxl: error: libxl_mem.c:287:libxl_set_memory_target: New target 65536 for dom0 is below the minimum threshold\ncannot set domid 0 dynamic max memory to : 64\n'))
    expect(r.memDom).toEqual(err('nope is an invalid domain identifier (rc=-6)\n'))
    expect(r.memFew!.code).toBe(2)
  })
})

describe('xl domid / domname / rename', () => {
  it('converts names and ids', () => {
    expect(r.domid).toEqual(ok('1\n'))
    expect(r.domidNum).toEqual(err("Can't get domid of domain name '1', maybe this domain does not exist.\n"))
    expect(r.domidBad).toEqual(err("Can't get domid of domain name 'nope', maybe this domain does not exist.\n"))
    expect(r.domname).toEqual(ok('g2\n'))
    expect(r.domname0).toEqual(ok('Domain-0\n'))
    expect(r.domnameBad).toEqual(err('Invalid domain id.\n\n'))
    expect(r.domnameNone).toEqual(err("Can't get domain name of domain id '7', maybe this domain does not exist.\n"))
    expect(r.domnameEmpty).toEqual(err('Invalid domain id.\n\n'))
  })
  it('renames, with libxl errors for taken or bad names', () => {
    expect(r.rename).toEqual(ok())
    expect(r.renamed).toEqual(ok('1\n'))
    // libxl_domain.c:81 (RELEASE-4.17.7), libxl__domain_rename
    expect(r.renameTaken).toEqual(err('libxl: error: libxl_domain.c:81:libxl__domain_rename: Domain 1:Domain with name "Domain-0" already exists.\nCan\'t rename domain \'g1\'.\n'))
    // libxl__domain_rename checks only uniqueness of a non-empty name: any other string is written as it is
    expect(r.renameBadName).toEqual(ok())
    expect(r.renamedSpaced).toEqual(ok('1\n'))
    expect(r.renameEmpty).toEqual(ok())
    expect(r.renameDom).toEqual(err('nope is an invalid domain identifier (rc=-6)\n'))
    expect(r.renameFew!.code).toBe(2)
  })
})
