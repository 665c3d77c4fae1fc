// The shell's command history, in the state file's `history` table (schema
// migration 2): one row per command, newest the highest id. Lines that an
// older xlsim kept in a `<state>.history` file beside it are moved in once.
import type Database from 'better-sqlite3'
import {existsSync, readFileSync, unlinkSync} from 'node:fs'
import {BUSY_TIMEOUT_MS, openState} from './store.js'
import {isBusy} from './errors.js'

type Db = Database.Database

/**
 * Run `fn` on the state file's connection, waiting at most `busyMs` for
 * another process's lock (history is not worth a long wait at a prompt).
 * Returns false when the lock stayed busy; any other failure is thrown.
 */
export function tryHistory(statePath: string, busyMs: number, fn: (db: Db) => void): boolean {
  const db = openState(statePath, {create: true})
  db.pragma(`busy_timeout = ${busyMs}`)
  try {
    fn(db)
    return true
  } catch (e) {
    if (isBusy(e)) return false
    throw e
  } finally {
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`)
  }
}

/** The newest `cap` lines, oldest first. */
export function readHistory(db: Db, cap: number): string[] {
  const rows = db.prepare('SELECT line FROM history ORDER BY id DESC LIMIT ?').all(cap) as {line: string}[]
  return rows.map(r => r.line).reverse()
}

/**
 * Add `line` as the newest entry unless it repeats the newest one (bash's
 * ignoredups), keep the newest `cap`, and return them. Another shell's
 * lines added meanwhile are kept: the table is read after the write.
 */
export function addHistory(db: Db, line: string, cap: number): string[] {
  return db.transaction(() => {
    const last = db.prepare('SELECT line FROM history ORDER BY id DESC LIMIT 1').get() as {line: string} | undefined
    if (last?.line !== line) db.prepare('INSERT INTO history (line) VALUES (?)').run(line)
    trim(db, cap)
    return readHistory(db, cap)
  }).immediate()
}

function trim(db: Db, cap: number): void {
  db.prepare('DELETE FROM history WHERE id <= (SELECT id FROM history ORDER BY id DESC LIMIT 1 OFFSET ?)').run(cap)
}

/**
 * The lines of an old history file (one command per line, newest last),
 * put before the table's own and the file removed, so it happens once.
 * Returns whether there was a file.
 */
export function importHistoryFile(db: Db, file: string, cap: number): boolean {
  if (!existsSync(file)) return false
  const old = readFileSync(file, 'utf8').split('\n').filter(l => l.trim() !== '')
  db.transaction(() => {
    const own = readHistory(db, cap)
    db.prepare('DELETE FROM history').run()
    const insert = db.prepare('INSERT INTO history (line) VALUES (?)')
    for (const l of [...old, ...own].slice(-cap)) insert.run(l)
  }).immediate()
  unlinkSync(file)
  return true
}
