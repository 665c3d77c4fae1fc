import {afterEach, describe, expect, it} from 'vitest'
import {existsSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import Database from 'better-sqlite3'
import {addToHistory, HISTORY_CAP, oldHistoryPath, ShellHistory} from '../../src/shell/history.js'
import {openState} from '../../state/store.js'

let dir: string | undefined
afterEach(() => {
  if (dir) rmSync(dir, {recursive: true, force: true})
  dir = undefined
})
function temp(): string {
  dir = mkdtempSync(join(tmpdir(), 'xlsim-hist-'))
  return join(dir, 'host.db')
}
const rows = (state: string) => (openState(state, {create: true}).prepare('SELECT line FROM history ORDER BY id').all() as {line: string}[]).map(r => r.line)

describe('shell history', () => {
  it('used to live next to the state file', () => {
    expect(oldHistoryPath('/var/lib/xlsim/host.db')).toBe('/var/lib/xlsim/host.db.history')
  })

  it('adds lines newest last, skipping blanks and an immediate repeat', () => {
    let h: string[] = []
    for (const l of ['list', 'list', '  ', 'info', 'list']) h = addToHistory(h, l)
    expect(h).toEqual(['list', 'info', 'list'])
  })

  it('keeps only the newest 1000 entries', () => {
    let h: string[] = []
    for (let i = 0; i < 1005; i++) h = addToHistory(h, `cmd ${i}`)
    expect(HISTORY_CAP).toBe(1000)
    expect(h).toHaveLength(1000)
    expect(h[0]).toBe('cmd 5')
    expect(h[999]).toBe('cmd 1004')
    expect(addToHistory(['a', 'b', 'c'], 'd', 2)).toEqual(['c', 'd'])
  })

  it('persists in the state file\'s history table, capped, repeats of the newest skipped', () => {
    const state = temp()
    const h = new ShellHistory(state, 3)
    expect(h.load()).toEqual([])
    for (const l of ['a', 'b', 'b', ' ', 'c', 'd']) h.add(l)
    expect(h.lines).toEqual(['b', 'c', 'd'])
    expect(rows(state)).toEqual(['b', 'c', 'd'])
    expect(new ShellHistory(state, 3).load()).toEqual(['b', 'c', 'd'])
  })

  it('keeps what another shell added meanwhile', () => {
    const state = temp()
    const one = new ShellHistory(state)
    const two = new ShellHistory(state)
    one.load()
    two.load()
    one.add('list')
    two.add('from the other shell')
    expect(one.add('info')).toEqual(['list', 'from the other shell', 'info'])
  })

  it('moves an old <state>.history file in once, before the table\'s own lines, and removes it', () => {
    const state = temp()
    new ShellHistory(state).add('newer')
    writeFileSync(oldHistoryPath(state), 'old 1\n\nold 2\n')
    expect(new ShellHistory(state).load()).toEqual(['old 1', 'old 2', 'newer'])
    expect(existsSync(oldHistoryPath(state))).toBe(false)
    expect(new ShellHistory(state).load()).toEqual(['old 1', 'old 2', 'newer'])
  })

  it('another process holding the write lock: the line is kept and written with the next one', () => {
    const state = temp()
    const h = new ShellHistory(state)
    h.load()
    const other = new Database(state)
    other.exec('BEGIN IMMEDIATE')
    expect(h.add('while locked')).toEqual(['while locked'])
    expect(rows(state)).toEqual([])
    other.exec('COMMIT')
    other.close()
    expect(h.add('after')).toEqual(['while locked', 'after'])
    expect(rows(state)).toEqual(['while locked', 'after'])
  })
})
