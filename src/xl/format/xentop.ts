import {byteLength, cFixed, fmtInt, padLeft, truncateBytes} from './printf.js'
import type {XentopFrame, XentopOptions, XentopRow} from './types.js'

interface Field {
  header: string;
  width: number;
}

const BASE_FIELDS: readonly Field[] = [
  {header: 'NAME', width: 10},
  {header: 'STATE', width: 6},
  {header: 'CPU(sec)', width: 10},
  {header: 'CPU(%)', width: 6},
  {header: 'MEM(k)', width: 10},
  {header: 'MEM(%)', width: 6},
  {header: 'MAXMEM(k)', width: 10},
  {header: 'MAXMEM(%)', width: 9},
  {header: 'VCPUS', width: 5},
  {header: 'NETS', width: 4},
  {header: 'NETTX(k)', width: 8},
  {header: 'NETRX(k)', width: 8},
  {header: 'VBDS', width: 4},
  {header: 'VBD_OO', width: 8},
  {header: 'VBD_RD', width: 8},
  {header: 'VBD_WR', width: 8},
  {header: 'VBD_RSECT', width: 10},
  {header: 'VBD_WSECT', width: 10},
  {header: 'SSID', width: 4},
]

const big = (v: number | bigint | null | undefined): bigint =>
  v === null || v === undefined ? 0n : typeof v === 'bigint' ? v : BigInt(Math.trunc(v))

/** INT_FIELD_WIDTH(n) = (unsigned)(log10(n) + 1) */
function intFieldWidth(n: bigint): number {
  return Math.trunc(Math.log10(Number(n)) + 1)
}

/** xentop's state letters, in its order: d s b c p r. */
export function xentopState(d: XentopRow): string {
  return (
    (d.dying ? 'd' : '-') +
    (d.shutdown ? 's' : '-') +
    (d.blocked ? 'b' : '-') +
    (d.crashed ? 'c' : '-') +
    (d.paused ? 'p' : '-') +
    (d.running ? 'r' : '-')
  )
}

/** strcasecmp order, xentop's default sort (by name). */
function compareName(a: string, b: string): number {
  const x = a.toLowerCase()
  const y = b.toLowerCase()
  return x < y ? -1 : x > y ? 1 : 0
}

function frame(f: XentopFrame, opts: XentopOptions): string {
  const widths = BASE_FIELDS.map((x) => x.width)
  const domains = [...f.domains].sort((a, b) => compareName(a.name, b.name))
  // adjust_field_widths
  for (const d of domains) {
    if (opts.fullName) widths[0] = Math.max(widths[0]!, byteLength(d.name))
    widths[10] = Math.max(widths[10]!, intFieldWidth(big(d.netTxBytes) / 1024n + 1n))
    widths[11] = Math.max(widths[11]!, intFieldWidth(big(d.netRxBytes) / 1024n + 1n))
    widths[14] = Math.max(widths[14]!, intFieldWidth(big(d.vbdRd) + 1n))
    widths[15] = Math.max(widths[15]!, intFieldWidth(big(d.vbdWr) + 1n))
    widths[16] = Math.max(widths[16]!, intFieldWidth(big(d.vbdRsect) + 1n))
    widths[17] = Math.max(widths[17]!, intFieldWidth(big(d.vbdWsect) + 1n))
  }
  const header = BASE_FIELDS.map((x, i) => padLeft(x.header, widths[i]!)).join(' ') + '\n'
  const totMem = Number(big(f.totalMemBytes))
  const vbdCell = (v: number | bigint | null | undefined, w: number): string =>
    v === null ? padLeft('-', w) : padLeft(big(v).toString(), w)
  let out = ''
  domains.forEach((d, idx) => {
    if (idx === 0 || opts.repeatHeader) out += header
    const mem = big(d.memBytes)
    const maxMem = d.maxMemBytes === null ? null : big(d.maxMemBytes)
    const cells = [
      opts.fullName ? padLeft(d.name, widths[0]!) : padLeft(truncateBytes(d.name, 10), 10),
      xentopState(d),
      padLeft((big(d.cpuNs) / 1000000000n).toString(), 10),
      padLeft(cFixed(d.cpuPct, 1), 6),
      padLeft((mem / 1024n).toString(), 10),
      padLeft(cFixed((Number(mem) / totMem) * 100, 1), 6),
      maxMem === null ? padLeft('no limit', 10) : padLeft((maxMem / 1024n).toString(), 10),
      maxMem === null ? padLeft('n/a', 9) : padLeft(cFixed((Number(maxMem) / totMem) * 100, 1), 9),
      fmtInt(d.vcpus, 5),
      fmtInt(d.nets ?? 0, 4),
      padLeft((big(d.netTxBytes) / 1024n).toString(), widths[10]!),
      padLeft((big(d.netRxBytes) / 1024n).toString(), widths[11]!),
      fmtInt(d.vbds ?? 0, 4),
      vbdCell(d.vbdOo, 8),
      vbdCell(d.vbdRd, widths[14]!),
      vbdCell(d.vbdWr, widths[15]!),
      vbdCell(d.vbdRsect, widths[16]!),
      vbdCell(d.vbdWsect, widths[17]!),
      fmtInt(d.ssid ?? 0, 4),
    ]
    out += cells.join(' ') + '\n'
    // do_network / do_vbd (xentop.c:1098, :1150): no traffic is modelled, so the counters are 0
    if (opts.networks) {
      for (let i = 0; i < (d.nets ?? 0); i++) {
        out += `Net${i} RX: ${'0'.padStart(8)}bytes ${'0'.padStart(8)}pkts ${'0'.padStart(8)}err ${'0'.padStart(8)}drop  ` +
          `TX: ${'0'.padStart(8)}bytes ${'0'.padStart(8)}pkts ${'0'.padStart(8)}err ${'0'.padStart(8)}drop\n`
      }
    }
    if (opts.vbds) {
      for (const dev of d.vbdDevs ?? []) {
        const details = `[${(dev >> 8).toString(16).padStart(2)}:${(dev & 0xff).toString(16).padStart(2)}] `
        out += `VBD BlkBack ${String(dev).padStart(4)} ${details} OO: ${'0'.padStart(8)}   RD: ${'0'.padStart(8)}   WR: ${'0'.padStart(8)}   ` +
          `RSECT: ${'0'.padStart(10)}   WSECT: ${'0'.padStart(10)}\n`
      }
    }
  })
  return out
}

/**
 * `xentop -b` (and `xl top` without a TTY): per frame, the header line then
 * one row per domain sorted by name; frames follow each other directly.
 */
export function formatXentopBatch(frames: readonly XentopFrame[], opts: XentopOptions = {}): string {
  return frames.map((f) => frame(f, opts)).join('')
}

/**
 * CPU(%) as xentop computes it: ((cpu_ns - prev_cpu_ns) / 10.0) / us_elapsed.
 * Returns 0 when there is no previous sample.
 */
export function xentopCpuPct(cpuNs: number | bigint, prevCpuNs: number | bigint | null, usElapsed: number): number {
  if (prevCpuNs === null || prevCpuNs === undefined) return 0
  return Number(big(cpuNs) - big(prevCpuNs)) / 10.0 / usElapsed
}
