// One command's session with the host: open the state file, take the write
// lock (or, for commands that only look, a WAL snapshot), load (booting the
// default host on first use), catch up the wall clock, run the command's
// core work, save what changed, commit. Output is returned, not printed, so
// nothing is shown for a command that rolled back. Only state/ talks to SQLite.
import type Database from 'better-sqlite3'
import {openState, openReadOnly, loadHost, saveHost, saveIfFree, transaction, deleteHost, damagedRows, inspectPath,
  checkSameFile, removeStateFile, type StoredHost} from './store.js'
import {DAMAGED_ADVICE, DamagedRowError, DamagedStateError, DiskFullError, readOnlyError, stateFault, whyReadOnly} from './errors.js'
import {resolveStatePath} from './path.js'
import {statement} from './statements.js'
import {DEFAULT_HOST_CONFIG, type Host, type HostConfig} from '../src/hypervisor/host.js'
import {bootHost} from '../src/libxl/host-boot.js'
import {catchUpWallClock} from '../src/libxl/clock.js'
import {asToolstack} from '../src/libxl/toolstack.js'
import {XlError} from '../src/libxl/errors.js'
import type {TraceWindow} from '../src/hypervisor/trace/index.js'
import {dropTrace, storedWindows} from './trace.js'

export interface SessionOptions {
  /** --state flag value, if given. */
  state?: string
  /** Wall-clock reading to use (tests may pin it); defaults to Date.now() once the lock is held. */
  wallMs?: number
  /** xl -N: do everything, show it, keep nothing. */
  dryRun?: boolean
  /** A line for stderr (a notice, not a failure); defaults to process.stderr. */
  warn?: (line: string) => void
  /**
   * A real xl command: its work runs on a dom0 vCPU (src/libxl/toolstack.ts),
   * and on a wall clock the time the command itself took is simulated with
   * that vCPU running.
   */
  toolstack?: boolean
  /** Called with the loaded host before the wall clock's catch-up runs it (to trace the catch-up too). */
  beforeCatchUp?: (host: Host) => void
}

export type {Database}

const defaultWarn = (line: string) => void process.stderr.write(`${line}\n`)

/** Turn what SQLite or the file system threw into one line naming the file. */
function guarded<T>(path: string, run: () => T): T {
  try {
    return run()
  } catch (e) {
    if (e instanceof DamagedRowError) {
      throw new DamagedStateError(`${path}: damaged state file (${e.message}); \`xl host check\` lists the damaged rows; ${DAMAGED_ADVICE}`)
    }
    throw stateFault(e, path)
  }
}

/** The current wall clock, read once the lock is held (a reading taken before could be older than the stored one). */
function wallNow(opts: SessionOptions): number {
  return opts.wallMs ?? Date.now()
}

/**
 * Catch up the wall clock. The stored wall time never goes backwards, so
 * however many processes race, each real millisecond is simulated once.
 */
function caughtUp(stored: StoredHost, wallMs: number): StoredHost {
  if (stored.host.config.clock === 'wall') {
    catchUpWallClock(stored.host, stored.wallMs, wallMs)
    stored.wallMs = Math.max(stored.wallMs, wallMs)
  }
  return stored
}

/** Run a command's work on the loaded host, as the toolstack when it is xl's. */
function run<T>(opts: SessionOptions, stored: StoredHost, fn: (host: Host) => T): T {
  if (!opts.toolstack) return fn(stored.host)
  // A pinned wall clock (tests) has the command take no time.
  return asToolstack(stored.host, () => fn(stored.host), () => void caughtUp(stored, opts.wallMs ?? Date.now()))
}

/** Load the host (booting the default one on first use) and catch up the wall clock. */
function loadOrBoot(db: Database.Database, wallMs: number, before?: (host: Host) => void): StoredHost {
  const stored = loadHost(db)
  if (stored) before?.(stored.host)
  return stored ? caughtUp(stored, wallMs) : {host: bootHost({...DEFAULT_HOST_CONFIG}), wallMs}
}

/** A write transaction on the host's file, refused up front when the file cannot be written. */
function writing<T>(opts: SessionOptions, fn: (db: Database.Database, path: string) => T): T {
  const path = resolveStatePath(opts.state)
  return guarded(path, () => {
    if (inspectPath(path).exists) {
      const why = whyReadOnly(path)
      if (why) throw readOnlyError(path, why)
    }
    const db = openState(path, {create: true})
    return transaction(db, path, 'immediate', () => {
      const result = fn(db, path)
      checkSameFile(path)
      return result
    })
  })
}

