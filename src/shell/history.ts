// The shell's command history, kept across sessions in a sidecar file next
// to the host's state file (`<state>.history`, one command per line, newest
// last) until the state schema has a history table.
import {mkdirSync, readFileSync, renameSync, writeFileSync} from 'node:fs'
import {dirname} from 'node:path'

export const HISTORY_CAP = 1000

export function historyPath(statePath: string): string {
  return `${statePath}.history`
}

/**
 * `history` with `line` added as the newest entry: blank lines and a repeat
 * of the newest entry are not recorded (bash's ignoredups), and only the
 * newest `cap` entries are kept.
 */
export function addToHistory(history: readonly string[], line: string, cap = HISTORY_CAP): string[] {
  const entry = line.replace(/[\r\n]+/g, ' ').trim()
  const next = entry === '' || history[history.length - 1] === entry ? [...history] : [...history, entry]
  return next.length > cap ? next.slice(next.length - cap) : next
}

export function loadHistory(path: string, cap = HISTORY_CAP): string[] {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch {
    return []
  }
  const lines = text.split('\n').filter(l => l.trim() !== '')
  return lines.length > cap ? lines.slice(lines.length - cap) : lines
}

/**
 * Record `line` in the file. Re-reads it first so that two shells on one
 * host both keep their commands; replaces it atomically (write, rename).
 */
export function appendHistory(path: string, line: string, cap = HISTORY_CAP): string[] {
  const history = addToHistory(loadHistory(path, cap), line, cap)
  mkdirSync(dirname(path), {recursive: true})
  const tmp = `${path}.${process.pid}.tmp`
  writeFileSync(tmp, history.map(l => `${l}\n`).join(''))
  renameSync(tmp, path)
  return history
}
