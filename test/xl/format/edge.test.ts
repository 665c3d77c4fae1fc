import {describe, expect, it} from 'vitest'
import {
  cFixed,
  formatCpuRanges,
  formatInfo,
  formatList,
  formatListLong,
  formatSchedCredit,
  formatSchedCredit2,
  formatUptime,
  formatVcpuList,
  formatXentopBatch,
  listStateLetters,
  uptimeToString,
  yajlBeautify,
  JsonMap,
  LIST_HEADER,
  VCPU_LIST_HEADER,
  type InfoFields,
  type ListRow,
} from '../../../src/xl/format/index.js'

const base: ListRow = {
  name: 'g1',
  domid: 1,
  memMiB: 128,
  vcpus: 2,
  running: false,
  blocked: false,
  paused: false,
  shutdown: false,
  shutdownReason: null,
  dying: false,
  cpuTimeNs: 0,
  uuid: '2aa0d5fd-f749-4a85-9916-6ab1195c7352',
}

describe('cFixed (glibc %.Nf)', () => {
  it('rounds exact ties to even and non-ties by exact value', () => {
    expect(cFixed(0.25, 1)).toBe('0.2')
    expect(cFixed(0.75, 1)).toBe('0.8')
    expect(cFixed(0.15, 1)).toBe('0.1') // 0.1499999...
    expect(cFixed(2.5, 0)).toBe('2')
    expect(cFixed(0, 1)).toBe('0.0')
    expect(cFixed(-0.04, 1)).toBe('-0.0')
    expect(cFixed(1e20, 1)).toBe('100000000000000000000.0')
  })
})

describe('formatList', () => {
  it('empty list prints only the header', () => {
    expect(formatList([])).toBe(LIST_HEADER + '\n')
  })
  it('long names are not truncated and push the columns right', () => {
    const name = 'a-very-long-domain-name-that-exceeds-forty-characters'
    const out = formatList([{...base, name}])
    expect(out.split('\n')[1]).toBe(`${name}     1   128     2     ------       0.0`)
  })
  it('state letters and shutdown reasons', () => {
    expect(listStateLetters({...base, shutdown: true, shutdownReason: 'poweroff'})).toBe('---s--')
    expect(listStateLetters({...base, shutdown: true, shutdownReason: 'reboot'})).toBe('---sr-')
    expect(listStateLetters({...base, shutdown: true, shutdownReason: 'suspend'})).toBe('---ss-')
    expect(listStateLetters({...base, shutdown: true, shutdownReason: 'crash'})).toBe('---sc-')
    expect(listStateLetters({...base, shutdown: true, shutdownReason: 'watchdog'})).toBe('---sw-')
    expect(listStateLetters({...base, shutdown: true, shutdownReason: 'soft_reset'})).toBe('---sS-')
    expect(listStateLetters({...base, shutdown: true, shutdownReason: 'unknown'})).toBe('---s?-')
    expect(listStateLetters({...base, dying: true, paused: true})).toBe('--p--d')
    // a reason without the shutdown flag is ignored
    expect(listStateLetters({...base, shutdownReason: 'crash'})).toBe('------')
  })
  it('-v prints the reason code in hex when shut down', () => {
    const out = formatList([{...base, shutdown: true, shutdownReason: 'crash'}], {verbose: true})
    expect(out.split('\n')[1]).toBe(
      'g1                                           1   128     2     ---sc-       0.0 2aa0d5fd-f749-4a85-9916-6ab1195c7352        3                -',
    )
    const unk = formatList([{...base, shutdown: true, shutdownReason: 'unknown', ssidLabel: 'system_u:system_r:domU_t'}], {verbose: true})
    expect(unk.split('\n')[1]!.endsWith(' ffffffff system_u:system_r:domU_t')).toBe(true)
  })
  it('huge and float-rounded times', () => {
    const time = (ns: number | bigint): string => formatList([{...base, cpuTimeNs: ns}]).split('\n')[1]!.slice(-10)
    expect(time(123_456_789_000_000n)).toBe('  123456.8')
    expect(formatList([{...base, cpuTimeNs: 10n ** 18n}]).endsWith('------  999999984.3\n')).toBe(true)
    // xl converts the ns count to a single-precision float first:
    // 49,999,999 ns becomes 50,000,000 and prints as 0.1, like real xl.
    expect(time(49_999_999)).toBe('       0.1')
    expect(time(49_999_990)).toBe('       0.0')
  })
  it('-Z, -c, -n and claims columns', () => {
    expect(formatList([], {context: true})).toBe(LIST_HEADER + '   Security Label\n')
    expect(formatList([{...base}], {cpupool: true, numa: true, claim: true})).toBe(
      LIST_HEADER + '  Claimed         Cpupool NODE Affinity\n' +
        'g1                                           1   128     2     ------       0.0     0          Pool-0 all\n',
    )
  })
})

