// The shell's prompt line: the line being edited with its cursor and any
// completion matches. It only renders; keys are read and applied by
// read-line.tsx (src/shell/input.ts, line-editor.ts). When the line is done
// it is left on screen as typed, so the command's output follows it in the
// scrollback as in any terminal.
import {Box, Text} from 'ink'
import type {LineResult, LineState} from '../../shell/line-editor.js'

export interface PromptProps {
  prompt: string
  line: LineState
  /** Set once the line has ended. */
  done?: LineResult | null
}

export function Prompt({prompt, line, done}: PromptProps) {
  if (done) {
    const text = done.kind === 'eof' ? '' : done.text
    return <Text>{prompt}{text}{done.kind === 'cancel' ? '^C' : ''}</Text>
  }
  const at = line.text[line.cursor] ?? ' '
  return (
    <Box flexDirection="column">
      <Text>
        {prompt}{line.text.slice(0, line.cursor)}<Text inverse>{at}</Text>{line.text.slice(line.cursor + 1)}
      </Text>
      {line.candidates.length > 0 && <Text wrap="wrap">{line.candidates.join('  ')}</Text>}
    </Box>
  )
}
