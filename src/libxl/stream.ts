// The domain stream that follows xl's save-file header. Real Xen writes
// libxl's stream (libxl_stream_write.c) wrapping libxenguest's
// (xg_sr_save.c: memory pages, vCPU contexts, HVM context records); xlsim
// writes its own in that place: what the model's domain carries across a
// save, versioned and checksummed so that a damaged, truncated or foreign
// file is refused with one line instead of restoring garbage.
//
// Version 2 is a list of records as libxl's (libxl_sr_stream_format.h:
// type, length, body padded to 8 bytes): LIBXC_CONTEXT (the domain: memory,
// vCPUs, the guest), for an HVM guest EMULATOR_CONTEXT (its device model's
// state behind an emulator sub-header: QEMU upstream or traditional, index
// 0), then END. EMULATOR_XENSTORE_DATA, which libxl writes only when QEMU
// left physmap entries in xenstore, is never written: the model's QEMU
// leaves none. Version 1 (one JSON body, no emulator context) is still read.
// The devices are not in it: they cross in the domain's config, as libxl's
// do in xl's JSON (src/libxl/save.ts re-adds them).
import {createHash} from 'node:crypto'
import type {Arch, DomainType, XenVersion} from '../hypervisor/types.js'
import type {CpuSet, GuestState} from '../hypervisor/domain.js'
import {XlError} from './errors.js'
import type {DmState} from './dm.js'

/** 16 bytes that open the stream (in libxl's place: its ident is "Xen\0..."/"LibxlFmt"). */
export const STREAM_IDENT = 'xlsim-domain-sr\n'
export const STREAM_VERSION = 2
/** The first version, still read: the domain as one JSON body. */
const STREAM_VERSION_1 = 1
/** ident, version, body length, sha256 of the body. */
export const STREAM_HEADER_LEN = 16 + 4 + 4 + 32
const HEADER_LEN = STREAM_HEADER_LEN

/** One vCPU's context: what xc_vcpu_getcontext / the HVM context records carry for the model. */
export interface SavedVcpu {
  vcpuId: number
  online: boolean
  hardAffinity: CpuSet
  softAffinity: CpuSet
  workload: string
}

/** Everything the stream carries. Registered runstate areas are not in it (nor in Xen's). */
export interface SavedDomain {
  arch: Arch
  /** The sending Xen (xg_sr_restore.c prints "Found %s domain from Xen %u.%u"). */
  xen: XenVersion
  domid: number
  name: string
  uuid: string
  type: DomainType
  guestBits: 32 | 64
  memKiB: number
  maxmemKiB: number
  maxVcpus: number
  weight: number
  cap: number
  onPoweroff: string
  onReboot: string
  onCrash: string
  config: Record<string, unknown>
  vcpus: SavedVcpu[]
  /** d->vm_assist in vcpu_guest_context (x86 PV only), hex; null when the stream has none. */
  vmAssist: string | null
  /** Guest memory: the kernel's own state (console, accounting, what it decided at boot). */
  guest: GuestState
  /** The guest's uptime at the suspend, ns. */
  uptimeNs: number
  /** An HVM guest's device model (its own EMULATOR_CONTEXT record); absent for PV/PVH and in version 1. */
  emulator?: EmulatorContext
}

/** libxl__sr_emulator_hdr's id (EMULATOR_QEMU_TRADITIONAL, EMULATOR_QEMU_UPSTREAM) and the state QEMU saved. */
export interface EmulatorContext {
  id: typeof EMULATOR_QEMU_TRADITIONAL | typeof EMULATOR_QEMU_UPSTREAM
  index: number
  state: DmState
}

/** Record types (libxl_sr_stream_format.h). */
const REC_TYPE_END = 0
const REC_TYPE_LIBXC_CONTEXT = 1
const REC_TYPE_EMULATOR_CONTEXT = 3
export const EMULATOR_QEMU_TRADITIONAL = 1
export const EMULATOR_QEMU_UPSTREAM = 2

function record(type: number, body: Buffer): Buffer {
  const head = Buffer.alloc(8)
  head.writeUInt32LE(type, 0)
  head.writeUInt32LE(body.length, 4)
  // REC_ALIGN_ORDER: every record ends on an 8-byte boundary
  return Buffer.concat([head, body, Buffer.alloc((8 - (body.length % 8)) % 8)])
}

function emulatorRecord(e: EmulatorContext): Buffer {
  const sub = Buffer.alloc(8)
  sub.writeUInt32LE(e.id, 0)
  sub.writeUInt32LE(e.index, 4)
  return record(REC_TYPE_EMULATOR_CONTEXT, Buffer.concat([sub, Buffer.from(JSON.stringify(e.state), 'utf8')]))
}