describe('formatVcpuList / formatCpuRanges', () => {
  it('header only for no vCPUs', () => {
    expect(formatVcpuList([])).toBe(VCPU_LIST_HEADER + '\n')
    expect(VCPU_LIST_HEADER).toBe('Name                                ID  VCPU   CPU State   Time(s) Affinity (Hard / Soft)')
  })
  it('ranges', () => {
    expect(formatCpuRanges([0, 1, 2, 3], 4)).toBe('all')
    expect(formatCpuRanges([0, 1, 3], 4)).toBe('0-1,3')
    expect(formatCpuRanges([1, 2, 3], 4)).toBe('1-3')
    expect(formatCpuRanges([2], 4)).toBe('2')
    expect(formatCpuRanges([0, 2, 4, 5, 6], 8)).toBe('0,2,4-6')
    expect(formatCpuRanges([], 4)).toBe('none')
    expect(formatCpuRanges([0, 1, 7], 2)).toBe('all')
  })
  it('long names and big times', () => {
    const out = formatVcpuList([
      {
        name: 'x'.repeat(40),
        domid: 12345,
        vcpu: 127,
        online: true,
        cpu: 63,
        running: true,
        blocked: false,
        timeNs: 1e15,
        hardAffinity: '0-1,3',
        softAffinity: 'all',
      },
    ])
    expect(out.split('\n')[1]).toBe(`${'x'.repeat(40)} 12345   127   63   r-- 1000000.0  0-1,3 / all`)
  })
})

describe('formatUptime', () => {
  it('formats days like xl', () => {
    expect(uptimeToString(0, false)).toBe(' 0:00:00')
    expect(uptimeToString(86399, false)).toBe('23:59:59')
    expect(uptimeToString(86400, false)).toBe('1 day,  0:00:00')
    expect(uptimeToString(2 * 86400 + 3 * 3600 + 4 * 60 + 5, false)).toBe('2 days,  3:04:05')
    expect(uptimeToString(2 * 86400 + 3 * 3600 + 4 * 60 + 5, true)).toBe('2 days,  3:04')
    expect(uptimeToString(59, true)).toBe(' 0:00')
  })
  it('empty list prints only the header; long names', () => {
    expect(formatUptime([])).toBe('Name                                ID Uptime\n')
    expect(formatUptime([{name: 'n'.repeat(35), domid: 7, uptimeSeconds: 90061}])).toBe(
      'Name                                ID Uptime\n' + 'n'.repeat(35) + '    7 1 day,  1:01:01\n',
    )
  })
  it('-s', () => {
    expect(formatUptime([{name: 'Domain-0', domid: 0, uptimeSeconds: 3 * 86400 + 65}], {short: true, clock: '12:34:56'})).toBe(
      ' 12:34:56 up 3 days,  0:01, Domain-0 (0)\n',
    )
  })
})

