// The host in one SQLite file. Every command that changes the host is one
// IMMEDIATE transaction: take the write lock, load, run, save only what
// changed, commit; on any error, roll back so a failed command changes
// nothing. Commands that only look read a WAL snapshot without the lock.
import Database from 'better-sqlite3'
import {closeSync, existsSync, mkdirSync, openSync, readFileSync, readSync, rmSync, statfsSync, statSync, type Stats} from 'node:fs'
import {dirname} from 'node:path'
import {createRequire} from 'node:module'
import type {Host} from '../src/hypervisor/host.js'
import {saveScheduler} from '../src/hypervisor/sched/index.js'
import {recorderOf, resumeTracing} from '../src/hypervisor/trace/index.js'
import {dropTrace, loadTraceState, saveTrace} from './trace.js'
import {decodeDomain, encodeDomain} from './codec.js'
import {DomainTable} from './domain-table.js'
import {noteBegin, noteEnd, statement} from './statements.js'
import {APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION} from './schema.js'
import {DAMAGED_ADVICE, DamagedRowError, DamagedStateError, GoneError, isBusy, NotAFileError, StateError} from './errors.js'

/**
 * A command waits for the write lock as long as other processes keep
 * committing (the lock changes hands); it gives up only when no commit has
 * happened for this long, i.e. one process holds the lock and does not finish.
 */
export const STALL_MS = 10_000
/** SQLite's own busy wait per attempt, between checks for progress. */
const ATTEMPT_MS = 200
/** The busy timeout every connection has (one attempt of waitFor), for code that changes it for a while. */
export const BUSY_TIMEOUT_MS = ATTEMPT_MS
const SQLITE_MAGIC = 'SQLite format 3\0'
/** statfs f_type of /proc and /sys (linux/magic.h): files that claim size 0 yet have contents. */
const PSEUDO_FS = new Map([[0x9fa0, '/proc'], [0x62656572, '/sys'], [0x64626720, 'debugfs']])

export type Db = Database.Database

interface HostRow {
  config: string
  now_ns: number
  next_domid: number
  rng: number
  sched_params: string
  sched: string
  wall_ms: number
}

/** What was loaded, so save() writes only rows that changed. */
interface Loaded {
  domains: Map<number, string>
  console: string
}

export interface StoredHost {
  host: Host
  /** Real time (ms since the epoch) of the last command, for the wall clock. */
  wallMs: number
}

/** What is at `path`: nothing yet, or a regular file of this size; anything else is refused. */
export function inspectPath(path: string): {exists: false} | {exists: true; stat: Stats} {
  let stat: Stats
  try {
    stat = statSync(path)
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    if (code === 'ENOENT') return {exists: false}
    if (code === 'ENOTDIR') throw new NotAFileError(`${path}: a component of the path is not a directory; use another --state file`)
    if (code === 'EACCES') throw new StateError(`${path}: cannot reach the state file (permission denied on a directory of its path)`)
    throw e
  }
  const kind = stat.isDirectory() ? 'a directory' : stat.isFIFO() ? 'a FIFO' : stat.isCharacterDevice() ? 'a character device'
    : stat.isBlockDevice() ? 'a block device' : stat.isSocket() ? 'a socket' : null
  if (kind) throw new NotAFileError(`${path}: not a regular file (${kind}); use a regular file for --state`)
  if (stat.size === 0) {
    const fs = pseudoFs(path)
    if (fs) throw new NotAFileError(`${path}: not a regular file (a file of ${fs}); use another --state file`)
  }
  return {exists: true, stat}
}

function pseudoFs(path: string): string | undefined {
  try {
    return PSEUDO_FS.get(statfsSync(path).type)
  } catch {
    return undefined
  }
}