/** Run `fn` against the host in one transaction; a throw leaves the file unchanged. */
export function withHost<T>(opts: SessionOptions, fn: (host: Host) => T): T {
  return writing(opts, db => {
    const stored = loadOrBoot(db, wallNow(opts), opts.beforeCatchUp)
    const result = run(opts, stored, fn)
    if (!opts.dryRun) saveHost(db, stored)
    return result
  })
}

/**
 * The same transaction for commands that work on stored rows as a whole
 * (snapshots): the host is brought up to date and saved first.
 */
export function withHostDb<T>(opts: SessionOptions, fn: (db: Database.Database, wallMs: number) => T): T {
  return writing(opts, db => {
    const wallMs = wallNow(opts)
    saveHost(db, loadOrBoot(db, wallMs))
    return fn(db, wallMs)
  })
}

/**
 * `xl trace stop`: in one transaction, hand `fn` the host (still traced,
 * caught up) and the trace records earlier commands kept; once fn returns
 * (it stops the recorder and writes the file) the kept records are
 * dropped. A throw keeps the trace going, as it was.
 */
export function finishTrace<T>(opts: SessionOptions, fn: (host: Host, stored: TraceWindow[]) => T): T {
  return writing(opts, db => {
    const stored = loadOrBoot(db, wallNow(opts))
    const result = fn(stored.host, storedWindows(db))
    dropTrace(db)
    saveHost(db, stored)
    return result
  })
}

const toldReadOnly = new Set<string>()

/**
 * For commands that only look (list, info, dmesg, ...). Reads a WAL
 * snapshot: never waits for a writer, never blocks one. On a wall clock the
 * host is shown caught up to now; that catch-up is saved only when it costs
 * no wait (the lock is free and nobody wrote since the snapshot), so later
 * commands need not simulate it again. A file this process cannot write is
 * read without creating anything beside it; a wall-clock host is then shown
 * as it was saved (time cannot be kept), with a notice saying so.
 */
export function readHost<T>(opts: SessionOptions, fn: (host: Host) => T): T {
  return reading(opts, (db, _path, store) => {
    const loaded = loadHost(db)
    if (!loaded) {
      const stored = {host: bootHost({...DEFAULT_HOST_CONFIG}), wallMs: wallNow(opts)}
      const result = run(opts, stored, fn)
      store?.(stored)
      return result
    }
    // A file that cannot be written is shown as it was saved: no time moves.
    if (!store) return fn(loaded.host)
    const before = loaded.wallMs
    const stored = caughtUp(loaded, wallNow(opts))
    const result = run(opts, stored, fn)
    if (stored.wallMs !== before) store(stored)
    return result
  })
}

/**
 * A look at a host as stored, with no side effect at all: nothing booted,
 * no wall-clock catch-up, nothing saved, no file created. Null when there
 * is no host there (no file, or a file without one). For the toolstack's
 * look at another host's records (a migration's peer) and at its own
 * before a command.
 */
export function peekHost<T>(opts: SessionOptions, fn: (host: Host) => T): T | null {
  const path = resolveStatePath(opts.state)
  if (!inspectPath(path).exists) return null
  return reading(opts, db => {
    const loaded = loadHost(db)
    return loaded ? fn(loaded.host) : null
  })
}

/**
 * Whether the host at `opts.state` records a migration in flight (the host
 * config's list, src/libxl/migrate.ts), from its row alone: nothing decoded,
 * booted, caught up or created. Every command asks before it runs, so a
 * host without one pays a single query.
 */
export function migrationsPending(opts: SessionOptions): boolean {
  const path = resolveStatePath(opts.state)
  if (!inspectPath(path).exists) return false
  const pending = (db: Database.Database) => transaction(db, path, 'deferred', () => {
    const row = statement(db, "SELECT json_array_length(config, '$.migrations') AS n FROM host WHERE id = 1").get() as {n: number | null} | undefined
    return (row?.n ?? 0) > 0
  })
  return guarded(path, () => {
    // A file this process cannot write: read as the command will, without its notice (the command gives it).
    if (whyReadOnly(path) === null) return pending(openState(path, {create: true}))
    const db = openReadOnly(path)
    try {
      return pending(db)
    } finally {
      db.close()
    }
  })
}

/**
 * For commands that only read stored rows as a whole (`host snapshot list`):
 * the same read transaction as readHost, so a read-only file works too.
 */
export function readHostDb<T>(opts: SessionOptions, fn: (db: Database.Database) => T): T {
  return reading(opts, db => fn(db))
}

