// Failures of the state file itself, each one line for the user naming the
// path, what is wrong and advice that works; exit 1 (xl's EXIT_FAILURE).
import {accessSync, constants, statfsSync, statSync} from 'node:fs'
import {basename, dirname} from 'node:path'

export class StateError extends Error {
  readonly exitCode = 1
}

/** The file is not a usable xlsim state file (garbage, foreign, damaged rows): `host init --force` may replace it. */
export class DamagedStateError extends StateError {}

/** A row of an otherwise valid file does not decode (turned into a DamagedStateError naming the file). */
export class DamagedRowError extends Error {}

/** The path is a FIFO, a device, a directory, a /proc file: nothing to replace. */
export class NotAFileError extends StateError {}

/** The state file cannot be written (read-only file, directory or file system). */
export class ReadOnlyError extends StateError {}

/** The state file was unlinked or replaced while this process had it open. */
export class GoneError extends StateError {}

export const DAMAGED_ADVICE = '`xl host init --force` replaces it with a new host, or use another --state file'

/** Why `path` (an existing file) cannot be written, or null when it can. */
export function whyReadOnly(path: string): string | null {
  try {
    accessSync(path, constants.W_OK)
  } catch (e) {
    return errnoText(e as NodeJS.ErrnoException, path)
  }
  // SQLite's WAL needs <file>-wal and <file>-shm beside the file.
  const dir = dirname(path)
  try {
    accessSync(dir, constants.W_OK)
  } catch (e) {
    try {
      accessSync(`${path}-wal`, constants.W_OK)
      accessSync(`${path}-shm`, constants.W_OK)
      return null
    } catch {
      return `its directory ${dir} is not writable (${errnoText(e as NodeJS.ErrnoException, dir)}) and SQLite needs to create ${basename(path)}-wal there`
    }
  }
  return null
}

function errnoText(e: NodeJS.ErrnoException, path: string): string {
  switch (e.code) {
    case 'EACCES': case 'EPERM': return 'permission denied'
    case 'EROFS': return `read-only file system`
    case 'ENOSPC': return `no space left on the file system of ${dirname(path)}`
    default: return e.code ?? e.message
  }
}

/** The file system holding `path` has no block left for us. */
function diskFull(path: string): boolean {
  try {
    return statfsSync(dirname(path)).bavail === 0
  } catch {
    return false
  }
}

export function readOnlyError(path: string, why: string): ReadOnlyError {
  return new ReadOnlyError(`${path}: read-only state file (${why}); this command changes the host: make it writable or use another --state file`)
}

/** No space left for the state file (or its -wal and -shm). */
export class DiskFullError extends StateError {}

function fullError(path: string, cause: string): StateError {
  return new DiskFullError(`${path}: disk full (${cause}); the command changed nothing: free space on the file system of ${dirname(path)} and try again`)
}

export function isBusy(e: unknown): boolean {
  const code = (e as {code?: unknown}).code
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'))
}

/**
 * What an SQLite or file-system error on the state file means to the user.
 * Anything else (a bug) is returned as it is, for the internal-error path.
 */
export function stateFault(e: unknown, path: string): unknown {
  if (e instanceof StateError || !(e instanceof Error)) return e
  const code = (e as NodeJS.ErrnoException).code
  if (typeof code !== 'string') return e
  const cause = e.message
  if (code === 'SQLITE_FULL' || code === 'ENOSPC' || code === 'EDQUOT') return fullError(path, cause)
  if (code.startsWith('SQLITE_IOERR')) {
    if (diskFull(path)) return fullError(path, cause)
    return new StateError(`${path}: I/O error on the state file (${cause}, ${code}); nothing was changed: check the disk holding it`)
  }
  if (code.startsWith('SQLITE_READONLY') || code === 'EROFS' || code === 'EACCES' || code === 'EPERM') {
    return readOnlyError(path, whyReadOnly(path) ?? cause)
  }
  if (code === 'SQLITE_CANTOPEN') {
    const why = existingKind(path) === 'file' ? whyReadOnly(path) : null
    if (why) return readOnlyError(path, why)
    return new StateError(`${path}: cannot open the state file (${cause}); check that its directory exists and is writable, or use another --state file`)
  }
  if (code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB' || (code === 'SQLITE_ERROR' && /no such (table|column)|has no column/.test(cause))) {
    return new DamagedStateError(`${path}: damaged state file (${cause}); \`xl host check\` says what is damaged; ${DAMAGED_ADVICE}`)
  }
  if (isBusy(e)) return new StateError(`${path}: the host is locked by another xl process (${cause}); try again`)
  if (code === 'EISDIR') return new NotAFileError(`${path}: is a directory, not a state file; use a file path for --state`)
  if (code === 'ENOTDIR') return new NotAFileError(`${path}: a component of the path is not a directory; use another --state file`)
  return e
}

function existingKind(path: string): 'file' | 'missing' | 'other' {
  try {
    return statSync(path).isFile() ? 'file' : 'other'
  } catch {
    return 'missing'
  }
}
