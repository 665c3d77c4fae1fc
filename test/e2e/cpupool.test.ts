// The cpupool commands through the real CLI, with the formats and texts of
// Xen 4.17.7's tools/xl/xl_cpupool.c (printf/fprintf lines cited below),
// libxl_cpupool.c's log lines, and what they do to scheduling (pool= in
// xl.cfg, xl list -c, xl info free_cpus, vcpu-list/vcpu-pin, debug key r).
import {expect, it} from 'vitest'
import {cfg, shellScenario, tempHosts, type TempHost} from '../helpers/cli.js'

const newHost = tempHosts()
const T = 60_000

/** A 4-pCPU x86 host whose Pool-0 keeps 0-1 and a pool `rt` (rtds) has 2-3, with a busy guest `g` in it. */
function pooled(): TempHost {
  const h = newHost()
  const g = h.file('g.cfg', cfg({name: 'g', kernel: 'linux-6.1', vcpus: 2, memory: 256, workload: 'cpu', pool: 'rt'}))
  shellScenario(h, [
    'host init --force --clock manual --arch x86_64 --cpus 4',
    'cpupool-cpu-remove Pool-0 2-3',
    "cpupool-create 'name=\"rt\"' 'sched=\"rtds\"' 'cpus=\"2,3\"'",
    `create -q ${g}`,
    'clock advance 2s',
  ])
  return h
}

const ok = (r: {code: number; stderr: string; stdout: string}) => {
  expect(r.stderr).toBe('')
  expect(r.code).toBe(0)
  return r.stdout
}

it('cpupool-list: xl_cpupool.c:272-294 (`%-19s` then `%3d %9s       y       %4d`), -c the CPU list, a pool by name', () => {
  const h = pooled()
  expect(ok(h.xl('cpupool-list'))).toBe(
    'Name               CPUs   Sched     Active   Domain count\n' +
    'Pool-0               2   credit2       y          1\n' +
    'rt                   2      rtds       y          1\n')
  expect(ok(h.xl('cpupool-list', '-c'))).toBe('Name               CPU list\nPool-0             0,1\nrt                 2,3\n')
  expect(ok(h.xl('cpupool-list', 'rt'))).toBe('Name               CPUs   Sched     Active   Domain count\nrt                   2      rtds       y          1\n')
  // xl_cpupool.c:261: libxl_name_to_cpupoolid takes names only, so a pool id is not found.
  expect(h.xl('cpupool-list', '1')).toEqual({code: 1, stdout: '', stderr: "Pool '1' does not exist\n"})
}, T)

it('cpupool-create: the four lines of xl_cpupool.c:212-215, a dry run, and each refusal', () => {
  const h = pooled()
  const file = h.file('p.cfg', 'sched = "credit"\n')
  // Nothing is free: a pool with no pCPU; its name from the file's basename.
  expect(ok(h.xl('cpupool-create', file))).toBe(`Using config file "${file}"\ncpupool name:   p.cfg\nscheduler:      credit\nnumber of cpus: 0\n`)
  expect(ok(h.xl('-N', 'cpupool-create', 'name="n"'))).toBe('Using config file "command line"\ncpupool name:   n\nscheduler:      credit2\nnumber of cpus: 0\n')
  expect(ok(h.xl('cpupool-list', '-c'))).toBe('Name               CPU list\nPool-0             0,1\nrt                 2,3\np.cfg              \n')
  const fail = (args: string[], stderr: string, stdout = '') => expect(h.xl('cpupool-create', ...args)).toEqual({code: 1, stdout, stderr})
  fail(['sched="rtds"'], 'Missing cpupool name!\n') // :127
  fail(['name="rt"'], 'Pool name "rt" already exists\n') // :131
  fail(['name="x"', 'sched="fifo"'], 'Unknown scheduler\n') // :137
  fail(['name="x"', 'cpus="1"'], 'cpu 1 illegal or not free\n') // :202
  fail(['name="x"', 'cpus=["7"]'], 'cpu 7 illegal or not free\n') // :189
  fail(['name="x"', 'nodes=["0"]'], 'no free cpu found\n') // :181
  // libxlu's lexer on `1-2`, then xl_cpupool.c:118's line in place of xl create's.
  fail(['name="x"', 'cpus=1-2'], 'command line:3: config parsing error near `-2\': lexical error\n' +
    'warning: Config file looks like it contains Python code.\nwarning:  Arbitrary Python is no longer supported.\n' +
    'warning:  See https://wiki.xen.org/wiki/PythonInXlConfig\nFailed to parse config file: Invalid argument\n')
  // A scheduler libxl knows but this Xen was built without: libxl_cpupool.c:157, after the four lines.
  fail(['name="x"', 'sched="arinc653"'], 'libxl: error: libxl_cpupool.c:157:libxl_cpupool_create: Could not create cpupool\nerror on creating cpupool\n',
    'Using config file "command line"\ncpupool name:   x\nscheduler:      arinc653\nnumber of cpus: 0\n')
  fail([h.dir + '/missing.cfg'], `Failed to read config file: ${h.dir}/missing.cfg: No such file or directory\n`)
}, T)

