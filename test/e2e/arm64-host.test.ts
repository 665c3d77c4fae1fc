// An arm64 host against the real Xen 4.17.7 arm64 captures
// (test/fixtures/xen-4.17/arm64: QEMU virt, GICv3, 2 pCPUs, 3072 MiB, credit2,
// dom0 Linux 6.1 with 1024 MiB and 2 vCPUs, domU g1 Linux 6.1 128 MiB 2 vCPUs),
// and, where no capture exists, against the texts of the 4.17 source.
import {describe, expect, it} from 'vitest'
import {cfg, tempHosts, type TempHost} from '../helpers/cli.js'
import {fixture} from '../helpers/fixtures.js'

const host = tempHosts()
const T = {timeout: 120_000}

/** A host like the captured one. */
function captured(...extra: string[]): TempHost {
  const h = host()
  const r = h.xl('host', 'init', '--arch', 'arm64', '--cpus', '2', '--memory', '3072', '--dom0-kernel', 'linux-6.1', '--clock', 'manual', ...extra)
  expect(r.code, r.stderr).toBe(0)
  return h
}

function createG1(h: TempHost, more: Record<string, string | number> = {}): void {
  const r = h.xl('create', '-q', h.file('g1.cfg', cfg({name: 'g1', kernel: 'linux-6.1', memory: 128, vcpus: 2, ...more})))
  expect(r.code, r.stderr).toBe(0)
}

/**
 * Debug key 'q' with the values that depend on the moment masked: the time,
 * uuids, list register contents, p2m counts after the guest ran, where the
 * scheduler put each vCPU and which one is running (the toolstack's), and the
 * timer interrupt in flight on it.
 */
function maskQ(text: string): string {
  return text.split('\n').filter(l => !l.startsWith('(XEN) Inflight irq=')).join('\n')
    .replace(/now = \d+/, 'now = N')
    .replace(/handle=(?!00000000-0000)[0-9a-f-]{36}/g, 'handle=UUID')
    .replace(/_LR\[(\d)\]=[0-9a-f]+/g, '_LR[$1]=V')
    .replace(/ mappings: \d+/g, ' mappings: N').replace(/\(shattered \d+\)/g, '(shattered N)')
    .replace(/(VCPU\d+): CPU\d+ \[has=[TF]\] poll=0 upcall_pend=00 upcall_mask=0[01]/g, '$1: CPUn [has=X] poll=0 upcall_pend=00 upcall_mask=0X')
    .replace(/pause_flags=[01]/g, 'pause_flags=X')
}

describe('arm64: vm_assist of dom0 and a domU (045)', () => {
  it('dom0 Linux 6.1 has KPTI forced on by KASLR (no vm_assist), the domU has no KASLR seed (runstate flag on)', T, () => {
    // the default host but for dom0's kernel
    const h = host()
    expect(h.xl('host', 'init', '--dom0-kernel', 'linux-6.1', '--clock', 'manual').code).toBe(0)
    createG1(h)
    expect(h.xl('debug-keys', 'q').code).toBe(0)
    const grep = h.xl('dmesg').stdout.split('\n').filter(l => l.includes('vm_assist')).join('\n') + '\n'
    const g1 = /[0-9a-f]{8}-[0-9a-f-]{27}/.exec(h.xl('list', '-v', 'g1').stdout)![0]
    expect(grep).toBe(fixture('arm64', '045-dmesg-grep-vm_assist', 'out').replace('be0f3fe4-7737-49d0-841b-93d9676af6f6', g1))
    // dom0's kernel log is not on a console xl reaches (xenconsole refuses dom0): its registrations are
    expect(h.xl('runstate', 'Domain-0').stdout).toContain('   0 (no runstate area registered)\n   1 (no runstate area registered)\n')
    expect(h.xl('console', 'g1').stdout).toMatch(/\] KASLR disabled due to lack of seed\n/)
    expect(h.xl('console', 'g1').stdout).not.toContain('page table isolation')
  })

  it('no seed from the firmware, nokaslr, kpti= and the 4.6 kernels decide as Linux does', T, () => {
    const vmAssist = (h: TempHost, dom: string) => h.xl('vm-assist', dom).stdout.match(/vm_assist\s*:\s*(\w+)/)?.[1]
    const noSeed = captured('--kaslr-seed', 'no')
    expect(vmAssist(noSeed, 'Domain-0')).toBe('00000020')

    expect(JSON.parse(noSeed.xl('host', 'show', '--json').stdout)).toMatchObject({kaslrSeed: false, dom0Cmdline: 'console=hvc0 earlycon=xen root=/dev/vda1 rootwait'})
    const nokaslr = captured('--dom0-cmdline', 'console=hvc0 nokaslr')
    expect(vmAssist(nokaslr, 'Domain-0')).toBe('00000020')
    expect(nokaslr.xl('dmesg').stdout).toContain('(XEN) CMDLINE[000000004a000000]:chosen console=hvc0 nokaslr\n')

    // kpti=0 wins over KASLR; kpti=1 in a domU's extra unmaps it with no seed at all
    const off = captured('--dom0-cmdline', 'kpti=0')
    expect(vmAssist(off, 'Domain-0')).toBe('00000020')
    createG1(off, {extra: 'kpti=1'})
    expect(vmAssist(off, 'g1')).toBe('00000000')
    expect(off.xl('console', 'g1').stdout).toContain('] CPU features: kernel page table isolation forced ON by kpti command line option\n')

    // Linux 4.6 has no KPTI on arm64 (4.16): the default host's dom0 keeps its flag
    const def = host()
    expect(def.xl('host', 'init', '--clock', 'manual').code).toBe(0)
    expect(vmAssist(def, 'Domain-0')).toBe('00000020')
  })

  it('--dom0-cmdline refuses what a device tree bootargs cannot hold (one line, exit 2)', T, () => {
    const h = host()
    const nl = h.xl('host', 'init', '--dom0-cmdline', 'a\nb')
    expect(nl.code).toBe(2)
    expect(nl.stderr.trim().split('\n')).toHaveLength(1)
    expect(nl.stderr).toContain('control characters')
    const long = h.xl('host', 'init', '--dom0-cmdline', 'x'.repeat(1025))
    expect(long.code).toBe(2)
    expect(long.stderr).toContain('1025 bytes; Xen takes at most 1024 (BOOTMOD_MAX_CMDLINE)')
    expect(h.xl('host', 'init', '--kaslr-seed', 'maybe').code).toBe(2)
  })
})

