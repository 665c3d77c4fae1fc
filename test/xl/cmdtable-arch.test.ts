// xl's table per build: tools/xl/xl_cmdtable.c (4.17) keeps save, migrate,
// restore, migrate-receive and remus inside #ifndef LIBXL_HAVE_NO_SUSPEND_RESUME
// (defined for __arm__/__aarch64__ in tools/include/libxl.h) and psr-* inside
// #if defined(__i386__) || defined(__x86_64__).
import {describe, expect, it} from 'vitest'
import {CMDTABLE, cmdtableFor, dependsOnBuild, loadTable} from '../../src/xl/cmdtable.js'
import {lookupCommand} from '../../src/xl/lookup.js'
import {formatCommandHelp, formatUsage} from '../../src/xl/help/help.js'

const COMPILED_OUT_ON_ARM = ['save', 'migrate', 'restore', 'migrate-receive', 'remus',
  'psr-hwinfo', 'psr-cmt-attach', 'psr-cmt-detach', 'psr-cmt-show', 'psr-cat-set', 'psr-cat-show', 'psr-mba-set', 'psr-mba-show']

describe('the command table as built per arch', () => {
  it('x86 has every entry; arm64 all but the suspend/resume and PSR ones, in the same order', () => {
    expect(cmdtableFor('x86_64')).toEqual(CMDTABLE)
    const arm = cmdtableFor('arm64').map(c => c.name)
    expect(arm).toEqual(CMDTABLE.map(c => c.name).filter(n => !COMPILED_OUT_ON_ARM.includes(n)))
    expect(CMDTABLE.length - arm.length).toBe(13)
  })

  it('a word reads the host only when it could reach a compiled-out entry', () => {
    for (const w of ['sa', 'save', 'mi', 'migrate-r', 'rem', 'p', 'ps', 'psr-c', 'psr-mba-show']) expect(dependsOnBuild(w), w).toBe(true)
    for (const w of ['list', 'li', 'create', 'pci-list', 'sched-credit2', 'rename']) expect(dependsOnBuild(w), w).toBe(false)
  })

  it('lookup: compiled-out names and their prefixes find nothing on arm64, the usual entry on x86', () => {
    const arm = () => cmdtableFor('arm64')
    for (const w of ['save', 'sav', 'migrate', 'mig', 'restore', 'migrate-receive', 'remus', 'rem', 'psr-hwinfo', 'psr']) {
      expect(lookupCommand(w, arm), w).toBeNull()
    }
    expect(lookupCommand('sav', () => cmdtableFor('x86_64'))?.name).toBe('save')
    expect(lookupCommand('rem', () => cmdtableFor('x86_64'))?.name).toBe('remus')
    // a prefix shared with commands every build has still resolves to them
    expect(lookupCommand('pa', arm)?.name).toBe('pause')
    expect(lookupCommand('re', arm)).toBeNull() // reboot, rename, ...: ambiguous as on x86
  })

  it('xl help lists the arm64 build; xl help save answers as for an unknown command (xl.c help())', async () => {
    const arm = await loadTable(cmdtableFor('arm64'))
    const usage = formatUsage(arm)
    for (const n of COMPILED_OUT_ON_ARM) expect(usage).not.toMatch(new RegExp(`^ ${n} `, 'm'))
    expect(usage).toMatch(/^ vncviewer +Attach to domain's VNC server.\n dump-core /m)
    expect(formatCommandHelp('save', arm)).toBe('command "save" not implemented\n')
  })
})
