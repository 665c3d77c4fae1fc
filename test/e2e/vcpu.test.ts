// xl vcpu-list / vcpu-pin / vcpu-set against the built CLI.
import {afterAll, describe, expect, it} from 'vitest'
import {err, maskVcpuList, ok, runSteps, sample, x86Host} from './lifecycle-helpers.js'

const h = x86Host()
afterAll(() => h.cleanup())
const g1 = h.guest('g1')
// One process runs the whole sequence (see batch-runner.mjs); names index the results.
const r = runSteps(h.state, [
  ['create', 'create', g1],
  ['listAll', 'vcpu-list'],
  ['list040', 'vcpu-list', 'g1'],
  ['pin0', 'vcpu-pin', 'g1', '0', '1'],
  ['list051', 'vcpu-list', 'g1'],
  ['set1', 'vcpu-set', 'g1', '1'],
  ['list053', 'vcpu-list', 'g1'],
  ['set2', 'vcpu-set', 'g1', '2'],
  ['listBad', 'vcpu-list', 'g1', 'nope'],
  ['listEmpty', 'vcpu-list', ''],
  ['pinHardSoft', 'vcpu-pin', 'g1', '1', '0-1,^1', '1'],
  ['listHS', 'vcpu-list', 'g1'],
  ['pinKeep', 'vcpu-pin', 'g1', '1', '-', 'all'],
  ['listKeep', 'vcpu-list', 'g1'],
  ['pinAll', 'vcpu-pin', 'g1', 'all', 'all', '-'],
  ['listAllPinned', 'vcpu-list', 'g1'],
  ['eCpu', 'vcpu-pin', 'g1', '0', '5'],
  ['eVcpu', 'vcpu-pin', 'g1', 'x', '1'],
  ['eForceAll', 'vcpu-pin', '-f', 'g1', 'all', '1'],
  ['eRange', 'vcpu-pin', 'g1', '0', '1-0'],
  ['eNotAll', 'vcpu-pin', 'g1', '0', '^all'],
  ['eJunk', 'vcpu-pin', 'g1', '0', 'abc'],
  ['eNoVcpu', 'vcpu-pin', 'g1', '9', 'all'],
  ['eDom', 'vcpu-pin', 'nope', '0', 'all'],
  ['eAllCpus', 'vcpu-pin', 'g1', 'all', '7'],
  ['eNeg', 'vcpu-pin', 'g1', '0', '-1'],
  ['eFew', 'vcpu-pin', 'g1', '0'],
  ['dry', '-N', 'vcpu-pin', 'g1', '0', '0-1,^1', 'all'],
  ['eKeepBoth', 'vcpu-pin', 'g1', '0', '-', '-'],
  ['listUnchanged', 'vcpu-list', 'g1'],
  ['softNone', 'vcpu-pin', 'g1', '0', 'all', '5'],
  ['listNone', 'vcpu-list', 'g1'],
  ['sOver', 'vcpu-set', 'g1', '5'],
  ['sOverI', 'vcpu-set', '-i', 'g1', '5'],
  ['sZero', 'vcpu-set', 'g1', '0'],
  ['sAbc', 'vcpu-set', 'g1', 'abc'],
  ['sEmpty', 'vcpu-set', 'g1', ''],
  ['sDom', 'vcpu-set', 'nope', '1'],
  ['sHuge', 'vcpu-set', 'g1', '99999999999999999999999'],
  ['sFew', 'vcpu-set', 'g1'],
])
const rows = (name: string) => r[name]!.stdout.split('\n').slice(1, -1)

describe('xl vcpu-list', () => {
  it('matches the samples (dom0; g1 fresh, after vcpu-pin g1 0 1, after vcpu-set g1 1)', () => {
    expect(r.create!.code).toBe(0)
    const all = r.listAll!
    const dom0 = all.stdout.split('\n').filter((l, i) => i === 0 || l.startsWith('Domain-0')).join('\n') + '\n'
    expect(maskVcpuList(dom0)).toBe(maskVcpuList(sample('x86-pv', '005-vcpu-list').out))
    expect(all.stderr).toBe('')
    expect(maskVcpuList(r.list040!.stdout)).toBe(maskVcpuList(sample('x86-pv', '040-vcpu-list-g1').out))
    expect(r.pin0).toEqual(ok())
    expect(maskVcpuList(r.list051!.stdout)).toBe(maskVcpuList(sample('x86-pv', '051-vcpu-list-pinned').out))
    expect(r.set1).toEqual(ok())
    expect(maskVcpuList(r.list053!.stdout)).toBe(maskVcpuList(sample('x86-pv', '053-vcpu-list-set').out))
    expect(rows('list053')[1]).toBe('g1                                   1     1    -   --p       0.0  all / all')
    expect(r.set2).toEqual(ok())
  })

  it('the spawned CLI prints the same table', () => {
    const s = h.xl('vcpu-list', 'g1')
    expect(s.code).toBe(0)
    expect(s.stdout.split('\n')[0]).toBe(sample('x86-pv', '040-vcpu-list-g1').out.split('\n')[0])
  })

  it('an unknown domain ends the list after the rows before it', () => {
    expect(r.listBad!.code).toBe(1)
    expect(r.listBad!.stderr).toBe('nope is an invalid domain identifier (rc=-6)\n')
    expect(rows('listBad')).toHaveLength(2)
    expect(r.listEmpty).toEqual({stdout: sample('x86-pv', '040-vcpu-list-g1').out.split('\n')[0] + '\n', stderr: ' is an invalid domain identifier (rc=-6)\n', code: 1})
  })
})

