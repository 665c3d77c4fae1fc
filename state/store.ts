// The host in one SQLite file. Every command is one IMMEDIATE transaction:
// load, run, save only what changed, commit; on any error, roll back so a
// failed command changes nothing.
import Database from 'better-sqlite3'
import {existsSync, mkdirSync, openSync, readSync, closeSync, statSync} from 'node:fs'
import {dirname} from 'node:path'
import {createRequire} from 'node:module'
import type {Host} from '../src/hypervisor/host.js'
import {saveScheduler} from '../src/hypervisor/sched/index.js'
import {encodeDomain} from './codec.js'
import {DomainTable} from './domain-table.js'
import {APPLICATION_ID, MIGRATIONS, SCHEMA_VERSION} from './schema.js'
import {StateError} from './errors.js'

export const BUSY_TIMEOUT_MS = 5000
const SQLITE_MAGIC = 'SQLite format 3\0'

type Db = Database.Database

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

const recovery = 'run `xl host init --force` to start a new host there, or use another --state file'

/** Refuse files that are not SQLite before SQLite touches them. */
function checkHeader(path: string): void {
  const size = statSync(path).size
  if (size === 0) return
  const fd = openSync(path, 'r')
  const buf = Buffer.alloc(16)
  try {
    readSync(fd, buf, 0, 16, 0)
  } finally {
    closeSync(fd)
  }
  if (size < 100 || buf.toString('latin1') !== SQLITE_MAGIC) {
    throw new StateError(`${path}: not an xlsim state file (not an SQLite database); ${recovery}`)
  }
}

/**
 * One connection per state file per process, never closed by the session:
 * closing the last connection checkpoints the WAL with an fsync (about
 * 10 ms on a slow disk, more than the whole command), while leaving it open
 * lets SQLite checkpoint every 1000 pages instead. Commits stay atomic (WAL);
 * a killed process loses nothing that committed.
 */
const connections = new Map<string, Db>()

export function openState(path: string, opts: {create: boolean}): Db {
  const cached = connections.get(path)
  if (cached?.open) return cached
  const db = openFresh(path, opts)
  connections.set(path, db)
  return db
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

function openFresh(path: string, opts: {create: boolean}): Db {
  const exists = existsSync(path)
  if (!exists && !opts.create) throw new StateError(`${path}: no host state file`)
  if (exists) checkHeader(path)
  else mkdirSync(dirname(path), {recursive: true})
  let db: Db
  try {
    db = new Database(path, {timeout: BUSY_TIMEOUT_MS, nativeBinding: nativeBinding()})
  } catch (e) {
    throw new StateError(`${path}: cannot open state file: ${(e as Error).message}`)
  }
  try {
    prepare(db, path)
  } catch (e) {
    db.close()
    if (e instanceof StateError) throw e
    throw new StateError(`${path}: damaged state file (${(e as Error).message}); ${recovery}`)
  }
  return db
}

function prepare(db: Db, path: string): void {
  // Identify the file before anything writes to it (even journal_mode does).
  const appId = db.pragma('application_id', {simple: true}) as number
  const version = db.pragma('user_version', {simple: true}) as number
  if (appId === 0 && version === 0) {
    const tables = db.prepare("SELECT count(*) AS n FROM sqlite_master").get() as {n: number}
    if (tables.n > 0) throw new StateError(`${path}: an SQLite file that is not an xlsim state file; ${recovery}`)
  } else if (appId !== APPLICATION_ID) {
    throw new StateError(`${path}: an SQLite file that is not an xlsim state file; ${recovery}`)
  }
  if (version > SCHEMA_VERSION) {
    throw new StateError(`${path}: state file schema version ${version} is newer than this xl understands (${SCHEMA_VERSION}); upgrade xlsim or ${recovery}`)
  }
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = NORMAL')
  if (version < SCHEMA_VERSION) migrate(db, version)
}

function migrate(db: Db, from: number): void {
  db.transaction(() => {
    for (let v = from; v < SCHEMA_VERSION; v++) db.exec(MIGRATIONS[v])
    db.pragma(`application_id = ${APPLICATION_ID}`)
    db.pragma(`user_version = ${SCHEMA_VERSION}`)
  }).immediate()
}

const loadedOf = new WeakMap<Host, Loaded>()

export function loadHost(db: Db): StoredHost | null {
  const row = db.prepare('SELECT * FROM host WHERE id = 1').get() as HostRow | undefined
  if (!row) return null
  const host: Host = {
    config: JSON.parse(row.config),
    now: row.now_ns,
    nextDomid: row.next_domid,
    // Domains are decoded when a command reaches them (see domain-table.ts).
    domains: new DomainTable(db),
    console: {text: ''},
    rng: row.rng,
    schedParams: JSON.parse(row.sched_params),
    sched: JSON.parse(row.sched),
  }
  const con = db.prepare('SELECT text FROM console WHERE id = 1').get() as {text: string} | undefined
  host.console.text = con?.text ?? ''
  loadedOf.set(host, {domains: new Map(), console: host.console.text})
  return {host, wallMs: row.wall_ms}
}

/**
 * Write the host back: the host row, the console if it changed, and of the
 * domains only those this command reached whose row text changed.
 */
export function saveHost(db: Db, stored: StoredHost): void {
  const {host, wallMs} = stored
  // The scheduler keeps its live state in memory; its JSON is written now.
  saveScheduler(host)
  const before = loadedOf.get(host) ?? {domains: new Map<number, string>(), console: ''}
  db.prepare(`INSERT INTO host (id, config, now_ns, next_domid, rng, sched_params, sched, wall_ms)
              VALUES (1, @config, @now, @next, @rng, @params, @sched, @wall)
              ON CONFLICT(id) DO UPDATE SET config = @config, now_ns = @now, next_domid = @next, rng = @rng,
                sched_params = @params, sched = @sched, wall_ms = @wall`)
    .run({
      config: JSON.stringify(host.config), now: host.now, next: host.nextDomid, rng: host.rng,
      params: JSON.stringify(host.schedParams), sched: JSON.stringify(host.sched), wall: wallMs,
    })
  const upsert = db.prepare(`INSERT INTO domains (domid, name, data) VALUES (?, ?, ?)
                             ON CONFLICT(domid) DO UPDATE SET name = excluded.name, data = excluded.data`)
  const del = db.prepare('DELETE FROM domains WHERE domid = ?')
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
    db.prepare(`INSERT INTO console (id, text) VALUES (1, ?) ON CONFLICT(id) DO UPDATE SET text = excluded.text`)
      .run(host.console.text)
  }
  loadedOf.set(host, {domains: loadedText, console: host.console.text})
}

export function deleteHost(db: Db): void {
  db.exec('DELETE FROM host; DELETE FROM domains; DELETE FROM console;')
}

/**
 * Run `fn` in one write transaction. BEGIN IMMEDIATE takes the write lock up
 * front, so two processes never both read, then both write (lost update).
 */
export function inTransaction<T>(db: Db, fn: () => T): T {
  return db.transaction(fn).immediate()
}
