// xl sched-credit / sched-credit2 on credit2 and credit hosts.
import {afterAll, describe, expect, it} from 'vitest'
import {err, ok, runSteps, sample, x86Host} from './lifecycle-helpers.js'

const c2 = x86Host('credit2')
const c1 = x86Host('credit')
afterAll(() => {
  c2.cleanup()
  c1.cleanup()
})
const a = runSteps(c2.state, [
  ['c2', 'sched-credit2'],
  ['c1', 'sched-credit'],
  ['create', 'create', c2.guest('g1')],
  ['c1d', 'sched-credit', '-d', 'g1'],
  ['c1s', 'sched-credit', '-s'],
  ['c1set', 'sched-credit', '-d', 'g1', '-w', '512'],
  ['c1sset', 'sched-credit', '-s', '-t', '10'],
  ['set', 'sched-credit2', '-d', 'g1', '-w', '512', '-c', '50'],
  ['d', 'sched-credit2', '-d', 'g1'],
  ['keep', 'sched-credit2', '-d', 'g1', '-w', '-1'],
  ['d2', 'sched-credit2', '--domain=g1'],
  ['eW0', 'sched-credit2', '-d', 'g1', '-w', '0'],
  ['eWabc', 'sched-credit2', '-d', 'g1', '-w', 'abc'],
  ['eWbig', 'sched-credit2', '-d', 'g1', '-w', '65536'],
  ['eCap', 'sched-credit2', '-d', 'g1', '-c', '201'],
  ['eCapNeg', 'sched-credit2', '-d', 'g1', '-c', '-5'],
  ['eNoDom', 'sched-credit2', '-w', '5'],
  ['ePool', 'sched-credit2', '-p', 'Pool-0', '-d', 'g1'],
  ['eDom', 'sched-credit2', '-d', 'nope'],
  ['eUnknownPool', 'sched-credit2', '-p', 'bogus'],
  ['pool0', 'sched-credit2', '-p', '0'],
  ['r', 'sched-credit2', '-s', '-r', '2000'],
  ['s', 'sched-credit2', '-s'],
  ['rOff', 'sched-credit2', '-s', '-r', '0'],
  ['eR', 'sched-credit2', '-s', '-r', '50'],
  ['eRbig', 'sched-credit2', '-s', '-r', '500001'],
  ['eArg', 'sched-credit2', '-d'],
  ['after', 'sched-credit2'],
])
const b = runSteps(c1.state, [
  ['s002', 'sched-credit'],
  ['create', 'create', c1.guest('g1')],
  ['s005', 'sched-credit'],
  ['s006', 'sched-credit', '-d', 'g1', '-w', '512', '-c', '50'],
  ['s007', 'sched-credit'],
  ['s008', 'sched-credit', '-d', 'g1'],
  ['s009', 'sched-credit', '-s'],
  ['c2', 'sched-credit2'],
  ['c2d', 'sched-credit2', '-d', 'g1'],
  ['c2set', 'sched-credit2', '-d', 'g1', '-w', '5'],
  ['c2r', 'sched-credit2', '-s', '-r', '2000'],
  ['c2s', 'sched-credit2', '-s'],
  ['eMix', 'sched-credit', '-s', '-d', 'g1'],
  ['eNoS', 'sched-credit', '-t', '10'],
  ['eT', 'sched-credit', '-s', '-t', '0'],
  ['eT2', 'sched-credit', '-s', '-t', '1001'],
  ['eRT', 'sched-credit', '-s', '-t', '1', '-r', '1001'],
  ['eM', 'sched-credit', '-s', '-m', '100001'],
  ['eMneg', 'sched-credit', '-s', '-m', '-1'],
  ['set', 'sched-credit', '-s', '-t', '10', '-r', '500', '-m', '100'],
  ['shown', 'sched-credit', '-s'],
])
const sampleOut = (dir: string, n: string) => {
  const s = sample(dir, n)
  return {stdout: s.out, stderr: s.err, code: s.rc}
}
const L = (where: string, msg: string, dom: number | null = null) => `libxl: error: libxl_sched.c:${where}: ${dom === null ? '' : `Domain ${dom}:`}${msg}\n`

