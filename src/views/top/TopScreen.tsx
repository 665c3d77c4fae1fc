// The `xl top` screen: xentop's header lines, the domain table (sorted
// column highlighted), a status line. It receives a frame and the UI state
// and reports keys; it computes nothing about the host. Lines are laid out
// for the terminal's size first (table.ts layoutScreen), so ink neither
// re-wraps them at word boundaries nor scrolls.
import {Box, Text, useInput, type Key} from 'ink'
import {headerLines, sortRows, type TopFrame} from '../../xl/top-view.js'
import type {TopUiState} from './state.js'
import {TOP_COLUMNS, headerCells, layoutScreen, rowCells, statusLine, type ScreenLine} from './table.js'

export interface TopScreenProps {
  frame: TopFrame
  ui: TopUiState
  /** Terminal rows; the table is cut to fit so ink never scrolls. */
  height?: number
  /** Terminal columns; longer lines wrap as curses wraps them. */
  width?: number
  /** Every key event, as ink reports it (a chunk typed fast may hold several keys). */
  onKey(input: string, key: Key): void
}

export function TopScreen({frame, ui, height, width, onKey}: TopScreenProps) {
  useInput(onKey)
  const rows = sortRows(frame.rows, ui.sort, ui.reverse)
  const selected = Math.min(ui.selected, rows.length - 1)
  const header: ScreenLine = headerCells().map((h, i) => ({text: `${i ? ' ' : ''}${h}`, inverse: true, bold: TOP_COLUMNS[i]!.sort === ui.sort}))
  const body: ScreenLine[] = [
    ...headerLines(frame).map(l => [{text: l}]),
    header,
    ...rows.map((r, i) => [{text: rowCells(r).join(' '), inverse: i === selected}]),
  ]
  const status: ScreenLine = [{text: statusLine(ui), color: ui.message && ui.prompt === null ? 'yellow' : undefined}]
  const lines = layoutScreen(body, status, width, height)
  return (
    <Box flexDirection="column">
      {lines.map((l, i) => (
        <Text key={i} wrap="truncate">
          {l.length === 0 ? ' ' : l.map((c, j) => <Text key={j} inverse={c.inverse} bold={c.bold} color={c.color}>{c.text}</Text>)}
        </Text>
      ))}
    </Box>
  )
}