describe('arm64: debug key q (011, 046)', () => {
  it('dom0 alone and with g1: p2m mappings, rangesets, GICH_LRs and their list registers, as the captures', T, () => {
    const h = captured()
    h.xl('dmesg', '-c')
    h.xl('debug-keys', 'q')
    expect(maskQ(h.xl('dmesg').stdout)).toBe(maskQ(fixture('arm64', '011-dmesg-q', 'out')))
    createG1(h)
    h.xl('clock', 'advance', '1s')
    h.xl('dmesg', '-c')
    h.xl('debug-keys', 'q')
    const out = h.xl('dmesg', '-c').stdout
    expect(maskQ(out)).toBe(maskQ(fixture('arm64', '046-dmesg-q-g1', 'out')))
    // what the capture shows exactly for a 1024 MiB dom0 and a 128 MiB domU
    expect(out).toContain('(XEN)   1G mappings: 512 (shattered 1)\n(XEN)   2M mappings: 703 (shattered 1)\n(XEN)   4K mappings: 193031\n')
    expect(out).toContain('(XEN)     nr_pages=32772 xenheap_pages=2 dirty_cpus={} max_pages=33024\n')
    expect(out).toContain('(XEN) p2m mappings for domain 1 (vmid 2):\n(XEN)   1G mappings: 0 (shattered 0)\n(XEN)   2M mappings: 63 (shattered 1)\n(XEN)   4K mappings: 516\n')
    expect(out).not.toContain('Memory pages belonging')
    expect(out).not.toContain('dirty_cpu=')
  })
})

describe('arm64: xl info (001) and xl info -n', () => {
  it('xl info: every line as the capture but the host\'s own values', T, () => {
    const h = captured()
    const r = h.xl('info')
    expect(r.code).toBe(0)
    // free memory, the build's identity and dom0's release are this host's
    const HOST = /^(free_memory|cc_compile_by|cc_compile_domain|cc_compile_date|build_id) /
    const ours = r.stdout.split('\n').filter(l => !HOST.test(l))
    const real = fixture('arm64', '001-info', 'out').split('\n').filter(l => !HOST.test(l))
    expect(ours).toEqual(real)
  })

  it('xl info -n: no PCI topology on ARM (libxl.c:482 and xl_info.c:304 on stderr), distance 20, every CPU core 0', T, () => {
    const h = captured()
    const r = h.xl('info', '-n')
    expect(r.code).toBe(0)
    expect(r.stderr).toBe('libxl: error: libxl.c:482:libxl_get_pci_topology: PCI topology info hypercall failed: Function not implemented\n' +
      'libxl_get_pci_topology failed.\n')
    expect(r.stdout).toContain('cpu_topology           :\ncpu:    core    socket     node\n  0:       0        0        0\n  1:       0        0        0\n' +
      'numa_info              :\nnode:    memsize    memfree    distances\n')
    expect(r.stdout).toMatch(/^ {3}0: {4} +\d+ +\d+ {6}20\n/m)
    expect(r.stdout).not.toContain('device topology')
    // x86 keeps its device section and distance 10
    const x = host()
    x.xl('host', 'init', '--arch', 'x86_64', '--cpus', '2', '--clock', 'manual')
    const xr = x.xl('info', '-n')
    expect(xr.stderr).toBe('')
    expect(xr.stdout).toContain('device topology        :\ndevice           node\nNo device topology data available\n')
    expect(xr.stdout).toMatch(/^ {3}0: {4} +\d+ +\d+ {6}10\n/m)
  })
})

