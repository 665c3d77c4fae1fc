// The shell's prompt line: shows the line being edited with its cursor and
// any completion matches; keys become line-editor actions (src/shell). When
// the line is done it is left on screen as typed, so the command's output
// follows it in the scrollback as in any terminal.
import {useEffect, useRef, useState} from 'react'
import {Box, Text, useApp, useInput, type Key} from 'ink'
import type {Completion} from '../../shell/completion.js'
import {editLine, initialLine, type LineAction, type LineState} from '../../shell/line-editor.js'

/** How the line ended; `rest` is what was typed ahead after it, for the next prompt. */
export type LineResult = ({kind: 'line'; text: string} | {kind: 'cancel'; text: string} | {kind: 'eof'}) & {rest?: string}

export interface PromptProps {
  prompt: string
  history: readonly string[]
  complete(line: string, cursor: number): Completion
  /** Keys typed ahead (after the previous line ended), applied first. */
  typeahead?: string
  onDone(result: LineResult): void
}

/** Named keys of one key event, as the editor action they mean. */
function keyAction(input: string, key: Key): LineAction | 'submit' | 'cancel' | 'eof' | 'complete' | null {
  if (key.return) return 'submit'
  if (key.tab) return 'complete'
  if (key.backspace || key.delete) return {type: 'backspace'}
  if (key.leftArrow) return {type: 'left'}
  if (key.rightArrow) return {type: 'right'}
  if (key.upArrow) return {type: 'up'}
  if (key.downArrow) return {type: 'down'}
  if (key.home) return {type: 'home'}
  if (key.end) return {type: 'end'}
  if (key.ctrl) {
    const ctrl: Record<string, LineAction | 'cancel' | 'eof'> = {
      c: 'cancel', d: 'eof', a: {type: 'home'}, e: {type: 'end'}, b: {type: 'left'}, f: {type: 'right'},
      p: {type: 'up'}, n: {type: 'down'}, u: {type: 'kill-before'}, k: {type: 'kill-after'}, w: {type: 'kill-word'}, h: {type: 'backspace'},
    }
    return ctrl[input] ?? null
  }
  return null
}

/** Control characters inside a pasted or fast-typed chunk (readline's emacs keys). */
const CONTROL: Record<string, LineAction | 'submit' | 'cancel' | 'eof' | 'complete'> = {
  '\r': 'submit', '\n': 'submit', '\t': 'complete', '\x7f': {type: 'backspace'}, '\b': {type: 'backspace'},
  '\x03': 'cancel', '\x04': 'eof', '\x01': {type: 'home'}, '\x05': {type: 'end'}, '\x02': {type: 'left'},
  '\x06': {type: 'right'}, '\x10': {type: 'up'}, '\x0e': {type: 'down'}, '\x15': {type: 'kill-before'},
  '\x0b': {type: 'kill-after'}, '\x17': {type: 'kill-word'},
}

/** One character of a chunk, one at a time; other control characters are dropped. */
function charAction(c: string): LineAction | 'submit' | 'cancel' | 'eof' | 'complete' | null {
  return CONTROL[c] ?? (c < ' ' ? null : {type: 'insert', text: c})
}

export function Prompt({prompt, history, complete, typeahead, onDone}: PromptProps) {
  const [line, setLine] = useState<LineState>(() => initialLine(history))
  const latest = useRef(line)
  const [done, setDone] = useState<LineResult | null>(null)
  const {exit} = useApp()

  useEffect(() => {
    if (!done) return
    onDone(done)
    exit()
  }, [done])

  const feed = (actions: Iterable<[ReturnType<typeof charAction>, string]>) => {
    let s = latest.current
    let finished: LineResult | null = null
    let rest = ''
    for (const [a, raw] of actions) {
      if (finished) {
        rest += raw
        continue
      }
      if (a === null) continue
      if (a === 'submit') finished = {kind: 'line', text: s.text}
      else if (a === 'cancel') finished = {kind: 'cancel', text: s.text}
      else if (a === 'eof') {
        if (s.text === '') finished = {kind: 'eof'}
        else s = editLine(s, {type: 'delete'}, history)
      } else if (a === 'complete') s = editLine(s, {type: 'completed', completion: complete(s.text, s.cursor)}, history)
      else s = editLine(s, a, history)
    }
    latest.current = s
    setLine(s)
    if (finished) setDone(rest ? {...(finished as LineResult), rest} : finished)
  }
  const chars = (text: string) => [...text].map(c => [charAction(c), c] as [ReturnType<typeof charAction>, string])

  useEffect(() => {
    if (typeahead) feed(chars(typeahead))
  }, [])

  useInput((input, key) => {
    const named = keyAction(input, key)
    if (named !== null || key.ctrl || key.meta) feed([[named, '']])
    else feed(chars(input))
  }, {isActive: done === null})

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
