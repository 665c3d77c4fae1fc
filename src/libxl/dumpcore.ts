// xc_domain_dumpcore (tools/libs/guest/xg_core.c, xg_core.h): the ELF64
// core file `xl dump-core` writes. Layout as libxenguest writes it: the ELF
// header; the section headers (null, .shstrtab, .note.Xen, .xen_prstatus,
// .xen_shared_info for a PV guest, .xen_pages, then .xen_p2m for a PV guest
// or .xen_pfn for an auto-translated one); the Xen notes (none, header,
// xen_version, format_version); one vcpu_guest_context per vCPU; the shared
// info page; padding to a page; every page of the domain's memory; the
// p2m or pfn table; the section name strings last. The simulator keeps no
// guest memory or registers, so pages and contexts are zero: the pages are
// left as a hole (a sparse file), so a large domain costs no disk.
import {closeSync, ftruncateSync, openSync, writeSync} from 'node:fs'
import type {Domain} from '../hypervisor/domain.js'
import type {Arch, DomainType} from '../hypervisor/types.js'

/** What the xen_version note carries (xc_version of the running Xen). */
export interface XenVersionInfo {
  major: number
  minor: number
  extra: string
  compiler: string
  compileBy: string
  compileDomain: string
  compileDate: string
  capabilities: string
  changeset: string
  virtStart: bigint
}

/** The arch's view of a core: ELF machine and sizeof(vcpu_guest_context_t) in 4.17's public headers. */
export interface CoreArch {
  machine: number
  contextSize: number
  /** x86 PV: the guest's own p2m; HVM, PVH and every ARM guest: auto-translated (xc_core_arch_auto_translated_physmap). */
  autoTranslated: boolean
}

/** EM_X86_64 / EM_AARCH64; sizeof(vcpu_guest_context_t) of arch-x86/xen.h (x86_64) and arch-arm.h. */
const CORE_ARCH: Record<Arch, (type: DomainType) => CoreArch> = {
  x86_64: type => ({machine: 62, contextSize: 5168, autoTranslated: type !== 'pv'}),
  arm64: () => ({machine: 183, contextSize: 352, autoTranslated: true}),
}

export function coreArch(arch: Arch, type: DomainType): CoreArch {
  return CORE_ARCH[arch](type)
}

const PAGE_SIZE = 4096
const EHDR_SIZE = 64
const SHDR_SIZE = 64
const SHT_PROGBITS = 1
const SHT_STRTAB = 3
const SHT_NOTE = 7
/** xen/include/public/elfnote.h */
const XEN_ELFNOTE_DUMPCORE_NONE = 0x2000000
const XEN_ELFNOTE_DUMPCORE_HEADER = 0x2000001
const XEN_ELFNOTE_DUMPCORE_XEN_VERSION = 0x2000002
const XEN_ELFNOTE_DUMPCORE_FORMAT_VERSION = 0x2000003
/** xg_core.h XC_CORE_MAGIC / XC_CORE_MAGIC_HVM */
const XC_CORE_MAGIC = 0xF00FEBEDn
const XC_CORE_MAGIC_HVM = 0xF00FEBEEn
/** XEN_DUMPCORE_FORMAT_VERSION_CURRENT: major 0, minor 1. */
const FORMAT_VERSION = 1n
/** sizeof xen_extraversion_t, xen_compile_info_t's fields, xen_capabilities_info_t, xen_changeset_info_t (public/version.h). */
const EXTRA_LEN = 16
const COMPILE_FIELDS = [64, 16, 32, 32]
const CAPS_LEN = 1024
const CHANGESET_LEN = 64
const XEN_VERSION_DESC = 8 + 8 + EXTRA_LEN + 144 + CAPS_LEN + CHANGESET_LEN + 8 + 8

export interface CoreLayout {
  /** Everything before .xen_pages. */
  head: Buffer
  pagesOffset: number
  pagesSize: number
  /** .xen_p2m / .xen_pfn and .shstrtab, written after the pages. */
  tail: Buffer
}

