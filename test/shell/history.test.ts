import {afterEach, describe, expect, it} from 'vitest'
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {addToHistory, appendHistory, HISTORY_CAP, historyPath, loadHistory} from '../../src/shell/history.js'

let dir: string | undefined
afterEach(() => {
  if (dir) rmSync(dir, {recursive: true, force: true})
  dir = undefined
})
function temp(): string {
  dir = mkdtempSync(join(tmpdir(), 'xlsim-hist-'))
  return join(dir, 'host.db.history')
}

describe('shell history', () => {
  it('lives next to the state file', () => {
    expect(historyPath('/var/lib/xlsim/host.db')).toBe('/var/lib/xlsim/host.db.history')
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

  it('persists in the file, capped, one command per line', () => {
    const p = temp()
    expect(loadHistory(p)).toEqual([])
    writeFileSync(p, Array.from({length: 1000}, (_, i) => `old ${i}\n`).join(''))
    const h = appendHistory(p, 'vm-assist g1')
    expect(h).toHaveLength(1000)
    const lines = readFileSync(p, 'utf8').split('\n')
    expect(lines).toHaveLength(1001)
    expect(lines[0]).toBe('old 1')
    expect(lines[999]).toBe('vm-assist g1')
    expect(loadHistory(p).at(-1)).toBe('vm-assist g1')
  })

  it('keeps what another shell added meanwhile', () => {
    const p = temp()
    appendHistory(p, 'list')
    writeFileSync(p, 'list\nfrom the other shell\n')
    expect(appendHistory(p, 'info')).toEqual(['list', 'from the other shell', 'info'])
  })

  it('reads a capped file when it grew too long', () => {
    const p = temp()
    writeFileSync(p, 'a\nb\nc\n')
    expect(loadHistory(p, 2)).toEqual(['b', 'c'])
  })
})
