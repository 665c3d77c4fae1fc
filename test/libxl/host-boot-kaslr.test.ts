// dom0's kernel log on an arm64 host (not readable with xl: xenconsole refuses
// dom0, and Xen keeps dom0's console out of its ring unless console_to_ring):
// its command line from /chosen and the KASLR/KPTI lines of Linux 6.1
// (arch/arm64/kernel/kaslr.c, cpufeature.c), per firmware seed and bootargs.
import {describe, expect, it} from 'vitest'
import {bootHost} from '../../src/libxl/host-boot.js'
import {DEFAULT_HOST_CONFIG, type HostConfig} from '../../src/hypervisor/host.js'

function dom0Log(over: Partial<HostConfig>): string {
  const host = bootHost({...DEFAULT_HOST_CONFIG, clock: 'manual', dom0Kernel: 'linux-6.1', ...over})
  return host.domains.get(0)!.guest.console
}

describe('dom0 Linux 6.1 on arm64', () => {
  it('with the firmware\'s seed: KASLR moves it, KPTI is forced on, no runstate set-up', () => {
    const log = dom0Log({})
    expect(log).toMatch(/\] Kernel command line: console=hvc0 earlycon=xen root=\/dev\/vda1 rootwait\n.*\] CPU features: kernel page table isolation forced ON by KASLR\n.*\] KASLR enabled\n/)
    expect(log).not.toContain('runstate area at')
  })

  it('without a seed, with nokaslr, with kpti=0', () => {
    expect(dom0Log({kaslrSeed: false})).toContain('] KASLR disabled due to lack of seed\n')
    const nokaslr = dom0Log({dom0Cmdline: 'console=hvc0 nokaslr'})
    expect(nokaslr).toContain('] Kernel command line: console=hvc0 nokaslr\n')
    expect(nokaslr).toContain('] KASLR disabled on command line\n')
    expect(nokaslr).toContain('runstate area at 0x100000: registered')
    expect(dom0Log({dom0Cmdline: 'kpti=0'})).toContain('] CPU features: kernel page table isolation forced OFF by kpti command line option\n')
  })

  it('a host saved before these settings boots as the captured one (seed given, default command line)', () => {
    const {dom0Cmdline: _c, kaslrSeed: _k, ...old} = DEFAULT_HOST_CONFIG
    const host = bootHost({...old, clock: 'manual', dom0Kernel: 'linux-6.1'})
    expect(host.domains.get(0)!.vmAssist).toBe(0n)
    expect(host.domains.get(0)!.guest.console).toContain('] Kernel command line: console=hvc0 earlycon=xen root=/dev/vda1 rootwait\n')
  })
})