/** Refuse files that are not SQLite before SQLite touches them. */
function checkHeader(path: string, size: number): void {
  if (size === 0) return
  let fd: number
  try {
    fd = openSync(path, 'r')
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    if (code === 'EACCES' || code === 'EPERM') throw new StateError(`${path}: cannot read the state file (permission denied)`)
    throw e
  }
  const buf = Buffer.alloc(16)
  try {
    readSync(fd, buf, 0, 16, 0)
  } finally {
    closeSync(fd)
  }
  if (buf.toString('latin1') !== SQLITE_MAGIC) {
    throw new DamagedStateError(`${path}: not an xlsim state file (not an SQLite database); ${DAMAGED_ADVICE}`)
  }
  if (size < 512) throw new DamagedStateError(`${path}: not an xlsim state file (truncated: ${size} bytes); ${DAMAGED_ADVICE}`)
}

/**
 * One writable connection per state file per process, never closed by the
 * session: closing the last connection checkpoints the WAL with an fsync
 * (about 10 ms on a slow disk, more than the whole command), while leaving
 * it open lets SQLite checkpoint every 1000 pages instead. Commits stay
 * atomic (WAL); a killed process loses nothing that committed. The file's
 * identity is kept, to notice when the path stops naming it.
 */
interface Connection {
  db: Db
  dev: number
  ino: number
  gone: boolean
}
const connections = new Map<string, Connection>()

export function openState(path: string, opts: {create: boolean}): Db {
  const cached = connections.get(path)
  if (cached) {
    checkSameFile(path)
    if (cached.db.open) return cached.db
  }
  const at = inspectPath(path)
  if (!at.exists && !opts.create) throw new StateError(`${path}: no host state file`)
  if (at.exists) checkHeader(path, at.stat.size)
  else {
    makeParent(path)
    // A -wal or -shm without its file is what is left of a deleted state
    // file; SQLite would apply that old WAL to the new file.
    removeOrphans(path)
  }
  const db = connect(path, {})
  try {
    prepare(db, path)
    const st = statSync(path)
    connections.set(path, {db, dev: st.dev, ino: st.ino, gone: false})
  } catch (e) {
    db.close()
    throw e
  }
  return db
}

function makeParent(path: string): void {
  const dir = dirname(path)
  try {
    mkdirSync(dir, {recursive: true})
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    const why = code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'EROFS' ? 'read-only file system'
      : code === 'ENOTDIR' ? 'a component is not a directory' : code === 'ENOSPC' ? 'disk full' : (e as Error).message
    throw new StateError(`${path}: cannot create the directory ${dir} (${why}); create it or use another --state file`)
  }
}

/**
 * The process's connection to `path` still names the file it opened: a
 * state file deleted (or replaced) under a running `xl shell` would
 * otherwise take every later command with it when the process exits.
 */
export function checkSameFile(path: string): void {
  const c = connections.get(path)
  if (!c) return
  let st: Stats | undefined
  try {
    st = statSync(path)
  } catch {
    st = undefined
  }
  if (c.gone || !st || st.dev !== c.dev || st.ino !== c.ino) {
    if (!c.gone) {
      c.gone = true
      if (c.db.open) c.db.close()
      if (!st) removeOrphans(path)
    }
    throw new GoneError(`${path}: the state file was ${st ? 'replaced' : 'deleted'} while this xl process had it open; nothing more is saved to the old file, so this command was not run: start xl again to use what is there now`)
  }
}

function removeOrphans(path: string): void {
  if (existsSync(path)) return
  for (const f of [`${path}-wal`, `${path}-shm`]) rmSync(f, {force: true})
}

/** Forget the connection (the file is about to be replaced by this process). */
export function dropConnection(path: string): void {
  const c = connections.get(path)
  if (c?.db.open) c.db.close()
  connections.delete(path)
}

/**
 * The addon's file, found directly: without it better-sqlite3 asks the
 * `bindings` package, which probes a dozen paths on every start. Left to
 * better-sqlite3's own lookup if the build put it elsewhere.
 */
function nativeBinding(): string | undefined {
  try {
    return createRequire(import.meta.url).resolve('better-sqlite3/build/Release/better_sqlite3.node')
  } catch {
    return undefined
  }
}

function connect(file: string | Buffer, opts: {readonly?: boolean}): Db {
  return new Database(file, {timeout: ATTEMPT_MS, nativeBinding: nativeBinding(), readonly: opts.readonly === true})
}

