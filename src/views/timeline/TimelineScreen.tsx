// The timeline screen: title, legend, one row per vCPU (cells coloured by
// runstate), a status line. It receives the rows and reports keys; the
// rows come from src/xl/timeline-view.ts.
import {Box, Text, useInput, type Key} from 'ink'
import {LEGEND, headerLine, rowLabel, rowTail, type TimelineCell, type TimelineRow} from '../../xl/timeline-view.js'

export interface TimelineScreenProps {
  title: string
  rows: readonly TimelineRow[]
  cols: number
  status: string
  onKey(input: string, key: Key): void
}

const COLOURS: Record<number, string> = {0: 'green', 1: 'red', 2: 'gray', 3: 'yellow'}

/** Cells grouped into runs of one state, each run one coloured <Text>. */
function runs(cells: readonly TimelineCell[]): {text: string; state: number | null}[] {
  const out: {text: string; state: number | null}[] = []
  for (const c of cells) {
    const last = out[out.length - 1]
    if (last && last.state === c.state) last.text += c.ch
    else out.push({text: c.ch, state: c.state})
  }
  return out
}

export function TimelineScreen({title, rows, cols, status, onKey}: TimelineScreenProps) {
  useInput(onKey)
  return (
    <Box flexDirection="column">
      <Text wrap="truncate">{title}</Text>
      <Text wrap="truncate" dimColor>{LEGEND}</Text>
      <Text wrap="truncate">{headerLine(cols)}</Text>
      {rows.map(r => (
        <Text key={r.vcpu} wrap="truncate">
          {rowLabel(r)}|
          {runs(r.cells).map((x, i) => (
            <Text key={i} color={x.state === null ? undefined : COLOURS[x.state]} bold={x.state === 0}>{x.text}</Text>
          ))}
          |{rowTail(r)}
        </Text>
      ))}
      <Text wrap="truncate" inverse>{status}</Text>
    </Box>
  )
}