const info: InfoFields = {
  host: 'h', release: 'r', version: 'v', machine: 'x86_64',
  nr_cpus: 2, max_cpu_id: 1, nr_nodes: 1, cores_per_socket: 2, threads_per_core: 1,
  cpu_khz: 2000005, hw_caps: [1, 2, 3, 4, 5, 6, 7, 0xffffffff], virt_caps: [],
  total_memory: 3071, free_memory: 2014, sharing_freed_memory: 0, sharing_used_memory: 0,
  outstanding_claims: 0, free_cpus: 0, xen_major: 4, xen_minor: 17, xen_extra: '.7',
  xen_caps: 'xen-3.0-x86_64', xen_scheduler: 'credit', xen_pagesize: 4096,
  virt_start: 0xffff800000000000n, xen_changeset: '', xen_commandline: '', cc_compiler: 'gcc',
  cc_compile_by: 'me', cc_compile_domain: 'example.org', cc_compile_date: 'today', build_id: 'ab',
  cpu_topology: [{core: 0, socket: 0, node: 0}, null, {core: 1, socket: 0, node: 0}],
  numa_nodes: [{memsizeMiB: 3071, memfreeMiB: 2014, distances: [10, 20]}],
}

describe('formatInfo', () => {
  it('formats cpu_mhz, hw_caps and empty virt_caps like xl', () => {
    const out = formatInfo(info)
    expect(out).toContain('cpu_mhz                : 2000.005\n')
    expect(out).toContain('hw_caps                : 00000001:00000002:00000003:00000004:00000005:00000006:00000007:ffffffff\n')
    expect(out).toContain('virt_caps              :\n')
    expect(out).toContain('platform_params        : virt_start=0xffff800000000000\n')
    expect(out.split('\n').length).toBe(35)
  })
  it('-n puts the topology and numa tables before xen_major', () => {
    const out = formatInfo(info, {numa: true})
    expect(out).toContain(
      'free_cpus              : 0\n' +
        'cpu_topology           :\n' +
        'cpu:    core    socket     node\n' +
        '  0:       0        0        0\n' +
        '  2:       1        0        0\n' +
        'device topology        :\n' +
        'device           node\n' +
        'No device topology data available\n' +
        'numa_info              :\n' +
        'node:    memsize    memfree    distances\n' +
        '   0:      3071       2014      10,20\n' +
        'xen_major              : 4\n',
    )
  })
  it('`xl info <name>` prints only matching values (prefix match)', () => {
    expect(formatInfo(info, {only: 'xen_version'})).toBe('4.17.7\n')
    expect(formatInfo(info, {only: 'nr_'})).toBe('2\n1\n')
    expect(formatInfo(info, {only: 'nope'})).toBe('')
  })
})

describe('sched formatters', () => {
  it('pool with no domains, unavailable params, long names', () => {
    expect(formatSchedCredit2({name: 'Pool-0', ratelimitUs: 1000}, [])).toBe(
      'Cpupool Pool-0: ratelimit=1000us\nName                                ID Weight  Cap\n',
    )
    expect(formatSchedCredit({name: 'p', tsliceMs: 0, ratelimitUs: 0, migrationDelayUs: 0, unavailable: true}, [], {schedparam: true})).toBe(
      'Cpupool p: [sched params unavailable]\n',
    )
    expect(formatSchedCredit2({name: 'P', ratelimitUs: 1}, [{name: 'n'.repeat(34), domid: 10000, weight: 65535, cap: 100}], {domain: true})).toBe(
      'Name                                ID Weight  Cap\n' + 'n'.repeat(34) + ' 10000  65535  100\n',
    )
  })
})

