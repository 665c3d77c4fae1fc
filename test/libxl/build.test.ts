// The builds libxl 4.17 fails, line for line, with the source each line
// comes from: tools/libs/guest/xg_dom_core.c xc_dom_chk_alloc_pages (536),
// tools/libs/light/libxl_dom.c libxl__build_dom (594),
// libxl__domain_set_paging_mempool_size (1462), libxl__domain_firmware (942),
// libxl__build_hvm (1075), libxl_create.c domcreate_rebuild_done (1638).
import {describe, expect, it} from 'vitest'
import {bootHost} from '../../src/libxl/host-boot.js'
import {DEFAULT_HOST_CONFIG, type HostConfig} from '../../src/hypervisor/host.js'
import {createDomainXl, requiredPagingMemoryKiB, type CreateRequest} from '../../src/libxl/create.js'
import {XlError} from '../../src/libxl/errors.js'
import {ringRead} from '../../src/hypervisor/console.js'
import {KERNELS, kernelImageKiB, shutdownLatencyMs, type KernelModel} from '../../src/guest/kernels.js'

function host(over: Partial<HostConfig> = {}) {
  return bootHost({...DEFAULT_HOST_CONFIG, arch: 'x86_64', cpus: 2, clock: 'manual', dom0Kernel: 'linux-6.1', ...over})
}

function req(over: Partial<CreateRequest> = {}): CreateRequest {
  return {
    name: 'v', memMiB: 32, maxmemMiB: 32, vcpus: 1, maxVcpus: 1, cpus: [], cpusSoft: [],
    paravirtTimeAccounting: true, workloads: [], onPoweroff: 'destroy', onReboot: 'restart', onCrash: 'destroy',
    config: {}, ...over,
  }
}

const DESTROYED = [
  'libxl: error: libxl_domain.c:1183:libxl__destroy_domid: Domain 1:Non-existant domain',
  'libxl: error: libxl_domain.c:1137:domain_destroy_callback: Domain 1:Unable to destroy guest',
  'libxl: error: libxl_domain.c:1064:domain_destroy_cb: Domain 1:Destruction of domain failed',
]

function fails(h: ReturnType<typeof host>, r: CreateRequest): string[] {
  const out = createDomainXl(h, r, {paused: false})
  expect(out).toBeInstanceOf(XlError)
  expect((out as XlError).exitCode).toBe(3)
  return (out as XlError).lines
}

describe('no memory line (vcpus = "abc"): libxl builds 32 MiB', () => {
  it('x86 PV: Linux 6.1 does not fit after the 16 MiB pad (xg_dom_core.c:536), rc 3, the id spent', () => {
    const h = host()
    expect(fails(h, req({kernel: 'linux-6.1', memkbDefault: true, xlMaxVcpus: 0}))).toEqual([
      'xc: error: panic: xg_dom_core.c:536: xc_dom_chk_alloc_pages: segment kernel too large (0x1f00 > 0x2000 - 0x1000 pages): Out of memory',
      'libxl: error: libxl_dom.c:594:libxl__build_dom: xc_dom_build_image failed: No such file or directory',
      'libxl: error: libxl_create.c:1638:domcreate_rebuild_done: Domain 1:cannot (re-)build domain: -3',
      ...DESTROYED,
    ])
    expect(h.nextDomid).toBe(2)
    expect(h.domains.size).toBe(1)
  })

  it('x86 PV: Linux 4.6 is small enough for 32 MiB', () => {
    const h = host()
    const d = createDomainXl(h, req({kernel: 'linux-4.6', memkbDefault: true, xlMaxVcpus: 0}), {paused: false})
    expect(d).not.toBeInstanceOf(XlError)
  })

  it('arm64: the paging pool from LIBXL_MEMKB_DEFAULT overflows (libxl_dom.c:1462), rc 3', () => {
    const h = host({arch: 'arm64'})
    // 4 x (0 vCPUs x 256 + (2^64 - 1) / 1024 + 128) KiB, as libxl__get_required_paging_memory computes it.
    expect(requiredPagingMemoryKiB(req({memkbDefault: true, xlMaxVcpus: 0}), 'pvh', 128)).toBe(72057594037928444n)
    expect(fails(h, req({memkbDefault: true, xlMaxVcpus: 0}))).toEqual([
      'libxl: error: libxl_dom.c:1462:libxl__domain_set_paging_mempool_size: Domain 1:shadow_memkb value 72057594037928444kB too large: No such file or directory',
      'libxl: error: libxl_create.c:1638:domcreate_rebuild_done: Domain 1:cannot (re-)build domain: -3',
      ...DESTROYED,
    ])
  })

  it('x86 PVH too (libxl_x86.c sets the pool for non-PV guests); x86 PV never sizes it', () => {
    const vcpus2 = requiredPagingMemoryKiB(req({memkbDefault: true, xlMaxVcpus: 2}), 'pvh', 0)
    expect(vcpus2).toBe(4n * (512n + ((1n << 64n) - 1n) / 1024n))
    expect(fails(host(), req({type: 'pvh', memkbDefault: true, xlMaxVcpus: 2}))[0]).toBe(
      `libxl: error: libxl_dom.c:1462:libxl__domain_set_paging_mempool_size: Domain 1:shadow_memkb value ${vcpus2}kB too large: No such file or directory`)
  })

  it('an explicit 32 MiB PVH Linux 6.1 fails the same way as PV (the kernel at 16 MiB physical)', () => {
    expect(fails(host(), req({type: 'pvh', kernel: 'linux-6.1'}))[0]).toMatch(/segment kernel too large \(0x1f00 > 0x2000 - 0x1000 pages\)/)
  })
})

