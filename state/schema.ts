// Numbered migrations; PRAGMA user_version holds the number applied.
// PRAGMA application_id marks the file as ours, so a foreign SQLite file is
// refused instead of being written into.

/** "xlsm" in ASCII. */
export const APPLICATION_ID = 0x786c736d

export const MIGRATIONS: readonly string[] = [
  // 1: the host, its domains, the console ring.
  `CREATE TABLE host (
     id INTEGER PRIMARY KEY CHECK (id = 1),
     config TEXT NOT NULL,
     now_ns INTEGER NOT NULL,
     next_domid INTEGER NOT NULL,
     rng INTEGER NOT NULL,
     sched_params TEXT NOT NULL,
     sched TEXT NOT NULL,
     wall_ms INTEGER NOT NULL
   );
   CREATE TABLE domains (
     domid INTEGER PRIMARY KEY,
     name TEXT NOT NULL,
     data TEXT NOT NULL
   );
   CREATE TABLE console (
     id INTEGER PRIMARY KEY CHECK (id = 1),
     text TEXT NOT NULL
   );`,
  // 2: named snapshots of the whole host, and the shell's command history.
  `CREATE TABLE snapshots (
     name TEXT PRIMARY KEY,
     created_ms INTEGER NOT NULL,
     now_ns INTEGER NOT NULL,
     domains INTEGER NOT NULL,
     data TEXT NOT NULL
   );
   CREATE TABLE history (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     line TEXT NOT NULL
   );`,
  // 3: a trace being recorded across commands (xl trace start ... stop): the
  // recorder's state, and the records each command added to the pCPUs'
  // buffers (t_rec words, little-endian), by xentrace poll and pCPU.
  `CREATE TABLE trace (
     id INTEGER PRIMARY KEY CHECK (id = 1),
     state TEXT NOT NULL
   );
   CREATE TABLE trace_records (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     poll INTEGER NOT NULL,
     cpu INTEGER NOT NULL,
     words BLOB NOT NULL
   );`,
]

export const SCHEMA_VERSION = MIGRATIONS.length
