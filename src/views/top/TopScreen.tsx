// The `xl top` screen: xentop's header lines, the domain table (sorted
// column highlighted), a status line. It receives a frame and the UI state
// and reports keys as actions; it computes nothing about the host.
import {Box, Text, useInput, type Key} from 'ink'
import {headerLines, sortRows, type TopFrame} from '../../xl/top-view.js'
import type {TopAction, TopUiState} from './state.js'
import {TOP_COLUMNS, headerCells, rowCells, statusLine} from './table.js'

export interface TopScreenProps {
  frame: TopFrame
  ui: TopUiState
  /** Terminal rows; the table is cut to fit so ink never scrolls. */
  height?: number
  onAction(action: TopAction): void
}

/** The action a key means (at the delay prompt, keys edit the number). */
export function keyAction(input: string, key: Pick<Key, 'return' | 'escape' | 'backspace' | 'delete' | 'ctrl'>, prompting: boolean): TopAction | null {
  if (prompting) {
    if (key.return) return {type: 'prompt-submit'}
    if (key.escape) return {type: 'prompt-cancel'}
    if (key.backspace || key.delete) return {type: 'prompt-backspace'}
    return input ? {type: 'prompt-input', text: input} : null
  }
  if (key.ctrl) return null
  const keys: Record<string, TopAction> = {
    q: {type: 'quit'}, Q: {type: 'quit'}, '+': {type: 'more'}, '=': {type: 'more'}, '-': {type: 'less'},
    s: {type: 'sort', by: 'steal'}, n: {type: 'sort', by: 'name'}, c: {type: 'sort', by: 'cpu'},
    r: {type: 'reverse'}, d: {type: 'prompt-delay'},
  }
  return keys[input] ?? null
}

/** Lines above and below the table rows: 3 header lines, column header, status. */
const CHROME_LINES = 5

export function TopScreen({frame, ui, height, onAction}: TopScreenProps) {
  useInput((input, key) => {
    const a = keyAction(input, key, ui.prompt !== null)
    if (a) onAction(a)
  })
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
