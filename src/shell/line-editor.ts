// The prompt's line editing as a pure reducer (readline's emacs-mode subset):
// the ink view maps keys to actions and renders the state.
import type {Completion} from './completion.js'

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
