// What the `xl top` screen's keys change: sort order, delay, speed, the
// delay prompt, quitting. A pure reducer, so keys are testable without a
// terminal; the frame itself comes from src/xl/top-view.ts.
import type {TopSort} from '../../xl/top-view.js'

export interface TopUiState {
  sort: TopSort
  reverse: boolean
  /** Simulated seconds per frame. */
  delayS: number
  /** Manual clock: simulated seconds per real second. */
  speed: number
  /** Manual clock (speed keys) or wall clock (delay keys). */
  manual: boolean
  /** Text typed at the `d` prompt, or null when not prompting. */
  prompt: string | null
  /** One line of feedback (bad delay, a failed refresh). */
  message: string | null
  quit: boolean
  /** The selected row (arrows move it), in the order shown. */
  selected: number
  /** `t`: quit to the runstate timeline of the selected domain. */
  timeline: boolean
}

export type TopAction =
  | {type: 'quit'}
  | {type: 'sort'; by: TopSort}
  | {type: 'reverse'}
  /** `+`: a manual clock runs faster; a wall clock waits longer per frame. */
  | {type: 'more'}
  | {type: 'less'}
  | {type: 'prompt-delay'}
  | {type: 'prompt-input'; text: string}
  | {type: 'prompt-backspace'}
  | {type: 'prompt-submit'}
  | {type: 'prompt-cancel'}
  | {type: 'select'; by: number}
  | {type: 'timeline'}

/** xentop.c PROMPT_VAL_LEN (80) less its NUL. */
export const PROMPT_MAX = 79
export const MIN_DELAY_S = 0.1
export const MAX_DELAY_S = 3600
export const MIN_SPEED = 1 / 64
export const MAX_SPEED = 86400

export function initialUi(o: {delayS: number; speed: number; manual: boolean}): TopUiState {
  return {sort: 'name', reverse: false, delayS: o.delayS, speed: o.speed, manual: o.manual, prompt: null, message: null, quit: false, selected: 0, timeline: false}
}

const fmtDelay = (x: number) => (Number.isInteger(x) ? String(x) : String(Number(x.toPrecision(4))))
const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x))

export function topReducer(s: TopUiState, a: TopAction): TopUiState {
  switch (a.type) {
    case 'quit': return {...s, quit: true}
    case 'select': return {...s, selected: Math.max(0, s.selected + a.by)}
    case 'timeline': return {...s, quit: true, timeline: true}
    case 'sort': return {...s, sort: a.by, reverse: s.sort === a.by ? s.reverse : false, message: null}
    case 'reverse': return {...s, reverse: !s.reverse}
    // Manual clock: speed doubles/halves. Wall clock: one second more/less per frame.
    case 'more':
      return s.manual ? {...s, speed: clamp(s.speed * 2, MIN_SPEED, MAX_SPEED)} : {...s, delayS: clamp(Math.floor(s.delayS) + 1, 1, MAX_DELAY_S)}
    case 'less':
      return s.manual ? {...s, speed: clamp(s.speed / 2, MIN_SPEED, MAX_SPEED)} : {...s, delayS: s.delayS > 1 ? Math.max(1, Math.ceil(s.delayS) - 1) : s.delayS}
    case 'prompt-delay': return {...s, prompt: '', message: null}
    // xentop's prompt takes any printable character (up to PROMPT_VAL_LEN - 1
    // = 79), so what was typed is seen; Enter then judges it.
    case 'prompt-input': return s.prompt === null ? s : {...s, prompt: (s.prompt + a.text.replace(/[^\x20-\x7e]/g, '')).slice(0, PROMPT_MAX)}
    case 'prompt-backspace': return s.prompt === null ? s : {...s, prompt: s.prompt.slice(0, -1)}
    case 'prompt-cancel': return {...s, prompt: null}
    case 'prompt-submit': {
      if (s.prompt === null || s.prompt === '') return {...s, prompt: null}
      // xentop's set_delay keeps the old delay when atoi() gives no positive
      // number; the status line also says why, so a typo is not silent.
      const d = /^\s*(\d+(\.\d*)?|\.\d+)\s*$/.test(s.prompt) ? Number(s.prompt) : NaN
      if (!Number.isFinite(d) || d < MIN_DELAY_S || d > MAX_DELAY_S) {
        const why = Number.isFinite(d) ? `out of range (${MIN_DELAY_S} to ${MAX_DELAY_S} seconds)` : `not a number of seconds (e.g. 2 or 0.5)`
        return {...s, prompt: null, message: `delay '${s.prompt}' ${why}; delay stays ${fmtDelay(s.delayS)}s`}
      }
      return {...s, prompt: null, delayS: d, message: null}
    }
  }
}

/** The subset of ink's Key that keyActions reads. */
export interface KeyFlags {
  return?: boolean
  escape?: boolean
  backspace?: boolean
  delete?: boolean
  ctrl?: boolean
  upArrow?: boolean
  downArrow?: boolean
}

/**
 * The actions one key event means, given the state before it. A chunk of
 * plain characters (typed fast, or pasted) is several keys, and a key can
 * change how the next one is read (`d` opens the delay prompt), so the
 * characters are read one at a time against the state as it evolves.
 */
export function keyActions(input: string, key: KeyFlags, s: TopUiState): TopAction[] {
  const prompting = s.prompt !== null
  if (key.return) return prompting ? [{type: 'prompt-submit'}] : []
  if (key.escape) return prompting ? [{type: 'prompt-cancel'}] : []
  if (key.backspace || key.delete) return prompting ? [{type: 'prompt-backspace'}] : []
  if (key.ctrl) return []
  if (!prompting && (key.upArrow || key.downArrow)) return [{type: 'select', by: key.upArrow ? -1 : 1}]
  const out: TopAction[] = []
  let state = s
  for (const ch of input) {
    const a = charAction(ch, state.prompt !== null)
    if (!a) continue
    out.push(a)
    state = topReducer(state, a)
  }
  return out
}

function charAction(ch: string, prompting: boolean): TopAction | null {
  if (prompting) {
    if (ch === '\r' || ch === '\n') return {type: 'prompt-submit'}
    if (ch === '\x1b') return {type: 'prompt-cancel'}
    if (ch === '\x7f' || ch === '\b') return {type: 'prompt-backspace'}
    return ch >= ' ' ? {type: 'prompt-input', text: ch} : null
  }
  return KEYS[ch] ?? null
}

const KEYS: Record<string, TopAction> = {
  q: {type: 'quit'}, Q: {type: 'quit'}, '+': {type: 'more'}, '=': {type: 'more'}, '-': {type: 'less'},
  s: {type: 'sort', by: 'steal'}, n: {type: 'sort', by: 'name'}, c: {type: 'sort', by: 'cpu'},
  r: {type: 'reverse'}, d: {type: 'prompt-delay'}, t: {type: 'timeline'},
}

/** Real milliseconds between frames: a manual clock shows delay simulated seconds per frame at `speed`. */
export function frameIntervalMs(s: Pick<TopUiState, 'delayS' | 'speed' | 'manual'>): number {
  const ms = s.manual ? (s.delayS / s.speed) * 1000 : s.delayS * 1000
  return clamp(ms, 100, MAX_DELAY_S * 1000)
}