describe('HVM', () => {
  it('arm64: no hvmloader in the firmware directory (libxl_dom.c:942, 1075), rc -1 from the build', () => {
    expect(fails(host({arch: 'arm64'}), req({type: 'hvm', memMiB: 128, maxmemMiB: 128}))).toEqual([
      "xc: error: panic: xg_dom_core.c:205: failed to open file '/usr/lib/xen-4.17/boot/hvmloader': No such file or directory: Internal error",
      'libxl: error: libxl_dom.c:942:libxl__domain_firmware: xc_dom_{kernel_file/ramdisk_file} failed: No such file or directory',
      'libxl: error: libxl_dom.c:1075:libxl__build_hvm: initializing domain firmware failed',
      'libxl: error: libxl_create.c:1638:domcreate_rebuild_done: Domain 1:cannot (re-)build domain: -1',
      ...DESTROYED,
    ])
  })

  it('x86: xg_dom_x86.c vcpu_hvm reads the context (hvm/save.c hvm_save) and loads the BSP CPU; PVH also each MTRR', () => {
    const h = host()
    ringRead(h.console, true)
    const d = createDomainXl(h, req({type: 'hvm', memMiB: 128, maxmemMiB: 128, vcpus: 2, maxVcpus: 2}), {paused: true})
    expect(d).not.toBeInstanceOf(XlError)
    const hvm = ringRead(h.console, true).split('\n')
    expect(hvm.slice(0, 4)).toEqual(['(XEN) HVM d1v0 save: CPU', '(XEN) HVM d1v1 save: CPU', '(XEN) HVM d1 save: PIC', '(XEN) HVM d1 save: IOAPIC'])
    expect(hvm.filter(l => / save: /.test(l))).toHaveLength(2 * 9 + 10)
    expect(hvm.filter(l => /restore/.test(l))).toEqual(['(XEN) HVM1 restore: CPU 0'])
    createDomainXl(h, req({name: 'p', type: 'pvh', kernel: 'linux-6.1', memMiB: 128, maxmemMiB: 128, vcpus: 2, maxVcpus: 2}), {paused: true})
    expect(ringRead(h.console, true).split('\n').filter(l => /restore/.test(l)))
      .toEqual(['(XEN) HVM2 restore: MTRR 0', '(XEN) HVM2 restore: MTRR 1', '(XEN) HVM2 restore: CPU 0'])
  })

  it('x86 PV and every arm64 guest: no HVM context lines', () => {
    const h = host({arch: 'arm64'})
    ringRead(h.console, true)
    createDomainXl(h, req({memMiB: 128, maxmemMiB: 128}), {paused: true})
    expect(ringRead(h.console, true)).not.toMatch(/HVM/)
  })

  it('boots as Linux does on HVM (pv_info.name "Xen HVM", enlighten_hvm.c)', () => {
    const h = host()
    const d = createDomainXl(h, req({type: 'hvm', memMiB: 128, maxmemMiB: 128}), {paused: false})
    expect((d as {guest: {console: string}}).guest.console).toMatch(/Booting paravirtualized kernel on Xen HVM\n/)
  })
})

describe('kernel fields have defaults, so a new kernel entry needs none of them', () => {
  const bare: KernelModel = {...KERNELS['linux-6.1']!, name: 'linux-5.10', version: '5.10.0', imageKiB: undefined, shutdownMs: undefined}
  it('image size by series and shutdown time', () => {
    expect(kernelImageKiB(bare, 'x86_64')).toBe(31_744)
    expect(kernelImageKiB({...bare, version: '4.14.0'}, 'arm64')).toBe(15_360)
    expect(shutdownLatencyMs(bare)).toBe(1500)
    expect(shutdownLatencyMs(KERNELS['linux-6.1']!)).toBe(2600)
  })
})
