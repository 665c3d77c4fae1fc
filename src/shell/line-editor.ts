// The prompt's line editing as a pure reducer (readline's emacs-mode subset):
// keys (keys.ts) become actions, the ink view only renders the state.
import type {Completion} from './completion.js'
import type {Key, LineAction} from './keys.js'

// Declared with the keys that decode to them (keys.ts needs them; importing
// them from here would tie the two modules in a cycle).
export type {LineAction} from './keys.js'

export interface LineState {
  text: string
  cursor: number
  /** Index into the history being shown; history.length = the line being typed. */
  histPos: number
  /** The line being typed, kept while browsing history. */
  draft: string
  /** Completion matches to show under the prompt. */
  candidates: string[]
}

export function initialLine(history: readonly string[]): LineState {
  return {text: '', cursor: 0, histPos: history.length, draft: '', candidates: []}
}

export function editLine(s: LineState, a: LineAction, history: readonly string[]): LineState {
  const at = (text: string, cursor: number): LineState => ({...s, text, cursor, candidates: []})
  switch (a.type) {
    case 'insert': {
      const text = a.text.replace(/[\r\n\t]/g, ' ')
      return at(s.text.slice(0, s.cursor) + text + s.text.slice(s.cursor), s.cursor + text.length)
    }
    case 'backspace':
      return s.cursor === 0 ? s : at(s.text.slice(0, s.cursor - 1) + s.text.slice(s.cursor), s.cursor - 1)
    case 'delete':
      return at(s.text.slice(0, s.cursor) + s.text.slice(s.cursor + 1), s.cursor)
    case 'left':
      return at(s.text, Math.max(0, s.cursor - 1))
    case 'right':
      return at(s.text, Math.min(s.text.length, s.cursor + 1))
    case 'home':
      return at(s.text, 0)
    case 'end':
      return at(s.text, s.text.length)
    case 'kill-before':
      return at(s.text.slice(s.cursor), 0)
    case 'kill-after':
      return at(s.text.slice(0, s.cursor), s.cursor)
    case 'kill-word': {
      const head = s.text.slice(0, s.cursor).replace(/\S*\s*$/, '')
      return at(head + s.text.slice(s.cursor), head.length)
    }
    case 'up': {
      if (s.histPos === 0) return s
      const draft = s.histPos === history.length ? s.text : s.draft
      const text = history[s.histPos - 1]
      return {text, cursor: text.length, histPos: s.histPos - 1, draft, candidates: []}
    }
    case 'down': {
      if (s.histPos >= history.length) return s
      const histPos = s.histPos + 1
      const text = histPos === history.length ? s.draft : history[histPos]
      return {text, cursor: text.length, histPos, draft: s.draft, candidates: []}
    }
    case 'completed':
      return {...s, text: a.completion.line, cursor: a.completion.cursor, candidates: a.completion.candidates}
  }
}

/** How a prompt's line ended. */
export type LineResult = {kind: 'line'; text: string} | {kind: 'cancel'; text: string} | {kind: 'eof'}

/**
 * One key at the prompt: the new line state, and how the line ended if this
 * key ended it (Enter, Ctrl-C, Ctrl-D on an empty line; Ctrl-D elsewhere
 * deletes, as readline's does).
 */
export function applyKey(s: LineState, k: Key, history: readonly string[], complete: (line: string, cursor: number) => Completion): {state: LineState; done: LineResult | null} {
  switch (k.kind) {
    case 'submit': return {state: s, done: {kind: 'line', text: s.text}}
    case 'cancel': return {state: s, done: {kind: 'cancel', text: s.text}}
    case 'eof': return s.text === '' ? {state: s, done: {kind: 'eof'}} : {state: editLine(s, {type: 'delete'}, history), done: null}
    case 'complete': return {state: editLine(s, {type: 'completed', completion: complete(s.text, s.cursor)}, history), done: null}
    case 'text': return {state: editLine(s, {type: 'insert', text: k.text}, history), done: null}
    case 'action': return {state: editLine(s, k.action, history), done: null}
  }
}