/**
 * `xl host check`: the rows that do not decode, if any (naming each), else
 * what `invariants` finds in the host.
 */
export function checkHost(opts: SessionOptions, invariants: (host: Host) => string[]): string[] {
  return reading(opts, (db, _path, store) => {
    const bad = damagedRows(db)
    if (bad.length) return bad
    const loaded = loadHost(db)
    if (!loaded) return []
    return invariants(store ? caughtUp(loaded, wallNow(opts)).host : loaded.host)
  })
}

/**
 * A read transaction. `store` (absent for a read-only file) saves the host
 * if that is free; a read-only wall-clock host gets a notice once.
 */
function reading<T>(opts: SessionOptions, fn: (db: Database.Database, path: string, store?: (s: StoredHost) => void) => T): T {
  const path = resolveStatePath(opts.state)
  return guarded(path, () => {
    const at = inspectPath(path)
    const why = at.exists ? whyReadOnly(path) : null
    if (why) return readingOnly(opts, path, `read-only state file (${why})`, fn)
    try {
      const db = openState(path, {create: true})
      const store = opts.dryRun ? () => {} : (s: StoredHost) => {
        checkSameFile(path)
        saveIfFree(db, s)
      }
      return transaction(db, path, 'deferred', () => fn(db, path, store))
    } catch (e) {
      // A full disk cannot take the -shm file SQLite needs to share the file; the file itself still reads.
      if (!(at.exists && stateFault(e, path) instanceof DiskFullError)) throw e
      return readingOnly(opts, path, 'state file cannot be written (disk full)', fn)
    }
  })
}

function readingOnly<T>(opts: SessionOptions, path: string, said: string, fn: (db: Database.Database, path: string) => T): T {
  const db = openReadOnly(path)
  try {
    return transaction(db, path, 'deferred', () => {
      const row = db.prepare('SELECT config, wall_ms FROM host WHERE id = 1').get() as {config: string; wall_ms: number} | undefined
      if (row && !toldReadOnly.has(path) && /"clock":"wall"/.test(row.config)) {
        toldReadOnly.add(path)
        const ago = Math.max(0, Math.round((Date.now() - row.wall_ms) / 1000))
        ;(opts.warn ?? defaultWarn)(`xl: ${path}: ${said}: showing the host as saved ${ago} s ago; its wall clock cannot advance`)
      }
      return fn(db, path)
    })
  } finally {
    db.close()
  }
}

/**
 * `xl host init`: boot a new host, refusing to replace one unless forced.
 * Forced, it also replaces a file that is not a usable state file (garbage,
 * truncated, foreign, newer, damaged rows), after saying what it replaces.
 */
export function initHost(opts: SessionOptions, config: HostConfig, force: boolean): Host {
  const attempt = () => writing(opts, (db, path) => {
    if (!force && loadHost(db)) {
      throw new XlError(`${path}: a host already exists; use \`xl host init --force\` to replace it`)
    }
    deleteHost(db)
    const host = bootHost(config)
    saveHost(db, {host, wallMs: wallNow(opts)})
    return host
  })
  try {
    return attempt()
  } catch (e) {
    if (!force || !(e instanceof DamagedStateError)) throw e
    const path = resolveStatePath(opts.state)
    ;(opts.warn ?? defaultWarn)(`xl: host init: replacing ${e.message.split('; ')[0]}`)
    guarded(path, () => removeStateFile(path))
    return attempt()
  }
}

/**
 * The arch of the host in the state file, without booting or creating one:
 * xl's command table depends on it (real xl is built per arch), and `xl help`
 * must not make a host. No file, or one that cannot be read: the default
 * host's arch (the command itself then says what is wrong with the file).
 */
export function storedArch(opts: SessionOptions): HostConfig['arch'] {
  try {
    const path = resolveStatePath(opts.state)
    if (!inspectPath(path).exists) return DEFAULT_HOST_CONFIG.arch
    const config = reading({...opts, warn: () => {}}, db => (db.prepare('SELECT config FROM host WHERE id = 1').get() as {config: string} | undefined)?.config)
    return config === undefined ? DEFAULT_HOST_CONFIG.arch : (JSON.parse(config) as HostConfig).arch ?? DEFAULT_HOST_CONFIG.arch
  } catch {
    return DEFAULT_HOST_CONFIG.arch
  }
}

/** `xl host destroy`: forget the host (the next command boots a new default one). */
export function destroyHost(opts: SessionOptions): boolean {
  return writing(opts, db => {
    const had = db.prepare('SELECT 1 FROM host WHERE id = 1').get() !== undefined
    deleteHost(db)
    return had
  })
}
