// Issue J's check: every command of Xen 4.17's xl table, as built for each
// arch, is implemented (has its main): none answers "not implemented by
// xlsim". x86's table has 92 commands (tools/xl/xl_cmdtable.c with
// suspend/resume and PSR); arm64's lacks save, migrate, restore,
// migrate-receive, remus and the eight psr-* (LIBXL_HAVE_NO_SUSPEND_RESUME,
// x86-only PSR): 79.
import {describe, expect, it} from 'vitest'
import {cmdtableFor, isImplemented, loadTable} from '../../src/xl/cmdtable.js'
import {ARCHES} from '../../src/hypervisor/types.js'

describe('the whole table is implemented', () => {
  it.each(ARCHES.map(a => [a]))('%s', async arch => {
    const table = await loadTable(cmdtableFor(arch))
    expect(table.length).toBe(arch === 'x86_64' ? 92 : 79)
    expect(table.filter(c => !isImplemented(c)).map(c => c.name)).toEqual([])
  })
})
