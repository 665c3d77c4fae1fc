import {readFileSync} from 'node:fs'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {describe, expect, it} from 'vitest'
import {
  formatCpuRanges,
  formatInfo,
  formatList,
  formatSchedCredit,
  formatSchedCredit2,
  formatUptime,
  formatVcpuList,
  formatXentopBatch,
  type InfoFields,
  type ListRow,
  type VcpuRow,
} from '../../../src/xl/format/index.js'

const here = dirname(fileURLToPath(import.meta.url))
const golden = (name: string): string => readFileSync(join(here, 'golden', name + '.out'), 'utf8')

const DOM0_UUID = '00000000-0000-0000-0000-000000000000'

function listRow(p: Partial<ListRow> & Pick<ListRow, 'name' | 'domid' | 'memMiB' | 'cpuTimeNs'>): ListRow {
  return {
    vcpus: 2,
    running: false,
    blocked: false,
    paused: false,
    shutdown: false,
    shutdownReason: null,
    dying: false,
    uuid: DOM0_UUID,
    ...p,
  }
}

describe('xl list (golden)', () => {
  it('002-list', () => {
    const rows = [listRow({name: 'Domain-0', domid: 0, memMiB: 1024, running: true, cpuTimeNs: 6_912_345_678})]
    expect(formatList(rows)).toBe(golden('x86-pv/002-list'))
  })
  it('004-list-v', () => {
    const rows = [listRow({name: 'Domain-0', domid: 0, memMiB: 1024, running: true, cpuTimeNs: 7_401_000_000})]
    expect(formatList(rows, {verbose: true})).toBe(golden('x86-pv/004-list-v'))
  })
  it('037-list-with-g1', () => {
    const rows = [
      listRow({name: 'Domain-0', domid: 0, memMiB: 1024, running: true, cpuTimeNs: 21_300_000_000}),
      listRow({name: 'g1', domid: 1, memMiB: 128, running: true, cpuTimeNs: 3_900_000_000n}),
    ]
    expect(formatList(rows)).toBe(golden('x86-pv/037-list-with-g1'))
  })
  it('047-list-paused', () => {
    const rows = [
      listRow({name: 'Domain-0', domid: 0, memMiB: 1024, running: true, cpuTimeNs: 23_700_000_000}),
      listRow({name: 'g1', domid: 1, memMiB: 128, blocked: true, paused: true, cpuTimeNs: 5_200_000_000}),
    ]
    expect(formatList(rows)).toBe(golden('x86-pv/047-list-paused'))
  })
})

function vcpu(p: Partial<VcpuRow> & Pick<VcpuRow, 'name' | 'domid' | 'vcpu' | 'cpu' | 'timeNs'>): VcpuRow {
  return {online: true, running: false, blocked: false, hardAffinity: 'all', softAffinity: 'all', ...p}
}

describe('xl vcpu-list (golden)', () => {
  it('005-vcpu-list', () => {
    const rows = [
      vcpu({name: 'Domain-0', domid: 0, vcpu: 0, cpu: 0, blocked: true, timeNs: 4_800_000_000}),
      vcpu({name: 'Domain-0', domid: 0, vcpu: 1, cpu: 1, running: true, timeNs: 2_700_000_000}),
    ]
    expect(formatVcpuList(rows)).toBe(golden('x86-pv/005-vcpu-list'))
  })
  it('040-vcpu-list-g1', () => {
    const rows = [
      vcpu({name: 'g1', domid: 1, vcpu: 0, cpu: 0, blocked: true, timeNs: 3_400_000_000}),
      vcpu({name: 'g1', domid: 1, vcpu: 1, cpu: 0, running: true, timeNs: 1_300_000_000}),
    ]
    expect(formatVcpuList(rows)).toBe(golden('x86-pv/040-vcpu-list-g1'))
  })
  it('051-vcpu-list-pinned', () => {
    const rows = [
      vcpu({name: 'g1', domid: 1, vcpu: 0, cpu: 1, blocked: true, timeNs: 3_600_000_000, hardAffinity: formatCpuRanges([1], 2)}),
      vcpu({name: 'g1', domid: 1, vcpu: 1, cpu: 0, blocked: true, timeNs: 1_700_000_000, hardAffinity: formatCpuRanges([0, 1], 2)}),
    ]
    expect(formatVcpuList(rows)).toBe(golden('x86-pv/051-vcpu-list-pinned'))
  })
  it('053-vcpu-list-set (offline vCPU)', () => {
    const rows = [
      vcpu({name: 'g1', domid: 1, vcpu: 0, cpu: 1, blocked: true, timeNs: 3_600_000_000, hardAffinity: '1'}),
      vcpu({name: 'g1', domid: 1, vcpu: 1, cpu: 0, online: false, timeNs: 1_700_000_000}),
    ]
    expect(formatVcpuList(rows)).toBe(golden('x86-pv/053-vcpu-list-set'))
  })
  it('x86-credit 013-vcpu-list', () => {
    const rows = [
      vcpu({name: 'Domain-0', domid: 0, vcpu: 0, cpu: 0, running: true, timeNs: 6_700_000_000}),
      vcpu({name: 'Domain-0', domid: 0, vcpu: 1, cpu: 1, blocked: true, timeNs: 11_000_000_000}),
      vcpu({name: 'g1', domid: 1, vcpu: 0, cpu: 1, timeNs: 3_500_000_000}),
      vcpu({name: 'g1', domid: 1, vcpu: 1, cpu: 0, blocked: true, timeNs: 1_100_000_000}),
    ]
    expect(formatVcpuList(rows)).toBe(golden('x86-credit/013-vcpu-list'))
  })
})

