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
  {header: 'VCPUS', width: 5, cell: r => String(r.nrVcpus)},
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
  return `${clock}  [d]elay  sort: [n]ame [c]pu [s]teal [r]everse  [t]imeline  [q]uit`
}

function fmtNum(x: number): string {
  return Number.isInteger(x) ? String(x) : String(Number(x.toPrecision(4)))
}

/** A run of text with one look, for laying the screen out before ink draws it. */
export interface Cell {
  text: string
  inverse?: boolean
  bold?: boolean
  color?: string
}

export type ScreenLine = Cell[]

/**
 * The screen as xentop draws it with curses: a line longer than the
 * terminal goes on at the start of the next screen line (addch wraps at the
 * right margin, cutting mid-word), output stops before the last line
 * (xentop.c print() writes only while current_row() < lines()-1) and the
 * status line sits on the last one, cut at the right edge (blank lines
 * between when the table is short). One line fewer
 * than `height` is used: ink redraws the whole screen once output fills it.
 */
export function layoutScreen(body: readonly ScreenLine[], status: ScreenLine, width?: number, height?: number): ScreenLine[] {
  const w = width && width > 0 ? width : Infinity
  const lines = body.flatMap(l => wrapLine(l, w))
  if (!height) return [...lines, cutLine(status, w)]
  const room = Math.max(0, height - 2)
  const shown = lines.slice(0, room)
  while (shown.length < room) shown.push([])
  return [...shown, cutLine(status, w)]
}

function wrapLine(line: ScreenLine, width: number): ScreenLine[] {
  const out: ScreenLine[] = [[]]
  let used = 0
  for (const cell of line) {
    let text = cell.text
    while (text.length > 0) {
      if (used === width) {
        out.push([])
        used = 0
      }
      const take = text.slice(0, width - used)
      out[out.length - 1]!.push({...cell, text: take})
      used += take.length
      text = text.slice(take.length)
    }
  }
  return out
}

function cutLine(line: ScreenLine, width: number): ScreenLine {
  const out: ScreenLine = []
  let left = width
  for (const cell of line) {
    if (left <= 0) break
    const text = cell.text.slice(0, left)
    out.push({...cell, text})
    left -= text.length
  }
  return out
}