describe('xl vcpu-pin', () => {
  it('sets hard and soft maps; - keeps; ^ removes', () => {
    expect(r.pinHardSoft).toEqual(ok())
    expect(rows('listHS')[1]!.endsWith('  0 / 1')).toBe(true)
    expect(r.pinKeep).toEqual(ok())
    expect(rows('listKeep')[1]!.endsWith('  0 / all')).toBe(true)
    expect(r.pinAll).toEqual(ok())
    expect(rows('listAllPinned').every(l => l.endsWith('  all / all'))).toBe(true)
  })

  it('errors as xl prints them, and leaves the domain as it was', () => {
    const set = 'libxl: error: libxl_sched.c:62:libxl__set_vcpuaffinity: Domain 1:Setting vcpu affinity: Invalid argument'
    expect(r.eCpu).toEqual(err(`${set}\nCould not set affinity for vcpu \`0'.\n`))
    expect(r.eVcpu).toEqual(err('Error: Invalid argument x as VCPU.\n'))
    expect(r.eForceAll).toEqual(err("Error: --force and 'all' as VCPU not allowed.\n"))
    expect(r.eRange).toEqual(err('Invalid pcpu range: 1-0.\n'))
    expect(r.eNotAll).toEqual(err('Can\'t combine "^" and "all".\n'))
    expect(r.eJunk).toEqual(err('Invalid pcpu range: abc.\n'))
    expect(r.eNoVcpu).toEqual(err(`${set}\nCould not set affinity for vcpu \`9'.\n`))
    expect(r.eDom).toEqual(err('nope is an invalid domain identifier (rc=-6)\n'))
    // libxl_set_vcpuaffinity_all fails per vCPU; xl says so yet exits 0
    const fail = (v: number) => `${set}\nlibxl: warning: libxl_sched.c:124:libxl_set_vcpuaffinity_all: Domain 1:Failed to set affinity for ${v}\n`
    expect(r.eAllCpus).toEqual({stdout: '', stderr: `${fail(0)}${fail(1)}Could not set affinity.\n`, code: 0})
    expect(r.eNeg).toEqual(err("option `1' not supported.\n", 2))
    expect(r.eFew!.code).toBe(2)
    expect(r.eFew!.stderr).toBe("'xl vcpu-pin' requires at least 3 arguments.\n\n")
    expect(r.dry).toEqual(ok('cpumap: 0 all\n'))
    expect(r.eKeepBoth).toEqual(err("Could not set affinity for vcpu `0'.\n"))
    expect(rows('listUnchanged').every(l => l.endsWith('  all / all'))).toBe(true)
  })

  it('an unreachable soft map warns, and vcpu-list shows none', () => {
    expect(r.softNone).toEqual({stdout: '', stderr: 'libxl: warning: libxl_sched.c:84:libxl__set_vcpuaffinity: Domain 1:All cpus in soft affinity of vcpu 0 are unreachable. Only hard affinity will be considered for scheduling\n', code: 0})
    expect(rows('listNone')[0]!.endsWith('  all / none')).toBe(true)
  })
})

describe('xl vcpu-set', () => {
  it('errors as xl prints them', () => {
    const failed = (n: number) => `libxl_set_vcpuonline failed domid=1 max_vcpus=${n}, rc: -3\n`
    expect(r.sOver).toEqual(err('You are overcommmitting! You have 2 physical CPUs and want 5 vCPUs! Aborting, use --ignore-host to continue\n'))
    expect(r.sOverI).toEqual(err(`libxl: error: libxl_domain.c:1869:libxl_set_vcpuonline: Domain 1:Requested 5 VCPUs, however maxcpus is 2!: Success\n${failed(5)}`))
    expect(r.sZero).toEqual(err(`libxl: error: libxl_domain.c:1863:libxl_set_vcpuonline: Domain 1:Requested 0 VCPUs!: Success\n${failed(0)}`))
    expect(r.sAbc).toEqual(err('Error: Invalid argument.\n'))
    expect(r.sEmpty).toEqual(err('Error: Invalid argument.\n'))
    expect(r.sDom).toEqual(err('nope is an invalid domain identifier (rc=-6)\n'))
    // strtoul saturates; unsigned int keeps 0xffffffff, printed with %d
    expect(r.sHuge).toEqual(err('You are overcommmitting! You have 2 physical CPUs and want -1 vCPUs! Aborting, use --ignore-host to continue\n'))
    expect(r.sFew!.code).toBe(2)
  })
})
