// The mapping between core objects and stored rows. Core objects are plain
// data except for a few types JSON cannot hold (bigint, bytes, Map).
import type {Domain} from '../src/hypervisor/domain.js'

function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex')
}

/**
 * The fields JSON cannot hold are converted up front rather than through
 * a replacer (called for every value, it made encoding several times slower;
 * every command encodes each domain it reached to see whether it changed).
 * Same text as JSON.stringify with a bigint/bytes replacer: keys keep their order.
 */
export function encodeDomain(d: Domain): string {
  const vcpus = d.vcpus.map(v => (v.runstateArea ? {...v, runstateArea: {...v.runstateArea, bytes: toHex(v.runstateArea.bytes)}} : v))
  return JSON.stringify({...d, vmAssist: `0x${d.vmAssist.toString(16)}`, createdAt: `0x${d.createdAt.toString(16)}`, vcpus})
}

/** Throws on a row that is not a domain (a damaged file), before the core sees it. */
export function decodeDomain(text: string): Domain {
  const d = JSON.parse(text) as Domain
  if (d === null || typeof d !== 'object') throw new Error('not a JSON object')
  if (typeof d.domid !== 'number' || typeof d.name !== 'string' || !Array.isArray(d.vcpus) || typeof d.vmAssist !== 'string') {
    throw new Error('not a domain (domid, name, vcpus or vmAssist missing)')
  }
  d.vmAssist = BigInt(d.vmAssist as unknown as string)
  // Hex like vm_assist; a plain number in files written before time went 64-bit.
  d.createdAt = BigInt(d.createdAt as unknown as string | number)
  for (const v of d.vcpus) {
    if (v.runstateArea) v.runstateArea.bytes = new Uint8Array(Buffer.from(v.runstateArea.bytes as unknown as string, 'hex'))
  }
  return d
}