/**
 * A connection for reading a file this process cannot write: nothing may be
 * created beside it (SQLite would leave a -shm file with the file's mode,
 * which then breaks writers once the file is writable again). With a live
 * WAL (another process writing) SQLite reads through that process's -wal and
 * -shm; otherwise the file is read whole into memory, checked unchanged
 * around the read. The caller closes it.
 */
export function openReadOnly(path: string): Db {
  const at = inspectPath(path)
  if (!at.exists) throw new StateError(`${path}: no host state file`)
  checkHeader(path, at.stat.size)
  if (sizeOf(`${path}-wal`) > 0 && existsSync(`${path}-shm`)) {
    const db = connect(path, {readonly: true})
    try {
      checkIdentity(path, identify(db, path))
      return db
    } catch (e) {
      db.close()
      if (e instanceof StateError) throw e
      // An unusable -shm (left by a writer that ran out of space): read the file itself.
    }
  }
  for (let attempt = 0; ; attempt++) {
    const before = statSync(path)
    const bytes = readFileSync(path)
    const after = statSync(path)
    const same = before.mtimeMs === after.mtimeMs && before.size === after.size && before.ino === after.ino
    if ((same && sizeOf(`${path}-wal`) === 0) || attempt === 4) {
      if (bytes.length === 0) return connect(Buffer.alloc(0), {})
      // The in-memory copy cannot use a WAL: read it as a rollback-journal file.
      if (bytes.length > 19) bytes[18] = bytes[19] = 1
      const db = connect(bytes, {readonly: true})
      checkIdentity(path, identify(db, path))
      return db
    }
  }
}

function sizeOf(path: string): number {
  try {
    return statSync(path).size
  } catch {
    return 0
  }
}

interface Identity {
  appId: number
  version: number
  tables: number
}

/** Application id, schema version and table count, read in one snapshot. */
function identify(db: Db, path: string): Identity {
  return transaction(db, path, 'deferred', () => ({
    appId: db.pragma('application_id', {simple: true}) as number,
    version: db.pragma('user_version', {simple: true}) as number,
    tables: (db.prepare('SELECT count(*) AS n FROM sqlite_master').get() as {n: number}).n,
  }))
}

function checkIdentity(path: string, id: Identity): void {
  if ((id.appId === 0 && id.version === 0 && id.tables > 0) || (id.appId !== 0 && id.appId !== APPLICATION_ID)) {
    throw new DamagedStateError(`${path}: an SQLite file that is not an xlsim state file; ${DAMAGED_ADVICE}`)
  }
  if (id.version > SCHEMA_VERSION) {
    throw new DamagedStateError(`${path}: state file schema version ${id.version} is newer than this xl understands (${SCHEMA_VERSION}); upgrade xlsim, or ${DAMAGED_ADVICE}`)
  }
}

function prepare(db: Db, path: string): void {
  // Identify the file before anything writes to it (even journal_mode does).
  checkIdentity(path, identify(db, path))
  // Creating or migrating the schema is one exclusive transaction that looks
  // again: a process racing us on first use may have done it meanwhile.
  if ((db.pragma('user_version', {simple: true}) as number) < SCHEMA_VERSION) {
    transaction(db, path, 'exclusive', () => {
      const id = identify(db, path)
      checkIdentity(path, id)
      for (let v = id.version; v < SCHEMA_VERSION; v++) db.exec(MIGRATIONS[v])
      db.pragma(`application_id = ${APPLICATION_ID}`)
      db.pragma(`user_version = ${SCHEMA_VERSION}`)
    })
  }
  if (db.pragma('journal_mode', {simple: true}) !== 'wal') waitFor(db, path, () => db.pragma('journal_mode = WAL'))
  db.pragma('synchronous = NORMAL')
}

/** Sleep without giving up the thread (commands are synchronous). */
function pause(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms)
}

/**
 * Run `op` until it is not refused for a lock. Each attempt waits up to
 * ATTEMPT_MS inside SQLite; between attempts PRAGMA data_version tells
 * whether anyone committed meanwhile. Only a holder that commits nothing for
 * STALL_MS makes the command give up: a queue of busy writers never does.
 */
