// The `xl top` table as text cells: xentop's columns (right-aligned, its
// widths) minus the network and block ones, plus STEAL(%). Pure, so the ink
// component only lays the strings out.
import {cFixed, padLeft, truncateBytes} from '../../xl/format/printf.js'
import {xentopState} from '../../xl/format/xentop.js'
import type {TopRow, TopSort} from '../../xl/top-view.js'

export interface TopColumn {
  header: string
  width: number
  cell(r: TopRow): string
  /** The sort key this column shows, for highlighting. */
  sort?: TopSort
}

const pct = (x: number) => cFixed(x, 1)

export const TOP_COLUMNS: readonly TopColumn[] = [
  {header: 'NAME', width: 10, cell: r => truncateBytes(r.name, 10), sort: 'name'},
  {header: 'STATE', width: 6, cell: r => xentopState({...r, memBytes: 0, maxMemBytes: null, vcpus: r.onlineVcpus})},
  {header: 'CPU(sec)', width: 10, cell: r => String(Math.floor(r.cpuNs / 1e9))},
  {header: 'CPU(%)', width: 6, cell: r => pct(r.cpuPct), sort: 'cpu'},
  {header: 'STEAL(%)', width: 8, cell: r => pct(r.stealPct), sort: 'steal'},
  {header: 'MEM(k)', width: 10, cell: r => String(r.memKiB)},
  {header: 'MEM(%)', width: 6, cell: r => pct(r.memPct)},
  {header: 'MAXMEM(k)', width: 10, cell: r => String(r.maxmemKiB)},
  {header: 'VCPUS', width: 5, cell: r => String(r.onlineVcpus)},
]

export function headerCells(): string[] {
  return TOP_COLUMNS.map(c => padLeft(c.header, c.width))
}

export function rowCells(r: TopRow): string[] {
  return TOP_COLUMNS.map(c => padLeft(c.cell(r), c.width))
}

/** The bottom line: the keys and what the clock is doing. */
export function statusLine(s: {manual: boolean; delayS: number; speed: number; prompt: string | null; message: string | null}): string {
  if (s.prompt !== null) return `Delay (simulated seconds per frame): ${s.prompt}`
  if (s.message) return s.message
  const clock = s.manual
    ? `Delay ${fmtNum(s.delayS)}s  Speed ${fmtNum(s.speed)}x  [+/-] speed`
    : `Delay ${fmtNum(s.delayS)}s  [+/-] delay`
  return `${clock}  [d]elay  sort: [n]ame [c]pu [s]teal [r]everse  [q]uit`
}

function fmtNum(x: number): string {
  return Number.isInteger(x) ? String(x) : String(Number(x.toPrecision(4)))
}
