// The domain stream that follows xl's save-file header. Real Xen writes
// libxl's stream (libxl_stream_write.c) wrapping libxenguest's
// (xg_sr_save.c: memory pages, vCPU contexts, HVM context records); xlsim
// writes its own in that place: what the model's domain carries across a
// save, versioned and checksummed so that a damaged, truncated or foreign
// file is refused with one line instead of restoring garbage.
import {createHash} from 'node:crypto'
import type {Arch, DomainType, XenVersion} from '../hypervisor/types.js'
import type {CpuSet, GuestState} from '../hypervisor/domain.js'
import {XlError} from './errors.js'

/** 16 bytes that open the stream (in libxl's place: its ident is "Xen\0..."/"LibxlFmt"). */
export const STREAM_IDENT = 'xlsim-domain-sr\n'
export const STREAM_VERSION = 1
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
}

export function encodeStream(saved: SavedDomain): Buffer {
  const body = Buffer.from(JSON.stringify(saved), 'utf8')
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
  if (version !== STREAM_VERSION) throw bad(`domain stream version ${version}, this xlsim reads version ${STREAM_VERSION}`)
  const len = bytes.readUInt32LE(20)
  const body = bytes.subarray(HEADER_LEN)
  if (body.length < len) throw bad(`domain stream truncated (${body.length} of ${len} bytes)`)
  if (body.length > len) throw bad(`${body.length - len} bytes of trailing data after the domain stream`)
  if (!createHash('sha256').update(body).digest().equals(bytes.subarray(24, HEADER_LEN))) {
    throw bad('domain stream damaged (checksum mismatch)')
  }
  let saved: SavedDomain
  try {
    saved = JSON.parse(body.toString('utf8')) as SavedDomain
  } catch {
    throw bad('domain stream damaged (does not decode)')
  }
  if (saved === null || typeof saved !== 'object' || !Array.isArray(saved.vcpus) || typeof saved.name !== 'string') {
    throw bad('domain stream damaged (not a domain)')
  }
  if (saved.arch !== hostArch) throw bad(`domain saved on an ${saved.arch} host cannot be restored on this ${hostArch} host`)
  return saved
}