describe('arm64: boot log, key lists, run queues', () => {
  it('xl dmesg after boot: early_print_info\'s layout (bootfdt.c:585-617), no x86-only lines, scrubbing', T, () => {
    const h = captured('--dom0-cmdline', 'console=hvc0 root=/dev/vda2')
    const log = h.xl('dmesg').stdout
    expect(log).toMatch(/^\(XEN\) Checking for initrd in \/chosen\n\(XEN\) RAM: 0000000040000000 - 00000000ffffffff\n\(XEN\) \n/)
    expect(log).toContain('(XEN) MODULE[0]: 0000000048000000 - 0000000048200000 Xen         \n' +
      '(XEN) MODULE[1]: 0000000049000000 - 0000000049100000 Device Tree \n' +
      '(XEN) MODULE[2]: 000000004a000000 - 000000004c600000 Kernel      \n(XEN) \n' +
      '(XEN) CMDLINE[000000004a000000]:chosen console=hvc0 root=/dev/vda2\n(XEN) \n' +
      '(XEN) Command line: dom0_mem=1024M console=dtuart loglvl=all guest_loglvl=all\n')
    expect(log).toContain('(XEN) Initial low memory virq threshold set at 0x4000 pages.\n(XEN) Scrubbing Free RAM in background\n(XEN) Std. Loglevel: All\n')
    expect(log).not.toContain('Latest ChangeSet')
    expect(log).not.toMatch(/has maximum \d+ VCPUs/)
    // an empty dom0 command line has no bootargs, so no CMDLINE line (bootfdt.c:290-292)
    const empty = captured('--dom0-cmdline', '')
    expect(empty.xl('dmesg').stdout).not.toContain('CMDLINE[')
  })

  it('debug key h: the common keys without livepatch on arm64; x86 prints the capture\'s list (009)', T, () => {
    const real = fixture('x86-pv', '009-dmesg-c-h', 'out').split('\n')
    const block = real.slice(real.findIndex(l => l.includes("'h' pressed"))).filter(Boolean)
    const x = host()
    x.xl('host', 'init', '--arch', 'x86_64', '--cpus', '2', '--clock', 'manual')
    x.xl('dmesg', '-c')
    x.xl('debug-keys', 'h')
    expect(x.xl('dmesg').stdout.split('\n').filter(Boolean)).toEqual(block)
    const a = captured()
    a.xl('dmesg', '-c')
    a.xl('debug-keys', 'h')
    // x86's own handlers: cpu_idle.c c, hvm/irq.c I, svm/vmcb.c v, io_apic.c z, irq.c i, msi.c M,
    // nmi.c N n, numa.c u, time.c s, pci.c Q (HAS_PCI), livepatch.c x (CONFIG_LIVEPATCH defaults to X86)
    const x86Only = new Set(['c', 'I', 'v', 'z', 'i', 'M', 'N', 'n', 'u', 's', 'Q', 'x'])
    expect(a.xl('dmesg').stdout.split('\n').filter(Boolean)).toEqual(block.filter(l => !x86Only.has(/key '(.)'/.exec(l)?.[1] ?? '')))
  })

  it('debug key r: each pCPU is its own core on ARM (smpboot.c:94)', T, () => {
    const h = captured()
    h.xl('dmesg', '-c')
    h.xl('debug-keys', 'r')
    const out = h.xl('dmesg').stdout
    expect(out).toContain('(XEN) CPU[00] runq=0, sibling={0}, core={0}\n')
    expect(out).toContain('(XEN) CPU[01] runq=0, sibling={1}, core={1}\n')
  })
})
