// Linux 6.1 arm64's KASLR / KPTI choice (arch/arm64/kernel/kaslr.c kaslr_init,
// arch/arm64/kernel/cpufeature.c unmap_kernel_at_el0, asm/mmu.h
// kaslr_requires_kpti), as a table: seed, command line -> unmapped, lines.
import {describe, expect, it} from 'vitest'
import {kptiDecision} from '../../src/guest/kaslr.js'
import {KERNELS} from '../../src/guest/kernels.js'
import {addDomain, bareHost} from '../hypervisor/helpers.js'

const ON_KASLR = 'CPU features: kernel page table isolation forced ON by KASLR'
const cases: [seed: boolean, cmdline: string, unmapped: boolean, lines: string[]][] = [
  [true, '', true, [ON_KASLR, 'KASLR enabled']],
  [false, '', false, ['KASLR disabled due to lack of seed']],
  [true, 'nokaslr', false, ['KASLR disabled on command line']],
  [true, 'kpti=0', false, ['CPU features: kernel page table isolation forced OFF by kpti command line option', 'KASLR enabled']],
  [true, 'kpti=off kpti=on', true, ['CPU features: kernel page table isolation forced ON by kpti command line option', 'KASLR enabled']],
  [false, 'kpti=y', true, ['CPU features: kernel page table isolation forced ON by kpti command line option', 'KASLR disabled due to lack of seed']],
  [false, 'kpti=maybe', false, ['KASLR disabled due to lack of seed']],
  [true, 'mitigations=off', true, [ON_KASLR, 'KASLR enabled']],
  [false, 'mitigations=off', false, ['CPU features: kernel page table isolation forced OFF by mitigations=off', 'KASLR disabled due to lack of seed']],
]

describe('arm64 Linux 6.1: KASLR and KPTI', () => {
  it.each(cases)('seed %s, cmdline "%s" -> unmapped at EL0 %s', (seed, cmdline, unmapped, lines) => {
    const host = bareHost({arch: 'arm64'})
    const d = addDomain(host, {}, 1)
    d.guest.kaslrSeed = seed
    d.guest.cmdline = cmdline
    expect(kptiDecision(host, d, KERNELS['linux-6.1'])).toEqual({unmappedAtEl0: unmapped, lines})
  })

  it('Linux 4.6 (no KPTI before 4.16) and x86 guests decide nothing', () => {
    const arm = bareHost({arch: 'arm64'})
    const d = addDomain(arm, {}, 1)
    d.guest.kaslrSeed = true
    expect(kptiDecision(arm, d, KERNELS['linux-4.6-runstate'])).toEqual({unmappedAtEl0: false, lines: []})
    const x86 = bareHost({arch: 'x86_64'})
    const e = addDomain(x86, {type: 'pv'}, 1)
    e.guest.kaslrSeed = true
    expect(kptiDecision(x86, e, KERNELS['linux-6.1'])).toEqual({unmappedAtEl0: false, lines: []})
  })

  it('a domU without a command line of its own reads extra (libxl puts it in bootargs)', () => {
    const host = bareHost({arch: 'arm64'})
    const d = addDomain(host, {config: {extra: 'nokaslr'}}, 1)
    expect(kptiDecision(host, d, KERNELS['linux-6.1']).lines).toEqual(['KASLR disabled on command line'])
  })
})
