// xl's command table (tools/xl/xl_cmdtable.c of Xen 4.17, every entry of
// the x86 build, XEN_SCRIPT_DIR=/etc/xen/scripts as on Debian; cmdtableFor()
// leaves out what an arm64 build compiles out), in table order: the commands xlsim implements come from their own files
// (src/xl/<name>.ts: entry and main), the others keep their entry here and
// answer "command not implemented by xlsim".
//
// A command's file is loaded only when it runs (or when help needs its
// entry): `lazy('name', () => import('./name.js'))` stands at the entry's
// place, so starting xl costs the same however many commands there are. A
// command file imported and listed here directly (the older form) works too.
import type {CommandSpec, XlCommand} from './command.js'
import type {Arch} from '../hypervisor/types.js'
import {libxlArch, type LibxlFeature} from '../libxl/arch.js'

/** A command in its own file, loaded on demand; `name` must be its entry's name (a test checks). */
export interface LazyCommand {
  name: string
  load(): Promise<{default: XlCommand}>
}

export type TableEntry = CommandSpec | XlCommand | LazyCommand

function lazy(name: string, load: () => Promise<{default: XlCommand}>): LazyCommand {
  return {name, load}
}

export const CMDTABLE: readonly TableEntry[] = [
  lazy('create', () => import('./create.js')),
  lazy('config-update', () => import('./config-update.js')),
  lazy('list', () => import('./list.js')),
  lazy('destroy', () => import('./destroy.js')),
  lazy('shutdown', () => import('./shutdown.js')),
  lazy('reboot', () => import('./reboot.js')),
  lazy('pci-attach', () => import('./pci-attach.js')),
  lazy('pci-detach', () => import('./pci-detach.js')),
  lazy('pci-list', () => import('./pci-list.js')),
  lazy('pci-assignable-add', () => import('./pci-assignable-add.js')),
  lazy('pci-assignable-remove', () => import('./pci-assignable-remove.js')),
  lazy('pci-assignable-list', () => import('./pci-assignable-list.js')),
  lazy('pause', () => import('./pause.js')),
  lazy('unpause', () => import('./unpause.js')),
  lazy('console', () => import('./console.js')),
  lazy('vncviewer', () => import('./vncviewer.js')),
  lazy('save', () => import('./save.js')),
  lazy('migrate', () => import('./migrate.js')),
  lazy('restore', () => import('./restore.js')),
  lazy('migrate-receive', () => import('./migrate-receive.js')),
  lazy('dump-core', () => import('./dump-core.js')),
  lazy('cd-insert', () => import('./cd-insert.js')),
  lazy('cd-eject', () => import('./cd-eject.js')),
  lazy('mem-max', () => import('./mem-max.js')),
  lazy('mem-set', () => import('./mem-set.js')),
  lazy('button-press', () => import('./button-press.js')),
  lazy('vcpu-list', () => import('./vcpu-list.js')),
  lazy('vcpu-pin', () => import('./vcpu-pin.js')),
  lazy('vcpu-set', () => import('./vcpu-set.js')),
  lazy('vm-list', () => import('./vm-list.js')),
  lazy('info', () => import('./info.js')),
  lazy('sharing', () => import('./sharing.js')),
  lazy('sched-credit', () => import('./sched-credit.js')),
  lazy('sched-credit2', () => import('./sched-credit2.js')),
  lazy('sched-rtds', () => import('./sched-rtds.js')),
  lazy('domid', () => import('./domid.js')),
  lazy('domname', () => import('./domname.js')),
  lazy('rename', () => import('./rename.js')),
  lazy('trigger', () => import('./trigger.js')),
  lazy('sysrq', () => import('./sysrq.js')),
  lazy('debug-keys', () => import('./debug-keys.js')),
  lazy('set-parameters', () => import('./set-parameters.js')),
  lazy('dmesg', () => import('./dmesg.js')),
  lazy('top', () => import('./top.js')),
  lazy('network-attach', () => import('./network-attach.js')),
  lazy('network-list', () => import('./network-list.js')),
  lazy('network-detach', () => import('./network-detach.js')),
  lazy('channel-list', () => import('./channel-list.js')),
  lazy('block-attach', () => import('./block-attach.js')),
  lazy('block-list', () => import('./block-list.js')),
  lazy('block-detach', () => import('./block-detach.js')),
  lazy('vtpm-attach', () => import('./vtpm-attach.js')),
  lazy('vtpm-list', () => import('./vtpm-list.js')),
  lazy('vtpm-detach', () => import('./vtpm-detach.js')),
  lazy('vkb-attach', () => import('./vkb-attach.js')),
  lazy('vkb-list', () => import('./vkb-list.js')),
  lazy('vkb-detach', () => import('./vkb-detach.js')),
  lazy('vdispl-attach', () => import('./vdispl-attach.js')),
  lazy('vdispl-list', () => import('./vdispl-list.js')),
  lazy('vdispl-detach', () => import('./vdispl-detach.js')),
  lazy('vsnd-attach', () => import('./vsnd-attach.js')),
  lazy('vsnd-list', () => import('./vsnd-list.js')),
  lazy('vsnd-detach', () => import('./vsnd-detach.js')),
  lazy('uptime', () => import('./uptime.js')),
  lazy('claims', () => import('./claims.js')),
  lazy('cpupool-create', () => import('./cpupool-create.js')),
  lazy('cpupool-list', () => import('./cpupool-list.js')),
  lazy('cpupool-destroy', () => import('./cpupool-destroy.js')),
  lazy('cpupool-rename', () => import('./cpupool-rename.js')),
  lazy('cpupool-cpu-add', () => import('./cpupool-cpu-add.js')),
  lazy('cpupool-cpu-remove', () => import('./cpupool-cpu-remove.js')),
  lazy('cpupool-migrate', () => import('./cpupool-migrate.js')),
  lazy('cpupool-numa-split', () => import('./cpupool-numa-split.js')),
  lazy('getenforce', () => import('./getenforce.js')),
  lazy('setenforce', () => import('./setenforce.js')),
  lazy('loadpolicy', () => import('./loadpolicy.js')),
  lazy('remus', () => import('./remus.js')),
  lazy('devd', () => import('./devd.js')),
  lazy('psr-hwinfo', () => import('./psr-hwinfo.js')),
  lazy('psr-cmt-attach', () => import('./psr-cmt-attach.js')),
  lazy('psr-cmt-detach', () => import('./psr-cmt-detach.js')),
  lazy('psr-cmt-show', () => import('./psr-cmt-show.js')),
  lazy('psr-cat-set', () => import('./psr-cat-set.js')),
  lazy('psr-cat-show', () => import('./psr-cat-show.js')),
  lazy('psr-mba-set', () => import('./psr-mba-set.js')),
  lazy('psr-mba-show', () => import('./psr-mba-show.js')),
  lazy('usbctrl-attach', () => import('./usbctrl-attach.js')),
  lazy('usbctrl-detach', () => import('./usbctrl-detach.js')),
  lazy('usbdev-attach', () => import('./usbdev-attach.js')),
  lazy('usbdev-detach', () => import('./usbdev-detach.js')),
  lazy('usb-list', () => import('./usb-list.js')),
  lazy('qemu-monitor-command', () => import('./qemu-monitor-command.js')),
]

