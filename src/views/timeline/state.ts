// What the timeline's keys change: zoom (the window), pan (how far back the
// view's right edge is), follow, quit. A pure reducer, testable without a terminal.

export interface TimelineUi {
  windowNs: number
  /** How far before the newest sample the view ends (0: following live). */
  offsetNs: number
  quit: boolean
}

export type TimelineAction = {type: 'zoom-in'} | {type: 'zoom-out'} | {type: 'pan-back'} | {type: 'pan-forward'} | {type: 'follow'} | {type: 'quit'}

export const MIN_WINDOW_NS = 1_000_000
export const MAX_WINDOW_NS = 60_000_000_000

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x))

/** `history` is how much the view has kept (pan stops there). */
export function timelineReducer(s: TimelineUi, a: TimelineAction, historyNs: number): TimelineUi {
  switch (a.type) {
    case 'quit': return {...s, quit: true}
    case 'zoom-in': return {...s, windowNs: clamp(s.windowNs / 2, MIN_WINDOW_NS, MAX_WINDOW_NS)}
    case 'zoom-out': return {...s, windowNs: clamp(s.windowNs * 2, MIN_WINDOW_NS, MAX_WINDOW_NS)}
    case 'pan-back': return {...s, offsetNs: clamp(s.offsetNs + s.windowNs / 4, 0, Math.max(0, historyNs - s.windowNs))}
    case 'pan-forward': return {...s, offsetNs: Math.max(0, s.offsetNs - s.windowNs / 4)}
    case 'follow': return {...s, offsetNs: 0}
  }
}

export interface TimelineKey {
  leftArrow?: boolean
  rightArrow?: boolean
  ctrl?: boolean
}

export function timelineKeys(input: string, key: TimelineKey): TimelineAction[] {
  if (key.leftArrow) return [{type: 'pan-back'}]
  if (key.rightArrow) return [{type: 'pan-forward'}]
  if (key.ctrl) return []
  const out: TimelineAction[] = []
  for (const ch of input) {
    const a = KEYS[ch]
    if (a) out.push(a)
  }
  return out
}

const KEYS: Record<string, TimelineAction> = {
  q: {type: 'quit'}, Q: {type: 'quit'}, '+': {type: 'zoom-in'}, '=': {type: 'zoom-in'}, '-': {type: 'zoom-out'},
  h: {type: 'pan-back'}, l: {type: 'pan-forward'}, f: {type: 'follow'},
}

export const KEY_HELP = 'q quit  +/- zoom  <-/-> or h/l pan  f follow'