describe('xl uptime (golden)', () => {
  it('006-uptime', () => {
    expect(formatUptime([{name: 'Domain-0', domid: 0, uptimeSeconds: 8}])).toBe(golden('x86-pv/006-uptime'))
  })
  it('063-uptime-g', () => {
    expect(
      formatUptime([
        {name: 'Domain-0', domid: 0, uptimeSeconds: 36},
        {name: 'g2', domid: 1, uptimeSeconds: 23},
      ]),
    ).toBe(golden('x86-pv/063-uptime-g'))
  })
})

const SAMPLE_INFO: InfoFields = {
  host: '(none)',
  release: '6.1.0-56-amd64',
  version: '#1 SMP PREEMPT_DYNAMIC Debian 6.1.192-2 (2026-11-16)',
  machine: 'x86_64',
  nr_cpus: 2,
  max_cpu_id: 1,
  nr_nodes: 1,
  cores_per_socket: 2,
  threads_per_core: 1,
  cpu_khz: 2096018,
  hw_caps: [0x1fcbf3fd, 0xf6d8320b, 0xec500800, 0x77, 0x5, 0x018843a9, 0x20c, 0],
  virt_caps: ['pv', 'hvm', 'hap', 'gnttab-v1', 'gnttab-v2'],
  total_memory: 3071,
  free_memory: 2014,
  sharing_freed_memory: 0,
  sharing_used_memory: 0,
  outstanding_claims: 0,
  free_cpus: 0,
  xen_major: 4,
  xen_minor: 17,
  xen_extra: '.7',
  xen_caps: 'xen-3.0-x86_64 hvm-3.0-x86_32 hvm-3.0-x86_32p hvm-3.0-x86_64 ',
  xen_scheduler: 'credit2',
  xen_pagesize: 4096,
  virt_start: 0xffff800000000000n,
  xen_changeset: '',
  xen_commandline: 'console=com1 com1=115200,8n1 dom0_mem=1024M,max:1024M loglvl=all guest_loglvl=all',
  cc_compiler: 'x86_64-linux-gnu-gcc (Debian 12.2.0-14+deb12u1) 12.2.0',
  cc_compile_by: 'pkg-xen-devel',
  cc_compile_domain: 'lists.alioth.debian.org',
  cc_compile_date: 'Wed Nov  4 16:52:28 UTC 2026',
  build_id: '151b373fd64b321593bf987fd923cd10dabadac4',
}

describe('xl info (golden)', () => {
  it('001-info', () => {
    expect(formatInfo(SAMPLE_INFO)).toBe(golden('x86-pv/001-info'))
  })
})

describe('xl sched-credit / sched-credit2 (golden)', () => {
  const pool = {name: 'Pool-0', tsliceMs: 30, ratelimitUs: 1000, migrationDelayUs: 0}
  const dom0 = {name: 'Domain-0', domid: 0, weight: 256, cap: 0}
  it('016-sched-credit2', () => {
    expect(formatSchedCredit2({name: 'Pool-0', ratelimitUs: 1000}, [dom0])).toBe(golden('x86-pv/016-sched-credit2'))
  })
  it('017-sched-credit on a credit2 host prints nothing', () => {
    // No pool uses credit: the caller concatenates nothing.
    expect(''.concat(...[])).toBe(golden('x86-pv/017-sched-credit'))
  })
  it('x86-credit 002 / 005 / 007', () => {
    expect(formatSchedCredit(pool, [dom0])).toBe(golden('x86-credit/002-sched-credit'))
    expect(formatSchedCredit(pool, [dom0, {name: 'g1', domid: 1, weight: 256, cap: 0}])).toBe(
      golden('x86-credit/005-sched-credit-g1'),
    )
    expect(formatSchedCredit(pool, [dom0, {name: 'g1', domid: 1, weight: 512, cap: 50}])).toBe(
      golden('x86-credit/007-sched-credit-after'),
    )
  })
  it('x86-credit 008 (-d) and 009 (-s)', () => {
    expect(formatSchedCredit(pool, [{name: 'g1', domid: 1, weight: 512, cap: 50}], {domain: true})).toBe(
      golden('x86-credit/008-sched-credit-d'),
    )
    expect(formatSchedCredit(pool, [], {schedparam: true})).toBe(golden('x86-credit/009-sched-credit-s'))
  })
})

describe('xentop -b (golden)', () => {
  it('x86-credit 015-top', () => {
    const MiB = 1024 * 1024
    const total = 3072 * MiB
    const dom0 = {name: 'Domain-0', domid: 0, running: true, memBytes: 1024 * MiB, maxMemBytes: 1024 * MiB, vcpus: 2}
    const g1 = {name: 'g1', domid: 1, memBytes: 128 * MiB, maxMemBytes: 129 * MiB, vcpus: 2}
    const out = formatXentopBatch([
      {
        totalMemBytes: total,
        domains: [
          {...g1, running: true, cpuNs: 4_500_000_000, cpuPct: 0},
          {...dom0, cpuNs: 18_200_000_000, cpuPct: 0},
        ],
      },
      {
        totalMemBytes: total,
        domains: [
          {...dom0, cpuNs: 18_300_000_000, cpuPct: 8.8},
          {...g1, blocked: true, cpuNs: 5_000_000_000, cpuPct: 36.9},
        ],
      },
    ])
    expect(out).toBe(golden('x86-credit/015-top'))
  })
})
