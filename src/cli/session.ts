// One command's session with the host: open the state file, take the write
// lock, load (booting the default host on first use), catch up the wall
// clock, run the command's core work, save what changed, commit. Output is
// returned, not printed, so nothing is shown for a command that rolled back.
import type Database from 'better-sqlite3'
import {openState, loadHost, saveHost, inTransaction, deleteHost, type StoredHost, BUSY_TIMEOUT_MS} from '../../state/store.js'
import {StateError} from '../../state/errors.js'
import {resolveStatePath} from '../../state/path.js'
import {DEFAULT_HOST_CONFIG, type Host, type HostConfig} from '../hypervisor/host.js'
import {bootHost} from '../libxl/host-boot.js'
import {catchUpWallClock} from '../libxl/clock.js'
import {XlError} from '../libxl/errors.js'

export interface SessionOptions {
  /** --state flag value, if given. */
  state?: string
  /** Wall-clock reading to use (tests may pin it); defaults to Date.now(). */
  wallMs?: number
  /** xl -N: do everything, show it, keep nothing. */
  dryRun?: boolean
}

function withDb<T>(opts: SessionOptions, create: boolean, fn: (db: Database.Database, path: string) => T): T {
  const path = resolveStatePath(opts.state)
  const db = openState(path, {create})
  try {
    return fn(db, path)
  } catch (e) {
    if (isBusy(e)) {
      throw new StateError(`${path}: the host is locked by another xl process (waited ${BUSY_TIMEOUT_MS / 1000} s); try again`)
    }
    throw e
  }
}

function isBusy(e: unknown): boolean {
  const code = (e as {code?: string}).code
  return code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED'
}

/** Load the host (booting the default one on first use) and catch up the wall clock. */
function loadOrBoot(db: Database.Database, wallMs: number): StoredHost {
  let stored: StoredHost | null = loadHost(db)
  if (!stored) stored = {host: bootHost({...DEFAULT_HOST_CONFIG}), wallMs}
  else catchUpWallClock(stored.host, stored.wallMs, wallMs)
  // A manual clock ignores real time, so there is nothing to record.
  if (stored.host.config.clock === 'wall') stored.wallMs = wallMs
  return stored
}

/** Run `fn` against the host in one transaction; a throw leaves the file unchanged. */
export function withHost<T>(opts: SessionOptions, fn: (host: Host) => T): T {
  const wallMs = opts.wallMs ?? Date.now()
  return withDb(opts, true, db => inTransaction(db, () => {
    const stored = loadOrBoot(db, wallMs)
    const result = fn(stored.host)
    if (!opts.dryRun) saveHost(db, stored)
    return result
  }))
}

/**
 * The same transaction for commands that work on stored rows as a whole
 * (snapshots): the host is brought up to date and saved first.
 */
export function withHostDb<T>(opts: SessionOptions, fn: (db: Database.Database, wallMs: number) => T): T {
  const wallMs = opts.wallMs ?? Date.now()
  return withDb(opts, true, db => inTransaction(db, () => {
    saveHost(db, loadOrBoot(db, wallMs))
    return fn(db, wallMs)
  }))
}

/** `xl host init`: boot a new host, refusing to replace one unless forced. */
export function initHost(opts: SessionOptions, config: HostConfig, force: boolean): Host {
  const wallMs = opts.wallMs ?? Date.now()
  return withDb(opts, true, (db, path) => inTransaction(db, () => {
    if (loadHost(db) && !force) {
      throw new XlError(`${path}: a host already exists; use \`xl host init --force\` to replace it`)
    }
    deleteHost(db)
    const host = bootHost(config)
    saveHost(db, {host, wallMs})
    return host
  }))
}

/** `xl host destroy`: forget the host (the next command boots a new default one). */
export function destroyHost(opts: SessionOptions): boolean {
  return withDb(opts, true, db => inTransaction(db, () => {
    const had = loadHost(db) !== null
    deleteHost(db)
    return had
  }))
}