it('cpupool-cpu-add/-remove: lists, ranges and node:, partial failures say so and exit 0 (xl_cpupool.c:387, 425-426)', () => {
  const h = pooled()
  const r = h.xl('cpupool-cpu-remove', 'Pool-0', '0-1')
  // cpupool_unassign_cpu(): pCPU 0 stays in pool 0 (-EINVAL); pCPU 1 goes.
  expect(r).toEqual({code: 0, stdout: '', stderr:
    'libxl: error: libxl_cpupool.c:365:libxl_cpupool_cpuremove: Error removing cpu 0 from cpupool: Invalid argument\n' +
    "Some cpus may have not or only partially been removed from 'Pool-0'.\n" +
    "If a cpu can't be added to another cpupool, add it to 'Pool-0' again and retry.\n"})
  expect(ok(h.xl('info')).split('\n').find(l => l.startsWith('free_cpus'))).toBe('free_cpus              : 1')
  expect(h.xl('cpupool-cpu-add', 'Pool-0', 'node:0')).toEqual({code: 0, stdout: '', stderr:
    'libxl: error: libxl_cpupool.c:302:libxl_cpupool_cpuadd: Error moving cpu 0 to cpupool: No such device\n' +
    'libxl: error: libxl_cpupool.c:302:libxl_cpupool_cpuadd: Error moving cpu 2 to cpupool: No such device\n' +
    'libxl: error: libxl_cpupool.c:302:libxl_cpupool_cpuadd: Error moving cpu 3 to cpupool: No such device\n' +
    'some cpus may not have been added to Pool-0\n'})
  expect(ok(h.xl('cpupool-list', '-c', 'Pool-0'))).toBe('Name               CPU list\nPool-0             0,1\n')
  // The last pCPU of a pool with a domain (-EBUSY), a pCPU not in the pool (-EADDRNOTAVAIL).
  ok(h.xl('cpupool-cpu-remove', 'rt', '3'))
  expect(h.xl('cpupool-cpu-remove', 'rt', '2,3').stderr).toBe(
    'libxl: error: libxl_cpupool.c:365:libxl_cpupool_cpuremove: Error removing cpu 2 from cpupool: Device or resource busy\n' +
    'libxl: error: libxl_cpupool.c:365:libxl_cpupool_cpuremove: Error removing cpu 3 from cpupool: Cannot assign requested address\n' +
    "Some cpus may have not or only partially been removed from 'rt'.\n" +
    "If a cpu can't be added to another cpupool, add it to 'rt' again and retry.\n")
  expect(h.xl('cpupool-cpu-add', 'nope', '3')).toEqual({code: 1, stdout: '', stderr: "unknown cpupool 'nope'\n"}) // :382
  // parse_cpurange sets bits in a map of the host's pCPUs only (libxl_bitmap_set ignores the rest): nothing to add.
  expect(h.xl('cpupool-cpu-add', 'rt', '9')).toEqual({code: 0, stdout: '', stderr: ''})
  expect(h.xl('cpupool-cpu-add', 'rt', '2-x')).toEqual({code: 1, stdout: '', stderr: 'Invalid pcpu range: 2-x.\n'})
  // The vCPUs that were on pCPU 3 are on 2 now, and vcpu-list says so.
  const rows = ok(h.xl('vcpu-list', 'g')).split('\n').slice(1, -1).map(l => l.split(/ +/)[3])
  expect(rows).toEqual(['2', '2'])
  expect(ok(h.xl('host', 'check'))).toBe('host check: ok\n')
}, T)

