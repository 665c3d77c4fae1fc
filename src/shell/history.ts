// The shell's command history, kept across sessions in the host's state
// file (state/history.ts; an old `<state>.history` file beside it is moved
// in at the first start). What is recorded is decided here, purely.
import {addHistory, importHistoryFile, readHistory, tryHistory} from '../../state/history.js'
import {isHostBusy} from './busy.js'

export const HISTORY_CAP = 1000
const HISTORY_BUSY_MS = 250

/** Where xlsim before the history table kept it: next to the state file. */
export function oldHistoryPath(statePath: string): string {
  return `${statePath}.history`
}

/** What is recorded for a line typed: one line, trimmed; '' for nothing. */
export function historyEntry(line: string): string {
  return line.replace(/[\r\n]+/g, ' ').trim()
}

/**
 * `history` with `line` added as the newest entry: blank lines and a repeat
 * of the newest entry are not recorded (bash's ignoredups), and only the
 * newest `cap` entries are kept.
 */
export function addToHistory(history: readonly string[], line: string, cap = HISTORY_CAP): string[] {
  const entry = historyEntry(line)
  const next = entry === '' || history[history.length - 1] === entry ? [...history] : [...history, entry]
  return next.length > cap ? next.slice(next.length - cap) : next
}

/**
 * The history of one host's shell. Reads and writes go through the state
 * file; when another xl process holds it locked past the busy timeout, the
 * line is kept in memory and written with the next one, so the prompt
 * never fails over its history.
 */
export class ShellHistory {
  lines: string[] = []
  private pending: string[] = []

  constructor(private readonly statePath: string, private readonly cap = HISTORY_CAP) {}

  load(): string[] {
    this.attempt(db => {
      importHistoryFile(db, oldHistoryPath(this.statePath), this.cap)
      this.lines = readHistory(db, this.cap)
    })
    return this.lines
  }

  add(line: string): string[] {
    const entry = historyEntry(line)
    if (entry === '') return this.lines
    this.lines = addToHistory(this.lines, entry, this.cap)
    this.pending.push(entry)
    this.attempt(db => {
      let lines = this.lines
      for (const l of this.pending) lines = addHistory(db, l, this.cap)
      this.pending = []
      this.lines = lines
    })
    return this.lines
  }

  /** History is not worth a long wait at the prompt: a short busy timeout, then try again next time. */
  private attempt(fn: Parameters<typeof tryHistory>[2]): void {
    try {
      tryHistory(this.statePath, HISTORY_BUSY_MS, fn)
    } catch (e) {
      if (!isHostBusy(e)) throw e
    }
  }
}