describe('formatXentopBatch', () => {
  const MiB = 1024 * 1024
  it('truncates names to 10, sorts by name case-insensitively, no limit', () => {
    const out = formatXentopBatch([
      {
        totalMemBytes: 1024 * MiB,
        domains: [
          {name: 'zeta-long-domain-name', domid: 2, paused: true, cpuNs: 0, cpuPct: 0, memBytes: 0, maxMemBytes: null, vcpus: 1},
          {name: 'Alpha', domid: 1, dying: true, shutdown: true, crashed: true, cpuNs: 999_999_999, cpuPct: 100, memBytes: 512 * MiB, maxMemBytes: 512 * MiB, vcpus: 4, vbds: 1, vbdOo: null, vbdRd: null, vbdWr: null, vbdRsect: null, vbdWsect: null},
        ],
      },
    ])
    const lines = out.split('\n')
    expect(lines[1]).toBe('     Alpha ds-c--          0  100.0     524288   50.0     524288      50.0     4    0        0        0    1        -        -        -          -          -    0')
    expect(lines[2]).toBe('zeta-long- ----p-          0    0.0          0    0.0   no limit       n/a     1    0        0        0    0        0        0        0          0          0    0')
  })
  it('full names widen the NAME column; big counters widen theirs', () => {
    const out = formatXentopBatch(
      [{totalMemBytes: 1024 * MiB, domains: [{name: 'a-really-long-name', domid: 1, cpuNs: 0, cpuPct: 0, memBytes: 0, maxMemBytes: 0, vcpus: 1, netTxBytes: 1024 * 123456789}]}],
      {fullName: true},
    )
    const [header, row] = out.split('\n')
    expect(header!.startsWith('              NAME  STATE')).toBe(true)
    expect(header).toContain(' NETS  NETTX(k) NETRX(k) VBDS')
    expect(row!.startsWith('a-really-long-name ------')).toBe(true)
    expect(row).toContain('    1    0 123456789        0    0')
  })
  it('no domains, no frames', () => {
    expect(formatXentopBatch([])).toBe('')
    expect(formatXentopBatch([{totalMemBytes: 1, domains: []}])).toBe('')
  })
})

describe('yajl beautify / xl list -l', () => {
  it('formats empty containers like yajl', () => {
    expect(yajlBeautify([])).toBe('[\n\n]\n')
    expect(yajlBeautify(new JsonMap().set('a', new JsonMap()).set('b', [1, 2]).set('c', 'x"\n\u0001/'))).toBe(
      '{\n    "a": {\n\n    },\n    "b": [\n        1,\n        2\n    ],\n    "c": "x\\"\\n\\u0001/"\n}\n',
    )
  })
  it('list -l of a PV domain', () => {
    const out = formatListLong([
      {
        domid: 1,
        config: {
          c_info: {type: 'pv', name: 'g1', uuid: '2aa0d5fd-f749-4a85-9916-6ab1195c7352', run_hotplug_scripts: true},
          b_info: {
            max_vcpus: 2,
            avail_vcpus: [1, 0],
            vcpu_hard_affinity: [[1], [1, 0]],
            numa_placement: false,
            max_memkb: 132096,
            target_memkb: 131072,
            sched_params: {weight: 512, cap: 50},
            claim_mode: true,
            kernel: '/boot/vmlinuz',
            cmdline: 'console=hvc0',
            arch_x86: {},
          },
          on_reboot: 'restart',
          on_crash: 'preserve',
          on_soft_reset: 'soft_reset',
        },
      },
    ])
    expect(out).toBe(
      [
        '[',
        '    {',
        '        "domid": 1,',
        '        "config": {',
        '            "c_info": {',
        '                "type": "pv",',
        '                "name": "g1",',
        '                "uuid": "2aa0d5fd-f749-4a85-9916-6ab1195c7352",',
        '                "run_hotplug_scripts": "True"',
        '            },',
        '            "b_info": {',
        '                "max_vcpus": 2,',
        '                "avail_vcpus": [',
        '                    0,',
        '                    1',
        '                ],',
        '                "vcpu_hard_affinity": [',
        '                    [',
        '                        1',
        '                    ],',
        '                    [',
        '                        0,',
        '                        1',
        '                    ]',
        '                ],',
        '                "numa_placement": "False",',
        '                "max_memkb": 132096,',
        '                "target_memkb": 131072,',
        '                "sched_params": {',
        '                    "weight": 512,',
        '                    "cap": 50',
        '                },',
        '                "claim_mode": "True",',
        '                "kernel": "/boot/vmlinuz",',
        '                "cmdline": "console=hvc0",',
        '                "type.pv": {',
        '',
        '                },',
        '                "arch_arm": {',
        '',
        '                },',
        '                "arch_x86": {',
        '',
        '                }',
        '            },',
        '            "on_reboot": "restart",',
        '            "on_crash": "preserve",',
        '            "on_soft_reset": "soft_reset"',
        '        }',
        '    }',
        ']',
        '',
        '',
      ].join('\n'),
    )
  })
})