it('cpupool-destroy / -rename / -migrate and their refusals (xl_cpupool.c:317-322, 344, 453-459; libxl_cpupool.c:437)', () => {
  const h = pooled()
  expect(h.xl('cpupool-destroy', 'rt')).toEqual({code: 1, stdout: '', stderr: "Can't destroy cpupool 'rt'\n"})
  expect(h.xl('cpupool-destroy', '0')).toEqual({code: 1, stdout: '', stderr: "Can't destroy cpupool '0'\n"})
  expect(h.xl('cpupool-destroy', 'x')).toEqual({code: 1, stdout: '', stderr: "unknown cpupool 'x'\n"})
  expect(h.xl('cpupool-rename', 'x', 'y')).toEqual({code: 1, stdout: '', stderr: "unknown cpupool 'x'\n"})
  expect(h.xl('cpupool-migrate', 'nobody', 'rt')).toEqual({code: 1, stdout: '', stderr: "unknown domain 'nobody'\n"})
  expect(h.xl('cpupool-migrate', 'g', 'x')).toEqual({code: 1, stdout: '', stderr: "unknown cpupool 'x'\n"})
  // dom0 cannot move itself (rcu_lock_remote_domain_by_id: -EPERM); xc hands libxl -1, so no strerror.
  expect(h.xl('cpupool-migrate', '0', 'rt')).toEqual({code: 1, stdout: '', stderr:
    'libxl: error: libxl_cpupool.c:437:libxl_cpupool_movedomain: Error moving domain to cpupool\n'})
  ok(h.xl('cpupool-rename', '1', 'realtime'))
  ok(h.xl('cpupool-migrate', 'g', 'Pool-0'))
  expect(ok(h.xl('list', '-c')).split('\n')[2]).toMatch(/^g +1 +256 +2 .* {10}Pool-0$/)
  ok(h.xl('cpupool-destroy', 'realtime'))
  expect(ok(h.xl('cpupool-list'))).toBe('Name               CPUs   Sched     Active   Domain count\nPool-0               2   credit2       y          2\n')
  expect(ok(h.xl('info')).split('\n').find(l => l.startsWith('free_cpus'))).toBe('free_cpus              : 2') // xl_info.c:240
  // cpupool-numa-split: one node, so Pool-0 takes every free pCPU and becomes Pool-node0.
  ok(h.xl('cpupool-numa-split'))
  expect(ok(h.xl('cpupool-list', '-c'))).toBe('Name               CPU list\nPool-node0         0,1,2,3\n')
  ok(h.xl('cpupool-create', 'name="again"'))
  expect(h.xl('cpupool-numa-split')).toEqual({code: 1, stdout: '', stderr: 'splitting not possible, already cpupools in use\n'}) // :507
  expect(ok(h.xl('host', 'check'))).toBe('host check: ok\n')
}, T)

