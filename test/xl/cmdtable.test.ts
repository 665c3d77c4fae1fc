// The command table's lazily loaded entries: each names the command its file
// holds, in xl's table order, and loading the whole table gives every entry.
import {describe, expect, it} from 'vitest'
import {CMDTABLE, isImplemented, loadEntry, loadTable, type LazyCommand} from '../../src/xl/cmdtable.js'

describe('xl command table', () => {
  it('loads each lazy entry as the command of its name, in table order', async () => {
    const lazy = CMDTABLE.filter((e): e is LazyCommand => 'load' in e)
    expect(lazy.length).toBeGreaterThan(20)
    const table = await loadTable()
    expect(table.map(c => c.name)).toEqual(CMDTABLE.map(c => c.name))
    for (const e of lazy) {
      const c = await loadEntry(e)
      expect(c.name).toBe(e.name)
      expect(isImplemented(c)).toBe(true)
    }
  })

  it('refuses a lazy entry whose file holds another command', async () => {
    const wrong: LazyCommand = {name: 'lsit', load: () => import('../../src/xl/list.js')}
    await expect(loadEntry(wrong)).rejects.toThrow("lazy('lsit') loads the entry of 'list'")
  })
})
