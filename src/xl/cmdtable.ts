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
  {
    name: 'pci-attach',
    canDryrun: false,
    modifies: true,
    summary: 'Insert a new pass-through pci device',
    usage: '<Domain> <PCI_SPEC_STRING>',
    options: null,
    getopt: {short: 'h', long: [{name: 'help', hasArg: false, val: 'h'}], helpName: 'pci-attach', requiredArgs: 2},
  },
  {
    name: 'pci-detach',
    canDryrun: false,
    modifies: true,
    summary: 'Remove a domain\'s pass-through pci device',
    usage: '<Domain> <PCI_SPEC_STRING>',
    options: null,
    getopt: {short: 'hf', long: [{name: 'help', hasArg: false, val: 'h'}], helpName: 'pci-detach', requiredArgs: 2},
  },
  {
    name: 'pci-list',
    canDryrun: false,
    modifies: false,
    summary: 'List pass-through pci devices for a domain',
    usage: '<Domain>',
    options: null,
    getopt: {short: 'h', long: [{name: 'help', hasArg: false, val: 'h'}], helpName: 'pci-list', requiredArgs: 1},
  },
  {
    name: 'pci-assignable-add',
    canDryrun: false,
    modifies: true,
    summary: 'Make a device assignable for pci-passthru',
    usage: '[options] <BDF>',
    options: '-n NAME, --name=NAME    Name the assignable device.\n-h                      Print this help.\n',
    getopt: {short: 'hn:', long: [{name: 'help', hasArg: false, val: 'h'}, {name: 'name', hasArg: true, val: 'n'}], helpName: 'pci-assignable-add', requiredArgs: 1},
  },
  {
    name: 'pci-assignable-remove',
    canDryrun: false,
    modifies: true,
    summary: 'Remove a device from being assignable',
    usage: '[options] <BDF>|NAME',
    options: '-h                      Print this help.\n-r                      Attempt to re-assign the device to the\n                        original driver.',
    getopt: {short: 'hr', long: [{name: 'help', hasArg: false, val: 'h'}], helpName: 'pci-assignable-remove', requiredArgs: 1},
  },
  {
    name: 'pci-assignable-list',
    canDryrun: false,
    modifies: false,
    summary: 'List all the assignable pci devices',
    usage: '[options]',
    options: '-h                      Print this help.\n-n, --show-names        Display assignable device names where\n                        supplied.\n',
    getopt: {short: 'hn', long: [{name: 'help', hasArg: false, val: 'h'}, {name: 'show-names', hasArg: false, val: 'n'}], helpName: 'pci-assignable-list', requiredArgs: 0},
  },
  lazy('pause', () => import('./pause.js')),
  lazy('unpause', () => import('./unpause.js')),
  lazy('console', () => import('./console.js')),
  lazy('vncviewer', () => import('./vncviewer.js')),
  {
    name: 'save',
    canDryrun: false,
    modifies: true,
    summary: 'Save a domain state to restore later',
    usage: '[options] <Domain> <CheckpointFile> [<ConfigFile>]',
    options: '-h  Print this help.\n-c  Leave domain running after creating the snapshot.\n-p  Leave domain paused after creating the snapshot.\n-D  Store the domain id in the configuration.',
    getopt: {short: 'hcpD', long: [{name: 'help', hasArg: false, val: 'h'}], helpName: 'save', requiredArgs: 2},
  },
  {
    name: 'migrate',
    canDryrun: false,
    modifies: true,
    summary: 'Migrate a domain to another host',
    usage: '[options] <Domain> <host>',
    options: '-h              Print this help.\n-C <config>     Send <config> instead of config file from creation.\n-s <sshcommand> Use <sshcommand> instead of ssh.  String will be passed\n                to sh. If empty, run <host> instead of ssh <host> xl\n                migrate-receive [-d -e]\n-e              Do not wait in the background (on <host>) for the death\n                of the domain.\n--debug         Print huge (!) amount of debug during the migration process.\n-p              Do not unpause domain after migrating it.\n-D              Preserve the domain id',
    getopt: {short: 'hFC:s:epD', long: [{name: 'help', hasArg: false, val: 'h'}, {name: 'debug', hasArg: false, val: null}, {name: 'live', hasArg: false, val: null}], helpName: 'migrate', requiredArgs: 2},
  },
  {
    name: 'restore',
    canDryrun: false,
    modifies: true,
    summary: 'Restore a domain from a saved state',
    usage: '[options] [<ConfigFile>] <CheckpointFile>',
    options: '-h                       Print this help.\n-p                       Do not unpause domain after restoring it.\n-e                       Do not wait in the background for the death of the domain.\n-d                       Enable debug messages.\n-V, --vncviewer          Connect to the VNC display after the domain is created.\n-A, --vncviewer-autopass Pass VNC password to viewer via stdin.',
    getopt: {short: 'hFcpdeVA', long: [{name: 'help', hasArg: false, val: 'h'}, {name: 'vncviewer', hasArg: false, val: 'V'}, {name: 'vncviewer-autopass', hasArg: false, val: 'A'}], helpName: 'restore', requiredArgs: 1},
  },
  {
    name: 'migrate-receive',
    canDryrun: false,
    modifies: true,
    summary: 'Restore a domain from a saved state',
    usage: '- for internal use only',
    options: null,
    getopt: {short: 'hFedrp', long: [{name: 'help', hasArg: false, val: 'h'}, {name: 'colo', hasArg: false, val: null}, {name: 'coloft-script', hasArg: true, val: null}, {name: 'userspace-colo-proxy', hasArg: false, val: null}], helpName: 'migrate-receive', requiredArgs: 0},
  },
  lazy('dump-core', () => import('./dump-core.js')),
  {
    name: 'cd-insert',
    canDryrun: true,
    modifies: true,
    summary: 'Insert a cdrom into a guest\'s cd drive',
    usage: '<Domain> <VirtualDevice> <path>',
    options: null,
    getopt: {short: 'h', long: [{name: 'help', hasArg: false, val: 'h'}], helpName: 'cd-insert', requiredArgs: 3},
  },
  {
    name: 'cd-eject',
    canDryrun: true,
    modifies: true,
    summary: 'Eject a cdrom from a guest\'s cd drive',
    usage: '<Domain> <VirtualDevice>',
    options: null,
    getopt: {short: 'h', long: [{name: 'help', hasArg: false, val: 'h'}], helpName: 'cd-eject', requiredArgs: 2},
  },
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
  {
    name: 'network-attach',
    canDryrun: true,
    modifies: true,
    summary: 'Create a new virtual network device',
    usage: '<Domain> [type=<type>] [mac=<mac>] [bridge=<bridge>] [ip=<ip>] [script=<script>] [backend=<BackDomain>] [vifname=<name>] [rate=<rate>] [model=<model>] [accel=<accel>] [mtu=<mtu>]',
    options: null,
    getopt: {short: 'h', long: [{name: 'help', hasArg: false, val: 'h'}], helpName: 'network-attach', requiredArgs: 1},
  },
  {
    name: 'network-list',
    canDryrun: false,
    modifies: false,
    summary: 'List virtual network interfaces for a domain',
    usage: '<Domain(s)>',
    options: null,
    getopt: {short: 'h', long: [{name: 'help', hasArg: false, val: 'h'}], helpName: 'network-list', requiredArgs: 1},
  },
  {
    name: 'network-detach',
    canDryrun: false,
    modifies: true,
    summary: 'Destroy a domain\'s virtual network device',
    usage: '<Domain> <DevId|mac>',
    options: null,
    getopt: {short: 'h', long: [{name: 'help', hasArg: false, val: 'h'}], helpName: 'network-detach', requiredArgs: 2},
  },
  {
    name: 'channel-list',
    canDryrun: false,
    modifies: false,
    summary: 'List virtual channel devices for a domain',
    usage: '<Domain(s)>',
    options: null,
    getopt: {short: 'h', long: [{name: 'help', hasArg: false, val: 'h'}], helpName: 'channel-list', requiredArgs: 1},
  },
  {
    name: 'block-attach',
    canDryrun: true,
    modifies: true,
    summary: 'Create a new virtual block device',
    usage: '<Domain> <disk-spec-component(s)>...',
    options: null,
    getopt: {short: 'h', long: [{name: 'help', hasArg: false, val: 'h'}], helpName: 'block-attach', requiredArgs: 2},
  },
  {
    name: 'block-list',
    canDryrun: false,
    modifies: false,
    summary: 'List virtual block devices for a domain',
    usage: '<Domain(s)>',
    options: null,
    getopt: {short: 'h', long: [{name: 'help', hasArg: false, val: 'h'}], helpName: 'block-list', requiredArgs: 1},
  },
  {
    name: 'block-detach',
    canDryrun: false,
    modifies: true,
    summary: 'Destroy a domain\'s virtual block device',
    usage: '[option] <Domain> <DevId>',
    options: '-f, --force        do not wait for the domain to release the device',
    getopt: {short: 'hf', long: [{name: 'help', hasArg: false, val: 'h'}, {name: 'force', hasArg: false, val: 'f'}], helpName: 'block-detach', requiredArgs: 2},
  },
  {
    name: 'vtpm-attach',
    canDryrun: true,
    modifies: true,
    summary: 'Create a new virtual TPM device',
    usage: '<Domain> [uuid=<uuid>] [backend=<BackDomain>]',
    options: null,
    getopt: {short: 'h', long: [{name: 'help', hasArg: false, val: 'h'}], helpName: 'vtpm-attach', requiredArgs: 1},
  },
  {
    name: 'vtpm-list',
    canDryrun: false,
    modifies: false,
    summary: 'List virtual TPM devices for a domain',
    usage: '<Domain(s)>',
    options: null,
    getopt: {short: 'h', long: [{name: 'help', hasArg: false, val: 'h'}], helpName: 'vtpm-list', requiredArgs: 1},
  },
  {
    name: 'vtpm-detach',
    canDryrun: false,
    modifies: true,
    summary: 'Destroy a domain\'s virtual TPM device',
    usage: '<Domain> <DevId|uuid>',
    options: null,
    getopt: {short: 'h', long: [{name: 'help', hasArg: false, val: 'h'}], helpName: 'vtpm-detach', requiredArgs: 2},
  },
  {
    name: 'vkb-attach',
    canDryrun: true,
    modifies: true,
    summary: 'Create a new virtual keyboard device',
    usage: '<Domain> <vkb-spec-component(s)>...',
    options: null,
    getopt: {short: 'h', long: [{name: 'help', hasArg: false, val: 'h'}], helpName: 'vkb-attach', requiredArgs: 2},
  },
  {
    name: 'vkb-list',
    canDryrun: false,
    modifies: false,
    summary: 'List virtual keyboard devices for a domain',
    usage: '<Domain(s)>',
    options: null,
    getopt: {short: 'h', long: [{name: 'help', hasArg: false, val: 'h'}], helpName: 'vkb-list', requiredArgs: 1},
  },
  {
    name: 'vkb-detach',
    canDryrun: false,
    modifies: true,
    summary: 'Destroy a domain\'s virtual keyboard device',
    usage: '<Domain> <DevId>',
    options: null,
    getopt: {short: 'h', long: [{name: 'help', hasArg: false, val: 'h'}], helpName: 'vkb-detach', requiredArgs: 2},
  },
  {
    name: 'vdispl-attach',
    canDryrun: true,
    modifies: true,
    summary: 'Create a new virtual display device',
    usage: '<Domain> [backend=<BackDomain>] [be-alloc=<BackAlloc>] [connectors=\'<Connectors>\']',
    options: '    BackAlloc  - set to 1 to if backend allocates display buffers\n    Connectors - list of connector\'s description in ID:WxH format,\n                 where: ID - unique connector ID, W - connector width,\n                 H - connector height: connectors=\'id0:800x600;id1:1024x768\'\n',
    getopt: {short: 'h', long: [{name: 'help', hasArg: false, val: 'h'}], helpName: 'vdispl-attach', requiredArgs: 1},
  },
  {
    name: 'vdispl-list',
    canDryrun: false,
    modifies: false,
    summary: 'List virtual display devices for a domain',
    usage: '<Domain(s)>',
    options: null,
    getopt: {short: 'h', long: [{name: 'help', hasArg: false, val: 'h'}], helpName: 'vdispl-list', requiredArgs: 1},
  },
  {
    name: 'vdispl-detach',
    canDryrun: false,
    modifies: true,
    summary: 'Destroy a domain\'s virtual display device',
    usage: '<Domain> <DevId>',
    options: null,
    getopt: {short: 'h', long: [{name: 'help', hasArg: false, val: 'h'}], helpName: 'vdispl-detach', requiredArgs: 2},
  },
  {
    name: 'vsnd-attach',
    canDryrun: true,
    modifies: true,
    summary: 'Create a new virtual sound device',
    usage: '<Domain> <vsnd-spec-component(s)>...',
    options: null,
    getopt: {short: 'h', long: [{name: 'help', hasArg: false, val: 'h'}], helpName: 'vsnd-attach', requiredArgs: 2},
  },
  {
    name: 'vsnd-list',
    canDryrun: false,
    modifies: false,
    summary: 'List virtual display devices for a domain',
    usage: '<Domain(s)>',
    options: null,
    getopt: {short: 'h', long: [{name: 'help', hasArg: false, val: 'h'}], helpName: 'vsnd-list', requiredArgs: 1},
  },
  {
    name: 'vsnd-detach',
    canDryrun: false,
    modifies: true,
    summary: 'Destroy a domain\'s virtual sound device',
    usage: '<Domain> <DevId>',
    options: null,
    getopt: {short: 'h', long: [{name: 'help', hasArg: false, val: 'h'}], helpName: 'vsnd-detach', requiredArgs: 2},
  },
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
  {
    name: 'remus',
    canDryrun: false,
    modifies: true,
    summary: 'Enable Remus HA for domain',
    usage: '[options] <Domain> [<host>]',
    options: '-i MS                   Checkpoint domain memory every MS milliseconds (def. 200ms).\n-u                      Disable memory checkpoint compression.\n-s <sshcommand>         Use <sshcommand> instead of ssh.  String will be passed\n                        to sh. If empty, run <host> instead of \n                        ssh <host> xl migrate-receive -r [-e]\n-e                      Do not wait in the background (on <host>) for the death\n                        of the domain.\n-N <netbufscript>       Use netbufscript to setup network buffering instead of the\n                        default script (/etc/xen/scripts/remus-netbuf-setup).\n-F                      Enable unsafe configurations [-b|-n|-d flags]. Use this option\n                        with caution as failover may not work as intended.\n-b                      Replicate memory checkpoints to /dev/null (blackhole).\n                        Works only in unsafe mode.\n-n                      Disable network output buffering. Works only in unsafe mode.\n-d                      Disable disk replication. Works only in unsafe mode.\n-c                      Enable COLO HA. It is conflict with -i and -b, and memory\n                        checkpoint must be disabled.\n-p                      Use COLO userspace proxy.',
    getopt: {short: 'hFbundi:s:N:ecp', long: [{name: 'help', hasArg: false, val: 'h'}], helpName: 'remus', requiredArgs: 2},
  },
  lazy('devd', () => import('./devd.js')),
  lazy('psr-hwinfo', () => import('./psr-hwinfo.js')),
  lazy('psr-cmt-attach', () => import('./psr-cmt-attach.js')),
  lazy('psr-cmt-detach', () => import('./psr-cmt-detach.js')),
  lazy('psr-cmt-show', () => import('./psr-cmt-show.js')),
  lazy('psr-cat-set', () => import('./psr-cat-set.js')),
  lazy('psr-cat-show', () => import('./psr-cat-show.js')),
  lazy('psr-mba-set', () => import('./psr-mba-set.js')),
  lazy('psr-mba-show', () => import('./psr-mba-show.js')),
  {
    name: 'usbctrl-attach',
    canDryrun: false,
    modifies: true,
    summary: 'Create a virtual USB controller for a domain',
    usage: '<Domain> [type=pv] [version=<version>] [ports=<number>]',
    options: null,
    getopt: {short: 'h', long: [{name: 'help', hasArg: false, val: 'h'}], helpName: 'usbctrl-attach', requiredArgs: 1},
  },
  {
    name: 'usbctrl-detach',
    canDryrun: false,
    modifies: true,
    summary: 'Remove the virtual USB controller specified by <DevId> for a domain',
    usage: '<Domain> <DevId>',
    options: null,
    getopt: {short: 'h', long: [{name: 'help', hasArg: false, val: 'h'}], helpName: 'usbctrl-detach', requiredArgs: 2},
  },
  {
    name: 'usbdev-attach',
    canDryrun: false,
    modifies: true,
    summary: 'Attach a USB device to a domain',
    usage: '<Domain> hostbus=<busnum> hostaddr=<devnum> [controller=<DevId> [port=<port>]]',
    options: null,
    getopt: {short: 'h', long: [{name: 'help', hasArg: false, val: 'h'}], helpName: 'usbdev-attach', requiredArgs: 2},
  },
  {
    name: 'usbdev-detach',
    canDryrun: false,
    modifies: true,
    summary: 'Detach a USB device from a domain',
    usage: '<Domain> <controller> <port>',
    options: null,
    getopt: {short: 'h', long: [{name: 'help', hasArg: false, val: 'h'}], helpName: 'usbdev-detach', requiredArgs: 3},
  },
  {
    name: 'usb-list',
    canDryrun: false,
    modifies: false,
    summary: 'List information about all USB controllers and devices for a domain',
    usage: '<Domain>',
    options: null,
    getopt: {short: 'h', long: [{name: 'help', hasArg: false, val: 'h'}], helpName: 'usb-list', requiredArgs: 1},
  },
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
