// Keys from a terminal in raw mode, decoded from the bytes as they arrive:
// one chunk may hold many keys (typed ahead, pasted, or sent back to back)
// and an escape sequence may be split across chunks. Pure; the shell's
// input queue (input.ts) feeds it and hands the keys to the line editor.
import type {Completion} from './completion.js'

/** What the line editor (line-editor.ts) does for a key. */
export type LineAction =
  | {type: 'insert'; text: string}
  | {type: 'backspace'}
  | {type: 'delete'}
  | {type: 'left'}
  | {type: 'right'}
  | {type: 'home'}
  | {type: 'end'}
  | {type: 'up'}
  | {type: 'down'}
  | {type: 'kill-before'}
  | {type: 'kill-after'}
  | {type: 'kill-word'}
  | {type: 'completed'; completion: Completion}

export type Key =
  | {kind: 'text'; text: string}
  | {kind: 'action'; action: LineAction}
  | {kind: 'submit' | 'complete' | 'cancel' | 'eof'}

/** Control characters as readline's emacs mode reads them. */
const CONTROL: Record<string, Key> = {
  '\r': {kind: 'submit'}, '\n': {kind: 'submit'}, '\t': {kind: 'complete'},
  '\x03': {kind: 'cancel'}, '\x04': {kind: 'eof'},
  '\x7f': {kind: 'action', action: {type: 'backspace'}}, '\b': {kind: 'action', action: {type: 'backspace'}},
  '\x01': {kind: 'action', action: {type: 'home'}}, '\x05': {kind: 'action', action: {type: 'end'}},
  '\x02': {kind: 'action', action: {type: 'left'}}, '\x06': {kind: 'action', action: {type: 'right'}},
  '\x10': {kind: 'action', action: {type: 'up'}}, '\x0e': {kind: 'action', action: {type: 'down'}},
  '\x15': {kind: 'action', action: {type: 'kill-before'}}, '\x0b': {kind: 'action', action: {type: 'kill-after'}},
  '\x17': {kind: 'action', action: {type: 'kill-word'}},
}

/** The final byte of a CSI (ESC [) or SS3 (ESC O) sequence, by what it means. */
const FINAL: Record<string, LineAction['type']> = {A: 'up', B: 'down', C: 'right', D: 'left', H: 'home', F: 'end'}
/** ESC [ n ~ (vt220 keys). */
const TILDE: Record<string, LineAction['type']> = {'1': 'home', '7': 'home', '4': 'end', '8': 'end', '3': 'delete'}

export interface Decoded {
  keys: Key[]
  /** An escape sequence cut short at the end of the input: kept for the next chunk. */
  rest: string
}

export function decodeKeys(input: string): Decoded {
  const keys: Key[] = []
  let text = ''
  const flush = () => {
    if (text) keys.push({kind: 'text', text})
    text = ''
  }
  let i = 0
  while (i < input.length) {
    const c = input[i]!
    if (c === '\x1b') {
      const m = /^\x1b(?:\[([0-9;]*)([\x40-\x7e])|O([\x40-\x7e])|([^[O]))/.exec(input.slice(i, i + 32))
      if (!m) {
        // ESC alone at the end of this chunk: the rest of a sequence may follow.
        if (/^\x1b(\[[0-9;]*|O)?$/.test(input.slice(i))) {
          flush()
          return {keys, rest: input.slice(i)}
        }
        i++
        continue
      }
      flush()
      const [all, params, final, ss3] = m
      const type = final === '~' ? TILDE[(params ?? '').split(';')[0]!] : FINAL[(final ?? ss3)!]
      // Alt-<key> and sequences the editor has no use for are dropped whole.
      if (type && (m[4] === undefined)) keys.push({kind: 'action', action: {type} as LineAction})
      i += all.length
      continue
    }
    const control = CONTROL[c]
    if (control) {
      flush()
      keys.push(control)
    } else if (c >= ' ') text += c
    i++
  }
  flush()
  return {keys, rest: ''}
}
