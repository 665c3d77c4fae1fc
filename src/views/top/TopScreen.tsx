// The `xl top` screen: xentop's header lines, the domain table (sorted
// column highlighted), a status line. It receives a frame and the UI state
// and reports keys; it computes nothing about the host.
import {Box, Text, useInput, type Key} from 'ink'
import {headerLines, sortRows, type TopFrame} from '../../xl/top-view.js'
import type {TopUiState} from './state.js'
import {TOP_COLUMNS, headerCells, rowCells, statusLine} from './table.js'

export interface TopScreenProps {
  frame: TopFrame
  ui: TopUiState
  /** Terminal rows; the table is cut to fit so ink never scrolls. */
  height?: number
  /** Every key event, as ink reports it (a chunk typed fast may hold several keys). */
  onKey(input: string, key: Key): void
}

/** Lines above and below the table rows: 3 header lines, column header, status. */
const CHROME_LINES = 5

export function TopScreen({frame, ui, height, onKey}: TopScreenProps) {
  useInput(onKey)
  const rows = sortRows(frame.rows, ui.sort, ui.reverse)
  // One spare line: ink redraws the whole screen when output reaches its height.
  const shown = height ? rows.slice(0, Math.max(1, height - CHROME_LINES - 1)) : rows
  const header = headerCells()
  return (
    <Box flexDirection="column">
      {headerLines(frame).map((l, i) => <Text key={i}>{l}</Text>)}
      <Text>
        {header.map((h, i) => (
          <Text key={i} inverse bold={TOP_COLUMNS[i]!.sort === ui.sort}>{i ? ' ' : ''}{h}</Text>
        ))}
      </Text>
      {shown.map(r => <Text key={r.domid}>{rowCells(r).join(' ')}</Text>)}
      <Text color={ui.message && ui.prompt === null ? 'yellow' : undefined}>{statusLine(ui)}</Text>
    </Box>
  )
}
