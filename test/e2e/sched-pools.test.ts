// xl sched-rtds and the per-pool forms of sched-credit/-credit2 through the
// real CLI: formats of Xen 4.17.7's tools/xl/xl_sched.c (printf lines cited),
// its option checks, and libxl_sched.c's range checks with their file:line.
import {expect, it} from 'vitest'
import {cfg, shellScenario, tempHosts, type TempHost} from '../helpers/cli.js'

const newHost = tempHosts()
const T = 60_000

/** Pool-0 (credit2) on pCPUs 0-1 with dom0; `rt` (rtds) on 2-3 with guest `g` (3 vCPUs); `c1` (credit) empty. */
function pools(): TempHost {
  const h = newHost()
  const g = h.file('g.cfg', cfg({name: 'g', kernel: 'linux-6.1', vcpus: 3, memory: 256, workload: 'cpu', pool: 'rt'}))
  shellScenario(h, [
    'host init --force --clock manual --arch x86_64 --cpus 4',
    'cpupool-cpu-remove Pool-0 2-3',
    "cpupool-create 'name=\"rt\"' 'sched=\"rtds\"' 'cpus=[\"2\",\"3\"]'",
    "cpupool-create 'name=\"c1\"' 'sched=\"credit\"'",
    `create -q ${g}`,
  ])
  return h
}

const ok = (r: {code: number; stderr: string; stdout: string}) => {
  expect(r.stderr).toBe('')
  expect(r.code).toBe(0)
  return r.stdout
}

// xl_sched.c:256 / :267 (`%-33s %4s %9s %9s %10s`), :285 / :296 with VCPU, :345 the pool line.
const DOM_HEADER = 'Name                                ID    Period    Budget  Extratime\n'
const VCPU_HEADER = 'Name                                ID VCPU    Period    Budget  Extratime\n'
const gVcpu = (v: number, p: number, b: number, e: string) => `g${' '.repeat(32)}    1 ${String(v).padStart(4)} ${String(p).padStart(9)} ${String(b).padStart(9)} ${e.padStart(10)}\n`

it('sched-rtds lists each RTDS pool with its domains; -d, -v N, -v all', () => {
  const h = pools()
  expect(ok(h.xl('sched-rtds'))).toBe(`Cpupool rt: sched=RTDS\n${DOM_HEADER}g                                    1     10000      4000        yes\n`)
  expect(ok(h.xl('sched-rtds', '-v', 'all'))).toBe(`Cpupool rt: sched=RTDS\n${VCPU_HEADER}${gVcpu(0, 10000, 4000, 'yes')}${gVcpu(1, 10000, 4000, 'yes')}${gVcpu(2, 10000, 4000, 'yes')}`)
  expect(ok(h.xl('sched-rtds', '-d', 'g'))).toBe(`${DOM_HEADER}g                                    1     10000      4000        yes\n`)
  ok(h.xl('sched-rtds', '-d', 'g', '-v', '1', '-p', '20000', '-b', '5000', '-e', '0', '-v', '2', '-p', '30000', '-b', '30000', '-e', '1'))
  expect(ok(h.xl('sched-rtds', '-d', 'g', '-v', '2', '-v', '1'))).toBe(`${VCPU_HEADER}${gVcpu(2, 30000, 30000, 'yes')}${gVcpu(1, 20000, 5000, 'no')}`)
  ok(h.xl('sched-rtds', '-d', 'g', '-v', 'all', '-p', '1000', '-b', '100', '-e', '1'))
  expect(ok(h.xl('sched-rtds', '-d', '1', '-v', 'all'))).toBe(`${VCPU_HEADER}${gVcpu(0, 1000, 100, 'yes')}${gVcpu(1, 1000, 100, 'yes')}${gVcpu(2, 1000, 100, 'yes')}`)
  // --cpupool names a pool; xl's getopt string has a bare `c`, so `-c POOL` names none (every RTDS pool is listed).
  expect(ok(h.xl('sched-rtds', '--cpupool=Pool-0'))).toBe('')
  expect(ok(h.xl('sched-rtds', '-c', 'Pool-0'))).toContain('Cpupool rt: sched=RTDS\n')
  expect(ok(h.xl('host', 'check'))).toBe('host check: ok\n')
}, T)

