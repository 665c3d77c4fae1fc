// The file xentrace writes (tools/xentrace/xentrace.c write_buffer): for
// each window of a pCPU's buffer, a TRC_TRACE_CPU_CHANGE record (header
// without cycles, two extra words: the pCPU and the window's size in
// bytes), then the window's t_rec records as they lay in the buffer. All
// little-endian, as Xen on x86 and arm64 writes them. The decoder is what
// the Perfetto view and the tests read files with.
import {TRC_HD_CYCLE_FLAG, TRC_TRACE_CPU_CHANGE, TRACE_EXTRA_SHIFT, TRACE_EXTRA_MAX, recHeader} from './events.js'
import {windowSize, writeWindow, type TraceWindow} from './packed.js'

/** CPU_CHANGE_HEADER: struct cpu_change_record is 3 words, so 2 extra. */
export const CPU_CHANGE_HEADER = recHeader(TRC_TRACE_CPU_CHANGE, 2, false)

/** The file's bytes for these windows, in order. */
export function encodeXentrace(windows: readonly TraceWindow[]): Uint8Array {
  let words = 0
  for (const w of windows) words += 3 + windowSize(w)
  const out = new Uint32Array(words)
  let i = 0
  for (const w of windows) {
    out[i++] = CPU_CHANGE_HEADER
    out[i++] = w.cpu
    out[i++] = windowSize(w) * 4
    i = writeWindow(w, out, i)
  }
  const bytes = new Uint8Array(out.buffer)
  if (new Uint8Array(new Uint32Array([1]).buffer)[0] !== 1) {
    // A big-endian machine: swap each word into the file's order.
    for (let k = 0; k < bytes.length; k += 4) {
      const a = bytes[k], b = bytes[k + 1]
      bytes[k] = bytes[k + 3]
      bytes[k + 1] = bytes[k + 2]
      bytes[k + 2] = b
      bytes[k + 3] = a
    }
  }
  return bytes
}

export interface DecodedRecord {
  /** TRC_HD_TO_EVENT(header). */
  event: number
  /** The cycle count, when the record has one. */
  tsc: bigint | null
  extra: number[]
}

export interface DecodedWindow {
  cpu: number
  /** Byte offset of its TRC_TRACE_CPU_CHANGE record in the file. */
  offset: number
  records: DecodedRecord[]
}

/** Read a xentrace file; throws naming the offset of the first thing that is not one. */
export function decodeXentrace(bytes: Uint8Array): DecodedWindow[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const out: DecodedWindow[] = []
  let off = 0
  if (bytes.length % 4 !== 0) throw new Error(`file size ${bytes.length} is not a whole number of words`)
  while (off < bytes.length) {
    if (off + 12 > bytes.length) throw new Error(`offset ${off}: truncated TRC_TRACE_CPU_CHANGE record`)
    const h = view.getUint32(off, true)
    if (h !== CPU_CHANGE_HEADER) throw new Error(`offset ${off}: expected TRC_TRACE_CPU_CHANGE (0x${CPU_CHANGE_HEADER.toString(16)}), found 0x${h.toString(16)}`)
    const cpu = view.getInt32(off + 4, true)
    const size = view.getUint32(off + 8, true)
    const start = off + 12, end = start + size
    if (end > bytes.length) throw new Error(`offset ${off}: window of ${size} bytes runs past the end of the file`)
    const records: DecodedRecord[] = []
    let p = start
    while (p < end) {
      const hdr = view.getUint32(p, true)
      const n = (hdr >>> TRACE_EXTRA_SHIFT) & TRACE_EXTRA_MAX
      const cycles = (hdr & TRC_HD_CYCLE_FLAG) !== 0
      const len = 4 + (cycles ? 8 : 0) + 4 * n
      if (p + len > end) throw new Error(`offset ${p}: record runs past its window`)
      let q = p + 4
      let tsc: bigint | null = null
      if (cycles) {
        tsc = BigInt(view.getUint32(q, true)) | (BigInt(view.getUint32(q + 4, true)) << 32n)
        q += 8
      }
      const extra: number[] = []
      for (let k = 0; k < n; k++) extra.push(view.getUint32(q + 4 * k, true))
      records.push({event: hdr & 0x0fffffff, tsc, extra})
      p += len
    }
    out.push({cpu, offset: off, records})
    off = end
  }
  return out
}