export function encodeStream(saved: SavedDomain): Buffer {
  const {emulator, ...domain} = saved
  const body = Buffer.concat([
    record(REC_TYPE_LIBXC_CONTEXT, Buffer.from(JSON.stringify(domain), 'utf8')),
    ...emulator ? [emulatorRecord(emulator)] : [],
    record(REC_TYPE_END, Buffer.alloc(0)),
  ])
  const head = Buffer.alloc(HEADER_LEN)
  head.write(STREAM_IDENT, 0, 'latin1')
  head.writeUInt32LE(STREAM_VERSION, 16)
  head.writeUInt32LE(body.length, 20)
  createHash('sha256').update(body).digest().copy(head, 24)
  return Buffer.concat([head, body])
}

/** What a stream from `source` (a file name or "<incoming migration stream>") is, or one line why it cannot be read. */
export function decodeStream(bytes: Buffer, source: string, hostArch: Arch): SavedDomain {
  const bad = (why: string) => new XlError(`xl: ${source}: ${why}`, 1)
  if (bytes.length === 0) throw bad('no domain stream after the xl header (the save did not complete)')
  if (bytes.length < 16 || bytes.subarray(0, 16).toString('latin1') !== STREAM_IDENT) {
    throw bad('the domain stream after the xl header is not one xlsim wrote (corrupt, or from a real Xen host)')
  }
  if (bytes.length < HEADER_LEN) throw bad('domain stream truncated (header)')
  const version = bytes.readUInt32LE(16)
  if (version !== STREAM_VERSION && version !== STREAM_VERSION_1) {
    throw bad(`domain stream version ${version}, this xlsim reads versions ${STREAM_VERSION_1} and ${STREAM_VERSION}${version > STREAM_VERSION ? ' (a newer xlsim wrote it)' : ''}`)
  }
  const len = bytes.readUInt32LE(20)
  const body = bytes.subarray(HEADER_LEN)
  if (body.length < len) throw bad(`domain stream truncated (${body.length} of ${len} bytes)`)
  if (body.length > len) throw bad(`${body.length - len} bytes of trailing data after the domain stream`)
  if (!createHash('sha256').update(body).digest().equals(bytes.subarray(24, HEADER_LEN))) {
    throw bad('domain stream damaged (checksum mismatch)')
  }
  let saved: SavedDomain
  try {
    saved = version === STREAM_VERSION_1 ? JSON.parse(body.toString('utf8')) as SavedDomain : readRecords(body, bad)
  } catch (e) {
    if (e instanceof XlError) throw e
    throw bad('domain stream damaged (does not decode)')
  }
  if (saved === null || typeof saved !== 'object' || !Array.isArray(saved.vcpus) || typeof saved.name !== 'string') {
    throw bad('domain stream damaged (not a domain)')
  }
  if (saved.arch !== hostArch) throw bad(`domain saved on an ${saved.arch} host cannot be restored on this ${hostArch} host`)
  return saved
}

/** The records of a version 2 body: the domain, an emulator context, END last. */
function readRecords(body: Buffer, bad: (why: string) => XlError): SavedDomain {
  let at = 0
  let saved: SavedDomain | undefined
  let emulator: EmulatorContext | undefined
  for (;;) {
    if (body.length - at < 8) throw bad('domain stream damaged (a record is cut short)')
    const type = body.readUInt32LE(at)
    const len = body.readUInt32LE(at + 4)
    const data = body.subarray(at + 8, at + 8 + len)
    if (data.length < len) throw bad('domain stream damaged (a record is cut short)')
    at += 8 + len + ((8 - (len % 8)) % 8)
    if (type === REC_TYPE_END) break
    if (type === REC_TYPE_LIBXC_CONTEXT) saved = JSON.parse(data.toString('utf8')) as SavedDomain
    else if (type === REC_TYPE_EMULATOR_CONTEXT) {
      const id = data.readUInt32LE(0)
      if (id !== EMULATOR_QEMU_TRADITIONAL && id !== EMULATOR_QEMU_UPSTREAM) throw bad(`domain stream has an emulator context for an unknown emulator (${id})`)
      emulator = {id, index: data.readUInt32LE(4), state: JSON.parse(data.subarray(8).toString('utf8')) as DmState}
    } else throw bad(`domain stream has a record of unknown type ${type}`)
  }
  if (at !== body.length) throw bad('domain stream damaged (data after its END record)')
  if (!saved) throw bad('domain stream has no domain record')
  return emulator ? {...saved, emulator} : saved
}