it('sched-rtds: xl\'s option checks (xl_sched.c:782-830) and libxl\'s (libxl_sched.c), exit 1', () => {
  const h = pools()
  const fail = (args: string[], stderr: string, stdout = '') => expect(h.xl('sched-rtds', ...args)).toEqual({code: 1, stdout, stderr})
  fail(['-d', 'g', '-v', '0', '-p', '1', '-b', '1', '-e', '2'], 'Invalid extratime.\n')
  fail(['--cpupool=rt', '-d', 'g'], 'Specifying a cpupool is not allowed with other options.\n')
  fail(['-p', '100'], 'Missing parameters.\n')
  fail(['-d', 'g', '-p', '100'], 'Must specify VCPU.\n')
  fail(['-d', 'g', '-v', '0', '-v', 'all'], 'Incorrect VCPU IDs.\n')
  fail(['-d', 'g', '-v', '0', '-p', '100'], 'Incorrect number of period, budget and extratime\n')
  fail(['--cpupool=nope'], "unknown cpupool 'nope'\n")
  fail(['-d', 'g', '-v', '0', '-p', '100', '-b', '200', '-e', '1'],
    'libxl: error: libxl_sched.c:489:sched_rtds_validate_params: VCPU budget must be smaller than or equal to period, but 200 > 100\nlibxl_vcpu_sched_params_set failed.\n')
  fail(['-d', 'g', '-v', 'all', '-p', '0', '-b', '0', '-e', '1'],
    'libxl: error: libxl_sched.c:477:sched_rtds_validate_params: Invalid VCPU period of 0 (it should be >= 1)\nlibxl_vcpu_sched_params_set_all failed.\n')
  fail(['-d', 'g', '-v', '0', '-p', '100', '-b', '-5', '-e', '1'],
    'libxl: error: libxl_sched.c:483:sched_rtds_validate_params: Invalid VCPU budget of -5 (it should be >= 1)\nlibxl_vcpu_sched_params_set failed.\n')
  fail(['-d', 'g', '-v', '7', '-p', '100', '-b', '50', '-e', '1'],
    'libxl: error: libxl_sched.c:627:sched_rtds_vcpu_set: Domain 1:Invalid VCPU 7: valid range is [0, 2]\nlibxl_vcpu_sched_params_set failed.\n')
  // rt_dom_cntl: a period under 10 us is -EINVAL from Xen.
  fail(['-d', 'g', '-v', '0', '-p', '5', '-b', '5', '-e', '1'],
    'libxl: error: libxl_sched.c:653:sched_rtds_vcpu_set: Domain 1:Setting vcpu sched rtds: Invalid argument\nlibxl_vcpu_sched_params_set failed.\n')
  fail(['-d', 'g', '-v', '3'],
    'libxl: error: libxl_sched.c:524:sched_rtds_vcpu_get: Domain 1:VCPU index is out of range, valid values are within range from 0 to 2\nlibxl_vcpu_sched_params_get failed.\n', VCPU_HEADER)
  // A domain whose pool runs another scheduler (dom0 in credit2's Pool-0).
  fail(['-d', '0'], 'libxl_domain_sched_params_get returned credit2 not rtds.\n', DOM_HEADER)
  fail(['-d', '0', '-v', 'all'],
    'libxl: error: libxl_sched.c:964:libxl_vcpu_sched_params_get_all: per-VCPU parameter getting not supported for this scheduler\nlibxl_vcpu_sched_params_get_all failed.\n', VCPU_HEADER)
  fail(['-d', '0', '-v', '0'],
    'libxl: error: libxl_sched.c:931:libxl_vcpu_sched_params_get: per-VCPU parameter getting not supported for this scheduler\nlibxl_vcpu_sched_params_get failed.\n', VCPU_HEADER)
  fail(['-d', '0', '-v', '0', '-p', '10000', '-b', '500', '-e', '1'],
    'libxl: error: libxl_sched.c:653:sched_rtds_vcpu_set: Setting vcpu sched rtds: Invalid argument\nlibxl_vcpu_sched_params_set failed.\n')
}, T)

it('sched-credit/-credit2 per pool: listings by pool (xl_sched.c:175, 241), -s -p, a domain in another pool', () => {
  const h = pools()
  expect(ok(h.xl('sched-credit2'))).toBe('Cpupool Pool-0: ratelimit=1000us\nName                                ID Weight  Cap\nDomain-0                             0    256    0\n')
  expect(ok(h.xl('sched-credit2', '-p', 'rt'))).toBe('')
  expect(ok(h.xl('sched-credit'))).toBe('Cpupool c1: tslice=30ms ratelimit=1000us migration-delay=0us\nName                                ID Weight  Cap\n')
  ok(h.xl('sched-credit', '-s', '-p', 'c1', '-t', '10', '-r', '500'))
  expect(ok(h.xl('sched-credit', '-s', '-p', '2'))).toBe('Cpupool c1: tslice=10ms ratelimit=500us migration-delay=0us\n')
  expect(ok(h.xl('sched-credit2', '-s'))).toBe('Cpupool Pool-0: ratelimit=1000us\n')
  // -s on a pool running another scheduler: libxl_sched.c:287, then the pool line without parameters.
  expect(h.xl('sched-credit', '-s', '-p', 'rt')).toEqual({code: 0, stdout: 'Cpupool rt: [sched params unavailable]\n',
    stderr: 'libxl: error: libxl_sched.c:287:libxl_sched_credit_params_get: getting Credit scheduler parameters: Invalid argument\n'})
  expect(h.xl('sched-credit2', '-s', '-p', 'rt', '-r', '2000')).toEqual({code: 1, stdout: '',
    stderr: 'libxl: error: libxl_sched.c:389:libxl_sched_credit2_params_set: Setting Credit2 scheduler parameters: Invalid argument\nlibxl_sched_credit2_params_set failed.\n'})
  expect(h.xl('sched-credit2', '-d', 'g')).toEqual({code: 1, stdout: 'Name                                ID Weight  Cap\n',
    stderr: 'libxl_domain_sched_params_get returned rtds not credit2.\n'})
  expect(h.xl('sched-credit2', '-d', 'g', '-w', '512')).toEqual({code: 1, stdout: '',
    stderr: 'libxl: error: libxl_sched.c:439:sched_credit2_domain_set: Domain 1:Getting domain sched credit2: Invalid argument\nlibxl_domain_sched_params_set failed.\n'})
  expect(h.xl('sched-credit2', '-p', 'nope')).toEqual({code: 1, stdout: '', stderr: "unknown cpupool 'nope'\n"})
  // Moved to c1 (credit), g is credit's now.
  ok(h.xl('cpupool-cpu-remove', 'rt', '3'))
  ok(h.xl('cpupool-cpu-add', 'c1', '3'))
  ok(h.xl('cpupool-migrate', 'g', 'c1'))
  ok(h.xl('sched-credit', '-d', 'g', '-w', '512'))
  expect(ok(h.xl('sched-credit', '-p', 'c1'))).toBe('Cpupool c1: tslice=10ms ratelimit=500us migration-delay=0us\nName                                ID Weight  Cap\ng                                    1    512    0\n')
  expect(ok(h.xl('host', 'check'))).toBe('host check: ok\n')
}, T)
