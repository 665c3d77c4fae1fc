// A trace recorded across commands (xl trace start ... stop), kept in the
// state file: the recorder's state as JSON and each command's new records.
import type Database from 'better-sqlite3'
import type {TraceState, TraceWindow} from '../src/hypervisor/trace/index.js'
import {DamagedRowError} from './errors.js'
import {statement} from './statements.js'

type Db = Database.Database

export function loadTraceState(db: Db): TraceState | null {
  const row = statement(db, 'SELECT state FROM trace WHERE id = 1').get() as {state: string} | undefined
  if (!row) return null
  try {
    const s = JSON.parse(row.state) as TraceState
    if (s === null || typeof s !== 'object' || typeof s.config !== 'object') throw new Error('not a trace state')
    return s
  } catch (e) {
    throw new DamagedRowError(`trace row: ${(e as Error).message}`)
  }
}

/** Keep the recorder's state and the records it made since the last time. */
export function saveTrace(db: Db, state: TraceState, windows: readonly TraceWindow[]): void {
  db.prepare('INSERT INTO trace (id, state) VALUES (1, ?) ON CONFLICT(id) DO UPDATE SET state = excluded.state').run(JSON.stringify(state))
  const add = db.prepare('INSERT INTO trace_records (poll, cpu, words) VALUES (?, ?, ?)')
  for (const w of windows) add.run(w.poll, w.cpu, Buffer.from(w.words.buffer, w.words.byteOffset, w.words.byteLength))
}

/** Every stored window, in the order written. */
export function storedWindows(db: Db): TraceWindow[] {
  const out: TraceWindow[] = []
  for (const r of db.prepare('SELECT poll, cpu, words FROM trace_records ORDER BY id').iterate() as IterableIterator<{poll: number; cpu: number; words: Buffer}>) {
    const copy = new Uint8Array(r.words.length)
    copy.set(r.words)
    out.push({poll: r.poll, cpu: r.cpu, words: new Uint32Array(copy.buffer)})
  }
  return out
}

export function dropTrace(db: Db): void {
  db.exec('DELETE FROM trace; DELETE FROM trace_records;')
}
