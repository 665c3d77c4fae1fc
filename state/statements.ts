// Prepared statements kept per connection: the connection lives as long as
// the process (store.ts), and `xl shell` runs the same few queries for every
// command; preparing one compiles its SQL each time.
import type Database from 'better-sqlite3'

const prepared = new WeakMap<Database.Database, Map<string, Database.Statement>>()

/** `db.prepare(sql)`, compiled once per connection. */
export function statement(db: Database.Database, sql: string): Database.Statement {
  let m = prepared.get(db)
  if (!m) prepared.set(db, m = new Map())
  let s = m.get(sql)
  if (!s) m.set(sql, s = db.prepare(sql))
  return s
}

/** total_changes() when transaction() began the connection's current transaction. */
const changesAtBegin = new WeakMap<Database.Database, number>()

function totalChanges(db: Database.Database): number {
  return statement(db, 'SELECT total_changes()').pluck().get() as number
}

/** store.ts's transaction() has just begun one (BEGIN ran). */
export function noteBegin(db: Database.Database): void {
  changesAtBegin.set(db, totalChanges(db))
}

/** ... and has ended it (COMMIT or ROLLBACK). */
export function noteEnd(db: Database.Database): void {
  changesAtBegin.delete(db)
}

/**
 * Which state of the file the current transaction reads, as a stamp two
 * transactions of one connection share only if the file did not change in
 * between: PRAGMA data_version (it moves when another connection commits;
 * read once the transaction's snapshot is taken) and total_changes() (it
 * moves with every row this connection writes, committed or rolled back).
 * Null when that cannot be told: outside a transaction begun by
 * transaction(), or when this connection has written rows in it (the
 * snapshot then holds writes that may yet roll back).
 */
export function fileStamp(db: Database.Database): string | null {
  const began = changesAtBegin.get(db)
  if (began === undefined || !db.inTransaction) return null
  const changes = totalChanges(db)
  if (changes !== began) return null
  return `${statement(db, 'PRAGMA data_version').pluck().get() as number}:${changes}`
}
