// The one query every command makes before it runs: does the host record a
// migration in flight (src/xl/migrate-recovery.ts then loads and resolves it)?
import {afterEach, describe, expect, it} from 'vitest'
import Database from 'better-sqlite3'
import {existsSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {migrationsPending, peekHost, withHost} from '../../state/session.js'
import {records} from '../../src/libxl/migrate.js'

let dir: string
afterEach(() => dir && rmSync(dir, {recursive: true, force: true}))
function tmp(): string {
  dir = mkdtempSync(join(tmpdir(), 'xlsim-pending-'))
  return join(dir, 'host.db')
}

const opts = (state: string) => ({state, wallMs: 1_000})

describe('migrationsPending', () => {
  it('is false with no file, and creates none', () => {
    const state = tmp()
    expect(migrationsPending(opts(state))).toBe(false)
    expect(existsSync(state)).toBe(false)
  })

  it('follows the host config\'s list of migrations, as recovery reads it', () => {
    const state = tmp()
    withHost(opts(state), () => undefined)
    expect(migrationsPending(opts(state))).toBe(false)
    withHost(opts(state), h => void (h.config.migrations = ['m1']))
    expect(migrationsPending(opts(state))).toBe(true)
    // What recovery finds there: an id without its domain record (an orphan to drop).
    expect(peekHost(opts(state), h => records(h).orphans)).toEqual(['m1'])
    withHost(opts(state), h => void delete h.config.migrations)
    expect(migrationsPending(opts(state))).toBe(false)
  })

  it('sees a migration another connection (another xl process) records after this one opened the file', () => {
    const state = tmp()
    withHost(opts(state), () => undefined)
    expect(migrationsPending(opts(state))).toBe(false)
    const other = new Database(state)
    const {config} = other.prepare('SELECT config FROM host WHERE id = 1').get() as {config: string}
    other.prepare('UPDATE host SET config = ? WHERE id = 1').run(JSON.stringify({...JSON.parse(config), migrations: ['m2']}))
    other.close()
    expect(migrationsPending(opts(state))).toBe(true)
  })

  it('throws on a file that is not a state file (the command itself then says what is wrong)', () => {
    const state = tmp()
    writeFileSync(state, 'not sqlite at all, but long enough to have a header'.repeat(20))
    expect(() => migrationsPending(opts(state))).toThrow(/not an xlsim state file/)
  })
})