class Writer {
  readonly buf: Buffer
  pos = 0
  constructor(size: number) {
    this.buf = Buffer.alloc(size)
  }
  u8(v: number) { this.buf.writeUInt8(v, this.pos); this.pos += 1 }
  u16(v: number) { this.buf.writeUInt16LE(v, this.pos); this.pos += 2 }
  u32(v: number) { this.buf.writeUInt32LE(v, this.pos); this.pos += 4 }
  u64(v: bigint | number) { this.buf.writeBigUInt64LE(BigInt(v), this.pos); this.pos += 8 }
  /** A fixed-size char array: the string, NUL padded, cut to fit with its NUL. */
  chars(s: string, size: number) {
    this.buf.write(s.slice(0, size - 1), this.pos, 'latin1')
    this.pos += size
  }
  skip(n: number) { this.pos += n }
}

interface Section {
  name: string
  type: number
  offset: number
  size: number
  align: number
  entsize: number
}

export function coreLayout(d: Domain, arch: CoreArch, version: XenVersionInfo): CoreLayout {
  // Every vCPU the domain has gives a context (xc_vcpu_getcontext up to max_vcpu_id).
  const nrVcpus = d.vcpus.length
  const nrPages = Math.floor(d.memKiB / 4)
  const pv = !arch.autoTranslated
  const names = ['.shstrtab', '.note.Xen', '.xen_prstatus', ...(pv ? ['.xen_shared_info'] : []), '.xen_pages', pv ? '.xen_p2m' : '.xen_pfn']
  const nrShdrs = 1 + names.length
  const noteSize = 16 + (16 + 32) + (16 + XEN_VERSION_DESC) + (16 + 8)
  const sections: Section[] = []
  let offset = EHDR_SIZE + nrShdrs * SHDR_SIZE
  const add = (name: string, type: number, size: number, align: number, entsize: number) => {
    sections.push({name, type, offset, size, align, entsize})
    offset += size
  }
  add('.note.Xen', SHT_NOTE, noteSize, 0, 0)
  add('.xen_prstatus', SHT_PROGBITS, arch.contextSize * nrVcpus, 8, arch.contextSize)
  if (pv) add('.xen_shared_info', SHT_PROGBITS, PAGE_SIZE, 8, PAGE_SIZE)
  const headEnd = offset
  offset = Math.ceil(offset / PAGE_SIZE) * PAGE_SIZE
  const pagesOffset = offset
  add('.xen_pages', SHT_PROGBITS, nrPages * PAGE_SIZE, PAGE_SIZE, PAGE_SIZE)
  const tableStart = offset
  add(pv ? '.xen_p2m' : '.xen_pfn', SHT_PROGBITS, nrPages * (pv ? 16 : 8), 8, pv ? 16 : 8)
  // The string table: index 0 is the empty name, then names in the order they were added.
  const strtab: number[] = [0]
  const nameIdx = new Map<string, number>()
  for (const n of names) {
    nameIdx.set(n, strtab.length)
    for (const ch of Buffer.from(n, 'latin1')) strtab.push(ch)
    strtab.push(0)
  }
  const strtabOffset = offset

  const head = new Writer(pagesOffset)
  // Elf64_Ehdr
  head.buf.set([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 1], 0)
  head.pos = 16
  head.u16(4) // ET_CORE
  head.u16(arch.machine)
  head.u32(1) // EV_CURRENT
  head.u64(0) // e_entry
  head.u64(0) // e_phoff
  head.u64(EHDR_SIZE) // e_shoff
  head.u32(0) // e_flags
  head.u16(EHDR_SIZE)
  head.u16(56) // sizeof(Elf64_Phdr)
  head.u16(0) // e_phnum
  head.u16(SHDR_SIZE)
  head.u16(nrShdrs)
  head.u16(1) // e_shstrndx: .shstrtab is section 1
  // Section headers: null, then .shstrtab (filled in last by xg_core.c), then the rest in order.
  head.skip(SHDR_SIZE)
  const shdr = (name: string, type: number, off: number, size: number, align: number, entsize: number) => {
    head.u32(nameIdx.get(name)!)
    head.u32(type)
    head.u64(0) // sh_flags
    head.u64(0) // sh_addr
    head.u64(off)
    head.u64(size)
    head.u32(0) // sh_link
    head.u32(0) // sh_info
    head.u64(align)
    head.u64(entsize)
  }
  shdr('.shstrtab', SHT_STRTAB, strtabOffset, strtab.length, 0, 0)
  for (const s of sections) shdr(s.name, s.type, s.offset, s.size, s.align, s.entsize)
  // .note.Xen: each note is namesz, descsz, type, "Xen\0", desc.
  const note = (type: number, descsz: number) => {
    head.u32(4)
    head.u32(descsz)
    head.u32(type)
    head.chars('Xen', 4)
  }
  note(XEN_ELFNOTE_DUMPCORE_NONE, 0)
  note(XEN_ELFNOTE_DUMPCORE_HEADER, 32)
  head.u64(pv ? XC_CORE_MAGIC : XC_CORE_MAGIC_HVM)
  head.u64(nrVcpus)
  head.u64(nrPages)
  head.u64(PAGE_SIZE)
  note(XEN_ELFNOTE_DUMPCORE_XEN_VERSION, XEN_VERSION_DESC)
  head.u64(version.major)
  head.u64(version.minor)
  head.chars(version.extra, EXTRA_LEN)
  const compile = [version.compiler, version.compileBy, version.compileDomain, version.compileDate]
  COMPILE_FIELDS.forEach((size, i) => head.chars(compile[i]!, size))
  head.chars(version.capabilities, CAPS_LEN)
  head.chars(version.changeset, CHANGESET_LEN)
  head.u64(version.virtStart)
  head.u64(PAGE_SIZE)
  note(XEN_ELFNOTE_DUMPCORE_FORMAT_VERSION, 8)
  head.u64(FORMAT_VERSION)
  if (head.pos !== sections[1]!.offset) throw new Error('dump-core: note section size mismatch')
  // vcpu_guest_context_t per vCPU and the shared info page: zero; then padding to the page.
  if (headEnd > pagesOffset) throw new Error('dump-core: layout overlaps the pages')

  const tail = new Writer(offset - tableStart + strtab.length)
  for (let pfn = 0; pfn < nrPages; pfn++) {
    tail.u64(pfn)
    // A PV guest's machine frame: the host's, where the simulator puts the domain.
    if (pv) tail.u64(BigInt(d.domid) * 0x100000n + BigInt(pfn))
  }
  tail.buf.set(strtab, tail.pos)
  return {head: head.buf, pagesOffset, pagesSize: nrPages * PAGE_SIZE, tail: tail.buf}
}

/** Where writing the core failed: xg_core.c's PERROR text for it. */
export class CoreWriteError extends Error {
  constructor(readonly stage: 'open' | 'write', override readonly cause: NodeJS.ErrnoException) {
    super(cause.message)
  }
}

/** local_file_dump: open(O_CREAT|O_RDWR|O_TRUNC, 0600), then the parts in order, the pages as a hole. */
export function writeCore(file: string, layout: CoreLayout): void {
  let fd: number
  try {
    fd = openSync(file, 'w+', 0o600)
  } catch (e) {
    throw new CoreWriteError('open', e as NodeJS.ErrnoException)
  }
  try {
    writeSync(fd, layout.head, 0, layout.head.length, 0)
    ftruncateSync(fd, layout.pagesOffset + layout.pagesSize)
    writeSync(fd, layout.tail, 0, layout.tail.length, layout.pagesOffset + layout.pagesSize)
  } catch (e) {
    throw new CoreWriteError('write', e as NodeJS.ErrnoException)
  } finally {
    closeSync(fd)
  }
}