export function waitFor<T>(db: Db, path: string, op: () => T): T {
  let version = dataVersion(db)
  let since = Date.now()
  for (;;) {
    try {
      return op()
    } catch (e) {
      if (!isBusy(e)) throw e
    }
    const v = dataVersion(db)
    if (v !== version) {
      version = v
      since = Date.now()
    } else if (Date.now() - since >= STALL_MS) {
      throw new StateError(`${path}: the host is locked by another xl process, which has committed nothing for ${STALL_MS / 1000} s; try again when it has finished`)
    }
    pause(5 + Math.random() * 20)
  }
}

/** PRAGMA data_version of the connection (prepared once per connection: every transaction asks). */
function dataVersion(db: Db): number | undefined {
  try {
    return statement(db, 'PRAGMA data_version').pluck().get() as number
  } catch (e) {
    if (isBusy(e)) return undefined
    throw e
  }
}

/**
 * Run `fn` in one transaction. BEGIN IMMEDIATE takes the write lock up
 * front, so two processes never both read, then both write (lost update);
 * DEFERRED reads a snapshot and takes the lock only at its first write.
 */
export function transaction<T>(db: Db, path: string, mode: 'immediate' | 'deferred' | 'exclusive', fn: () => T): T {
  if (db.inTransaction) return fn()
  waitFor(db, path, () => db.exec(`BEGIN ${mode}`))
  noteBegin(db)
  try {
    const result = fn()
    db.exec('COMMIT')
    return result
  } catch (e) {
    if (db.inTransaction) db.exec('ROLLBACK')
    throw e
  } finally {
    noteEnd(db)
  }
}

/** One write transaction (for tests and the bench). */
export function inTransaction<T>(db: Db, fn: () => T): T {
  return transaction(db, db.name, 'immediate', fn)
}

const loadedOf = new WeakMap<Host, Loaded>()

function parsed<T>(text: string, what: string): T {
  try {
    const v = JSON.parse(text) as T
    if (v === null || typeof v !== 'object') throw new Error(`not a JSON object: ${text.slice(0, 40)}`)
    return v
  } catch (e) {
    throw new DamagedRowError(`${what}: ${(e as Error).message}`)
  }
}

export function loadHost(db: Db): StoredHost | null {
  const row = statement(db, 'SELECT * FROM host WHERE id = 1').get() as HostRow | undefined
  if (!row) return null
  const host: Host = {
    config: parsed(row.config, 'host row, config'),
    now: row.now_ns,
    nextDomid: row.next_domid,
    // Domains are decoded when a command reaches them (see domain-table.ts).
    domains: new DomainTable(db),
    console: {text: ''},
    rng: row.rng,
    schedParams: parsed(row.sched_params, 'host row, sched_params'),
    sched: parsed(row.sched, 'host row, sched'),
  }
  for (const [k, v] of Object.entries({now_ns: row.now_ns, next_domid: row.next_domid, rng: row.rng, wall_ms: row.wall_ms})) {
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new DamagedRowError(`host row, ${k}: not a number (${String(v).slice(0, 40)})`)
  }
  const con = statement(db, 'SELECT text FROM console WHERE id = 1').get() as {text: string} | undefined
  if (con && typeof con.text !== 'string') throw new DamagedRowError('console row: text is not a string')
  host.console.text = con?.text ?? ''
  loadedOf.set(host, {domains: new Map(), console: host.console.text})
  // A trace recorded across commands (xl trace start) goes on recording this one.
  const trace = loadTraceState(db)
  if (trace) resumeTracing(host, trace)
  return {host, wallMs: row.wall_ms}
}

/** Every row that does not decode, as `what: why` lines (for `xl host check`). */
export function damagedRows(db: Db): string[] {
  const bad: string[] = []
  const tables = new Set((db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as {name: string}[]).map(r => r.name))
  for (const t of ['host', 'domains', 'console']) if (!tables.has(t)) bad.push(`table ${t}: missing`)
  if (bad.length) return bad
  try {
    loadHost(db)
  } catch (e) {
    bad.push((e as Error).message)
  }
  for (const r of db.prepare('SELECT domid, name, data FROM domains ORDER BY domid').iterate() as IterableIterator<{domid: number; name: string; data: string}>) {
    try {
      const d = decodeDomain(r.data)
      if (d.domid !== r.domid) throw new Error(`holds domain id ${d.domid}`)
    } catch (e) {
      bad.push(`domains row ${r.domid} (${String(r.name).slice(0, 64)}): ${(e as Error).message}`)
    }
  }
  return bad
}