it('pool= in xl.cfg: the domain runs on its pool\'s pCPUs only; an unknown pool is libxl_create.c:1132\'s error', () => {
  const h = pooled()
  // xl_info.c:429: `%16s` of the pool's name.
  const list = ok(h.xl('list', '-c')).split('\n')
  expect(list[0]).toBe('Name                                        ID   Mem VCPUs\tState\tTime(s)         Cpupool')
  expect(list.slice(1)).toEqual([
    'Domain-0                                     0  1024     2     r-----       0.0          Pool-0',
    'g                                            1   256     2     r-----       4.0              rt',
    '',
  ])
  const rows = ok(h.xl('vcpu-list', 'g')).split('\n').slice(1, -1).map(l => l.split(/ +/))
  expect(rows.map(r => [r[3], r[4]])).toEqual([['2', 'r--'], ['3', 'r--']])
  // vcpu_set_hard_affinity(): a map with no pCPU of the pool is -EINVAL.
  expect(h.xl('vcpu-pin', 'g', '0', '0-1')).toEqual({code: 1, stdout: '', stderr:
    'libxl: error: libxl_sched.c:62:libxl__set_vcpuaffinity: Domain 1:Setting vcpu affinity: Invalid argument\nCould not set affinity for vcpu `0\'.\n'})
  ok(h.xl('vcpu-pin', 'g', '0', '1,3'))
  // xl list -l: c_info's poolid and pool_name (libxl_types.idl order), sched_params.sched the pool's.
  const long = JSON.parse(ok(h.xl('list', '-l', 'g')))[0].config
  expect([long.c_info.poolid, long.c_info.pool_name, long.b_info.sched_params.sched]).toEqual([1, 'rt', 'rtds'])
  const bad = h.file('bad.cfg', cfg({name: 'b', kernel: 'linux-6.1', memory: 128, pool: 'nope'}))
  expect(h.xl('create', '-q', bad)).toEqual({code: 3, stdout: '', stderr:
    'libxl: error: libxl_create.c:1132:libxl__domain_config_setdefault: Illegal pool specified: nope\n'})
  const out = shellScenario(h, ['clock advance 1s', 'vcpu-list g', 'debug-keys r', 'dmesg', 'host check'])
  expect(out).toMatch(/^g +1 +0 +3 +r-- /m)
  // dump_runq (cpupool.c): each pool with its own scheduler.
  expect(out).toContain('(XEN) Online Cpus: 0-3\n(XEN) Cpupool 0:\n(XEN) Cpus: 0-1\n(XEN) Scheduling granularity: cpu, 1 CPU per sched-resource\n(XEN) Scheduler: SMP Credit Scheduler rev2 (credit2)\n')
  expect(out).toContain('(XEN) Cpupool 1:\n(XEN) Cpus: 2-3\n(XEN) Scheduling granularity: cpu, 1 CPU per sched-resource\n(XEN) Scheduler: SMP RTDS Scheduler (rtds)\n')
  expect(out).toContain('host check: ok')
  // on_reboot=restart (after linux-6.1's 2.6 s shutdown path): the new domain is made in the same pool.
  const after = shellScenario(h, ['reboot g', 'clock advance 3s', 'list -c', 'host check'])
  expect(after).toMatch(/^g {44}2 .* {14}rt$/m)
  expect(after).toContain('host check: ok')
}, T)

it('bad input: each cpupool command answers with one line and xl\'s exit code, and the host is unchanged', () => {
  const h = pooled()
  const before = ok(h.xl('cpupool-list', '-c'))
  const cases: [string[], number, string][] = [
    [['cpupool-create', 'name="x"', 'cpus="1-"'], 1, 'Invalid pcpu range: 1-.\n'],
    [['cpupool-create', 'name="x"', 'cpus=["-1"]'], 1, 'cpu -1 illegal or not free\n'],
    [['cpupool-create', 'name="x"', 'cpus=["99999999999999999999"]'], 1, 'cpu -1 illegal or not free\n'],
    [['cpupool-create', `name="${'é'.repeat(3)}"`, 'cpus="9"'], 0, ''],
    [['cpupool-create', 'a.cfg', 'b.cfg'], 1, ''],
    [['cpupool-cpu-add', 'rt', '^all'], 1, 'Can\'t combine "^" and "all".\n'],
    [['cpupool-cpu-remove', 'rt', ''], 0, ''],
    [['cpupool-migrate', 'g', '99999999999999999999999'], 1, "unknown cpupool '99999999999999999999999'\n"],
    [['cpupool-destroy', ''], 1, "unknown cpupool ''\n"],
    [['cpupool-rename', 'rt'], 2, ''],
    [['cpupool-list', '-x'], 2, ''],
  ]
  for (const [args, code, stderr] of cases) {
    const r = h.xl(...args)
    expect(r.code, args.join(' ')).toBe(code)
    if (stderr) expect(r.stderr, args.join(' ')).toBe(stderr)
    expect(r.stderr).not.toMatch(/\n\s+at |Error:/)
  }
  // Only the pool with a unicode name (and nothing free for it) was added.
  // %-19s pads bytes: the 6 bytes of the name, 13 spaces.
  expect(ok(h.xl('cpupool-list', '-c'))).toBe(`${before}ééé${' '.repeat(13)}\n`)
  expect(ok(h.xl('host', 'check'))).toBe('host check: ok\n')
}, T)
