// The mapping between core objects and stored rows. Core objects are plain
// data except for a few types JSON cannot hold (bigint, bytes, Map).
import type {Domain} from '../src/hypervisor/domain.js'

function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex')
}

export function encodeDomain(d: Domain): string {
  return JSON.stringify(d, (_key, value) => {
    if (typeof value === 'bigint') return `0x${value.toString(16)}`
    if (value instanceof Uint8Array) return toHex(value)
    return value
  })
}

export function decodeDomain(text: string): Domain {
  const d = JSON.parse(text) as Domain
  d.vmAssist = BigInt(d.vmAssist as unknown as string)
  for (const v of d.vcpus) {
    if (v.runstateArea) v.runstateArea.bytes = new Uint8Array(Buffer.from(v.runstateArea.bytes as unknown as string, 'hex'))
  }
  return d
}