describe('xl sched-credit2 (credit2 host)', () => {
  it('matches the samples', () => {
    expect(a.c2).toEqual(sampleOut('x86-pv', '016-sched-credit2'))
    expect(a.c1).toEqual(sampleOut('x86-pv', '017-sched-credit'))
  })
  it('sets and shows weight and cap', () => {
    expect(a.set).toEqual(ok())
    const row = 'g1                                   1    512   50\n'
    expect(a.d).toEqual(ok(`Name                                ID Weight  Cap\n${row}`))
    expect(a.keep).toEqual(ok())
    expect(a.d2).toEqual(a.d)
    expect(a.after!.stdout).toBe(`Cpupool Pool-0: ratelimit=0us\nName                                ID Weight  Cap\nDomain-0                             0    256    0\n${row}`)
  })
  it('validates like libxl', () => {
    const wr = L('445:sched_credit2_domain_set', 'Cpu weight out of range, valid values are within range from 1 to 65535', 1) + 'libxl_domain_sched_params_set failed.\n'
    expect(a.eW0).toEqual(err(wr))
    expect(a.eWabc).toEqual(err(wr))
    expect(a.eWbig).toEqual(err(wr))
    const cr = L('455:sched_credit2_domain_set', 'Cpu cap out of range, valid range is from 0 to 200 for specified number of vcpus', 1) + 'libxl_domain_sched_params_set failed.\n'
    expect(a.eCap).toEqual(err(cr))
    expect(a.eCapNeg).toEqual(err(cr))
    expect(a.eNoDom).toEqual(err('Must specify a domain.\n'))
    expect(a.ePool).toEqual(err('Specifying a cpupool is not allowed with other options.\n'))
    expect(a.eDom).toEqual(err('nope is an invalid domain identifier (rc=-6)\n'))
    expect(a.eUnknownPool).toEqual(err("unknown cpupool 'bogus'\n"))
    expect(a.pool0!.code).toBe(0)
    const rl = L('270:sched_ratelimit_check', 'Ratelimit out of range, valid range is from 100 to 500000') + 'libxl_sched_credit2_params_set failed.\n'
    expect(a.eR).toEqual(err(rl))
    expect(a.eRbig).toEqual(err(rl))
    expect(a.eArg).toEqual(err("option `d' not supported.\n", 2))
  })
  it('sets the pool ratelimit (0 turns it off)', () => {
    expect(a.r).toEqual(ok())
    expect(a.s).toEqual(ok('Cpupool Pool-0: ratelimit=2000us\n'))
    expect(a.rOff).toEqual(ok())
  })
  it('sched-credit on a credit2 host', () => {
    expect(a.c1d).toEqual({stdout: 'Name                                ID Weight  Cap\n', stderr: 'libxl_domain_sched_params_get returned credit2 not credit.\n', code: 1})
    expect(a.c1s).toEqual({stdout: 'Cpupool Pool-0: [sched params unavailable]\n', stderr: L('287:libxl_sched_credit_params_get', 'getting Credit scheduler parameters: Invalid argument'), code: 0})
    expect(a.c1set).toEqual(err(L('232:sched_credit_domain_set', 'Getting domain sched credit: Invalid argument', 1) + 'libxl_domain_sched_params_set failed.\n'))
    expect(a.c1sset).toEqual(err(L('287:libxl_sched_credit_params_get', 'getting Credit scheduler parameters: Invalid argument') + 'libxl_sched_credit_params_get failed.\n'))
  })
})

describe('xl sched-credit (credit host)', () => {
  it('matches the samples 002..009', () => {
    for (const n of ['002-sched-credit', '005-sched-credit-g1', '006-sched-credit-set', '007-sched-credit-after', '008-sched-credit-d', '009-sched-credit-s']) {
      expect(b[`s${n.slice(0, 3)}`], n).toEqual(sampleOut('x86-credit', n))
    }
  })
  it('sched-credit2 on a credit host', () => {
    expect(b.c2).toEqual(ok())
    expect(b.c2d).toEqual({stdout: 'Name                                ID Weight  Cap\n', stderr: 'libxl_domain_sched_params_get returned credit not credit2.\n', code: 1})
    expect(b.c2set).toEqual(err(L('439:sched_credit2_domain_set', 'Getting domain sched credit2: Invalid argument', 1) + 'libxl_domain_sched_params_set failed.\n'))
    expect(b.c2r).toEqual(err(L('389:libxl_sched_credit2_params_set', 'Setting Credit2 scheduler parameters: Invalid argument') + 'libxl_sched_credit2_params_set failed.\n'))
    expect(b.c2s).toEqual({stdout: 'Cpupool Pool-0: [sched params unavailable]\n', stderr: L('362:libxl_sched_credit2_params_get', 'getting Credit2 scheduler parameters: Invalid argument'), code: 0})
  })
  it('validates pool parameters like libxl', () => {
    const f = 'libxl_sched_credit_params_set failed.\n'
    expect(b.eMix).toEqual(err('Specifying a cpupool or schedparam is not allowed with domain options.\n'))
    expect(b.eNoS).toEqual(err('Must specify schedparam to set schedule parameter values.\n'))
    expect(b.eT).toEqual(err(L('311:libxl_sched_credit_params_set', 'Time slice out of range, valid range is from 1 to 1000') + f))
    expect(b.eT2).toEqual(b.eT)
    expect(b.eRT).toEqual(err(L('321:libxl_sched_credit_params_set', 'Ratelimit cannot be greater than timeslice') + f))
    expect(b.eM).toEqual(err(L('326:libxl_sched_credit_params_set', 'vcpu migration delay should be >= 0 and <= 100000us') + f))
    expect(b.eMneg).toEqual(err(L('338:libxl_sched_credit_params_set', 'Setting Credit scheduler parameters: Invalid argument') + f))
    expect(b.set).toEqual(ok())
    expect(b.shown).toEqual(ok('Cpupool Pool-0: tslice=10ms ratelimit=500us migration-delay=100us\n'))
  })
})