/**
 * Write the host back: the host row, the console if it changed, and of the
 * domains only those this command reached whose row text changed.
 */
export function saveHost(db: Db, stored: StoredHost): void {
  const {host, wallMs} = stored
  // The scheduler keeps its live state in memory; its JSON is written now.
  saveScheduler(host)
  const recorder = recorderOf(host)
  if (recorder) {
    const windows = recorder.flush()
    saveTrace(db, recorder.state(), windows)
  }
  const before = loadedOf.get(host) ?? {domains: new Map<number, string>(), console: ''}
  statement(db, `INSERT INTO host (id, config, now_ns, next_domid, rng, sched_params, sched, wall_ms)
              VALUES (1, @config, @now, @next, @rng, @params, @sched, @wall)
              ON CONFLICT(id) DO UPDATE SET config = @config, now_ns = @now, next_domid = @next, rng = @rng,
                sched_params = @params, sched = @sched, wall_ms = @wall`)
    .run({
      config: JSON.stringify(host.config), now: host.now, next: host.nextDomid, rng: host.rng,
      params: JSON.stringify(host.schedParams), sched: JSON.stringify(host.sched), wall: wallMs,
    })
  const upsert = statement(db, `INSERT INTO domains (domid, name, data) VALUES (?, ?, ?)
                             ON CONFLICT(domid) DO UPDATE SET name = excluded.name, data = excluded.data`)
  const del = statement(db, 'DELETE FROM domains WHERE domid = ?')
  const table = host.domains instanceof DomainTable ? host.domains : null
  const loadedText = table ? table.loadedText : before.domains
  const candidates = table ? table.reached() : host.domains.entries()
  for (const [domid, d] of candidates) {
    const text = encodeDomain(d)
    if (loadedText.get(domid) !== text) upsert.run(domid, d.name, text)
    loadedText.set(domid, text)
  }
  if (table) {
    for (const domid of table.removed) del.run(domid)
    table.removed.clear()
  } else {
    for (const domid of [...loadedText.keys()]) {
      if (!host.domains.has(domid)) {
        del.run(domid)
        loadedText.delete(domid)
      }
    }
  }
  if (host.console.text !== before.console) {
    statement(db, `INSERT INTO console (id, text) VALUES (1, ?) ON CONFLICT(id) DO UPDATE SET text = excluded.text`)
      .run(host.console.text)
  }
  loadedOf.set(host, {domains: loadedText, console: host.console.text})
}

/**
 * Inside a read (deferred) transaction: write the host back only if that
 * costs no wait, i.e. the write lock is free and nobody committed since this
 * snapshot was taken; otherwise leave the file as it is. Returns whether it saved.
 */
export function saveIfFree(db: Db, stored: StoredHost): boolean {
  db.pragma('busy_timeout = 0')
  db.exec('SAVEPOINT save_if_free')
  try {
    saveHost(db, stored)
    db.exec('RELEASE save_if_free')
    return true
  } catch (e) {
    db.exec('ROLLBACK TO save_if_free')
    db.exec('RELEASE save_if_free')
    if (isBusy(e)) return false
    throw e
  } finally {
    db.pragma(`busy_timeout = ${ATTEMPT_MS}`)
  }
}

export function deleteHost(db: Db): void {
  db.exec('DELETE FROM host; DELETE FROM domains; DELETE FROM console;')
  dropTrace(db)
}

/** `host init --force` on a file that is not a state file: remove it (and any journal beside it). */
export function removeStateFile(path: string): void {
  dropConnection(path)
  for (const f of [`${path}-wal`, `${path}-shm`, `${path}-journal`, path]) rmSync(f, {force: true})
}
