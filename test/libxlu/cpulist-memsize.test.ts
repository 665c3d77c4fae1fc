import {describe, expect, it} from 'vitest'
import {parseCpuList, parseMemSize, parseMemSizeKb} from '../../src/libxlu/index.js'

describe('parseCpuList (xl_parse.c parse_cpurange)', () => {
  const ok: [string, number, number[]][] = [
    ['all', 4, [0, 1, 2, 3]],
    ['3', 4, [3]],
    ['0-3', 8, [0, 1, 2, 3]],
    ['0-3,^2', 4, [0, 1, 3]],
    ['^1,0-2', 4, [0, 1, 2]], // items apply left to right
    ['all,^0', 4, [1, 2, 3]],
    ['0,,2', 4, [0, 2]], // strtok_r skips empty items
    ['', 4, []],
    ['2,0,1', 4, [0, 1, 2]],
    ['0-100', 2, [0, 1]], // past the host's CPUs: dropped
    ['+1', 4, [1]], // strtoul accepts a sign
    [' 1', 4, [1]],
    ['nodes:0', 3, [0, 1, 2]], // one NUMA node with every CPU
    ['node:0,^1', 3, [0, 2]],
    ['nodes:1', 3, []],
    ['nodes:all', 2, [0, 1]],
  ]
  it.each(ok)('%j on %d CPUs', (s, n, cpus) => {
    expect(parseCpuList(s, n)).toEqual({ok: true, cpus})
  })
  const bad: [string, string][] = [
    ['x', 'Invalid pcpu range: x.'],
    ['1-', 'Invalid pcpu range: 1-.'],
    ['3-1', 'Invalid pcpu range: 3-1.'],
    ['1-2x', 'Invalid pcpu range: 1-2x.'],
    ['-1', 'Invalid pcpu range: -1.'],
    ['^', 'Invalid pcpu range: .'],
    ['^foo', 'Invalid pcpu range: foo.'],
    ['nodes:x', 'Invalid pcpu range: x.'],
    ['0,1 ', 'Invalid pcpu range: 1 .'],
    ['^all', 'Can\'t combine "^" and "all".'],
    ['^nodes:all', 'Can\'t combine "^" and "all".'],
    ['18446744073709551615', 'Invalid pcpu range: 18446744073709551615.'],
  ]
  it.each(bad)('%j', (s, error) => {
    expect(parseCpuList(s, 4)).toEqual({ok: false, error})
  })
})

describe('parseMemSize (xl_parse.c parse_mem_size_kb), KiB', () => {
  const cases: [string, number | null][] = [
    ['512', 512 * 1024], // no suffix: MiB
    ['512m', 512 * 1024],
    ['512M', 512 * 1024],
    ['1g', 1024 * 1024],
    ['1G', 1024 * 1024],
    ['2t', 2 * 1024 ** 3],
    ['4096k', 4096],
    ['1048576b', 1024],
    ['1000b', 0],
    ['0', 0],
    ['', 0], // strtoll converts nothing: 0 MiB
    ['m', 0],
    [' 5', 5 * 1024],
    ['+5k', 5],
    ['-5k', -5],
    ['-1k', null], // -1 is xl's error marker
    ['5mb', null],
    ['5x', null],
    ['abc', null],
    ['1.5g', null],
    ['5 ', null],
  ]
  it.each(cases)('%j', (s, kb) => {
    expect(parseMemSize(s)).toBe(kb)
  })
  it('wraps like int64_t', () => {
    expect(parseMemSizeKb('9223372036854775807k')).toBe(9223372036854775807n)
    expect(parseMemSizeKb('9007199254740993t')).toBe(BigInt.asIntN(64, 9007199254740993n << 30n))
  })
})

describe('parse_mem_size_kb on a 400,000-digit size (mem-set 0 <digits>)', () => {
  it('strtoll clamps to LLONG_MAX, then the shift for MiB wraps as int64_t', () => {
    const digits = '9'.repeat(400_000)
    expect(parseMemSizeKb(digits)).toBe(BigInt.asIntN(64, (2n ** 63n - 1n) << 10n))
    expect(parseMemSizeKb(`${digits}k`)).toBe(2n ** 63n - 1n)
    expect(parseMemSizeKb(`${'0'.repeat(400_000)}64`)).toBe(65536n)
  })
})

describe('parseCpuList on long lists of large ranges', () => {
  it('200,000 alternating `all` / `^0-1` items over 1024 pCPUs end with the last word', () => {
    const r = parseCpuList('all,^0-1,'.repeat(200_000), 1024)
    expect(r.ok && r.cpus.length).toBe(1022)
    expect(r.ok && r.cpus[0]).toBe(2)
    const huge = parseCpuList('0-18446744073709551614,^5', 8)
    expect(huge).toEqual({ok: true, cpus: [0, 1, 2, 3, 4, 6, 7]})
  })
})