/**
 * The entries xl_cmdtable.c (4.17) puts inside an #ifdef, and what they need:
 * `#ifndef LIBXL_HAVE_NO_SUSPEND_RESUME` around save, migrate, restore,
 * migrate-receive (lines 154-195) and remus (516-540); `#if defined(__i386__)
 * || defined(__x86_64__)` around the psr-* commands (548-602). Kept apart
 * from the entries so that an entry can move to its own file unchanged.
 */
const BUILT_WITH: Readonly<Record<string, LibxlFeature>> = {
  save: 'suspendResume', migrate: 'suspendResume', restore: 'suspendResume', 'migrate-receive': 'suspendResume',
  remus: 'suspendResume',
  'psr-hwinfo': 'psr', 'psr-cmt-attach': 'psr', 'psr-cmt-detach': 'psr', 'psr-cmt-show': 'psr',
  'psr-cat-set': 'psr', 'psr-cat-show': 'psr', 'psr-mba-set': 'psr', 'psr-mba-show': 'psr',
}

/** Whether a command word could name (or prefix) an entry that only some builds have. */
export function dependsOnBuild(word: string): boolean {
  return Object.keys(BUILT_WITH).some(name => name.startsWith(word))
}

/** xl's table as built for this arch: the entries whose #ifdef holds, in table order. */
export function cmdtableFor(arch: Arch): readonly TableEntry[] {
  const {features} = libxlArch(arch)
  return CMDTABLE.filter(c => {
    const needs = BUILT_WITH[c.name]
    return needs === undefined || features[needs]
  })
}

/** The entry's main, when xlsim implements the command. */
export function isImplemented(c: CommandSpec): c is XlCommand {
  return 'main' in c
}

function isLazy(e: TableEntry): e is LazyCommand {
  return 'load' in e
}

const loading = new Map<LazyCommand, Promise<XlCommand>>()
const loaded = new Map<LazyCommand, XlCommand>()

/** An entry with everything xl's table holds for it (a lazy command's file is loaded). */
export function loadEntry(e: TableEntry): Promise<CommandSpec> {
  if (!isLazy(e)) return Promise.resolve(e)
  let p = loading.get(e)
  if (!p) {
    p = e.load().then(m => {
      if (m.default.name !== e.name) throw new Error(`xl command table: lazy('${e.name}') loads the entry of '${m.default.name}'`)
      loaded.set(e, m.default)
      return m.default
    })
    loading.set(e, p)
  }
  return p
}

/** Every entry of `table` (by default the whole table) loaded: xl help, the shell's completion. */
export function loadTable(table: readonly TableEntry[] = CMDTABLE): Promise<CommandSpec[]> {
  return Promise.all(table.map(loadEntry))
}

/** An entry already loaded (by loadEntry or loadTable): what the synchronous help and completion code reads. */
export function loadedEntry(e: TableEntry): CommandSpec {
  if (!isLazy(e)) return e
  const c = loaded.get(e)
  if (!c) throw new Error(`xl command table: '${e.name}' used before it was loaded`)
  return c
}

/** The whole table, loaded by loadTable() before. */
export function commands(): CommandSpec[] {
  return CMDTABLE.map(loadedEntry)
}

/**
 * cmdtable_lookup (xl_cmdtable.c): a command name may be abbreviated by a
 * prefix. An exact match wins at once (even if it also prefixes a later
 * command); otherwise the prefix must match exactly one command, else null.
 * "help" is not in the table: only the exact word is handled by main().
 */
export function findCommand<T extends {name: string}>(prefix: string, table: readonly T[]): T | null {
  let found: T | null = null
  let count = 0
  for (const c of table) {
    if (!c.name.startsWith(prefix)) continue
    if (prefix.length === c.name.length) return c
    found = c
    count++
  }
  return count === 1 ? found : null
}
