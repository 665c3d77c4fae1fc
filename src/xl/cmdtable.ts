// xl's command table (tools/xl/xl_cmdtable.c of Xen 4.17, every entry of
// the x86 build, XEN_SCRIPT_DIR=/etc/xen/scripts as on Debian; cmdtableFor()
// leaves out what an arm64 build compiles out), in table order: the commands xlsim implements come from their own files
// (src/xl/<name>.ts: entry and main), the others keep their entry here and
// answer "command not implemented by xlsim".
import type {CommandSpec, XlCommand} from './command.js'
import type {Arch} from '../hypervisor/types.js'
import {libxlArch, type LibxlFeature} from '../libxl/arch.js'
import create from './create.js'
import list from './list.js'
import destroy from './destroy.js'
import shutdown from './shutdown.js'
import reboot from './reboot.js'
import pause from './pause.js'
import unpause from './unpause.js'
import console from './console.js'
import memMax from './mem-max.js'
import memSet from './mem-set.js'
import vcpuList from './vcpu-list.js'
import vcpuPin from './vcpu-pin.js'
import vcpuSet from './vcpu-set.js'
import info from './info.js'
import schedCredit from './sched-credit.js'
import schedCredit2 from './sched-credit2.js'
import schedRtds from './sched-rtds.js'
import domid from './domid.js'
import domname from './domname.js'
import rename from './rename.js'
import debugKeys from './debug-keys.js'
import dmesg from './dmesg.js'
import top from './top.js'
import uptime from './uptime.js'
import cpupoolCreate from './cpupool-create.js'
import cpupoolList from './cpupool-list.js'
import cpupoolDestroy from './cpupool-destroy.js'
import cpupoolRename from './cpupool-rename.js'
import cpupoolCpuAdd from './cpupool-cpu-add.js'
import cpupoolCpuRemove from './cpupool-cpu-remove.js'
import cpupoolMigrate from './cpupool-migrate.js'
import cpupoolNumaSplit from './cpupool-numa-split.js'
import vmList from './vm-list.js'
import sharing from './sharing.js'
import claims from './claims.js'
import getenforce from './getenforce.js'
import setenforce from './setenforce.js'
import loadpolicy from './loadpolicy.js'
import psrHwinfo from './psr-hwinfo.js'
import psrCmtAttach from './psr-cmt-attach.js'
import psrCmtDetach from './psr-cmt-detach.js'
import psrCmtShow from './psr-cmt-show.js'
import psrCatSet from './psr-cat-set.js'
import psrCatShow from './psr-cat-show.js'
import psrMbaSet from './psr-mba-set.js'
import psrMbaShow from './psr-mba-show.js'
import buttonPress from './button-press.js'
import trigger from './trigger.js'
import sysrq from './sysrq.js'
import setParameters from './set-parameters.js'
import dumpCore from './dump-core.js'
import configUpdate from './config-update.js'
import qemuMonitorCommand from './qemu-monitor-command.js'
import vncviewer from './vncviewer.js'
import devd from './devd.js'

export const CMDTABLE: readonly (CommandSpec | XlCommand)[] = [
  create,
  configUpdate,
  list,
  destroy,
  shutdown,
  reboot,
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
  pause,
  unpause,
  console,
  vncviewer,
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
  dumpCore,
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
  memMax,
  memSet,
  buttonPress,
  vcpuList,
  vcpuPin,
  vcpuSet,
  vmList,
  info,
  sharing,
  schedCredit,
  schedCredit2,
  schedRtds,
  domid,
  domname,
  rename,
  trigger,
  sysrq,
  debugKeys,
  setParameters,
  dmesg,
  top,
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
  uptime,
  claims,
  cpupoolCreate,
  cpupoolList,
  cpupoolDestroy,
  cpupoolRename,
  cpupoolCpuAdd,
  cpupoolCpuRemove,
  cpupoolMigrate,
  cpupoolNumaSplit,
  getenforce,
  setenforce,
  loadpolicy,
  {
    name: 'remus',
    canDryrun: false,
    modifies: true,
    summary: 'Enable Remus HA for domain',
    usage: '[options] <Domain> [<host>]',
    options: '-i MS                   Checkpoint domain memory every MS milliseconds (def. 200ms).\n-u                      Disable memory checkpoint compression.\n-s <sshcommand>         Use <sshcommand> instead of ssh.  String will be passed\n                        to sh. If empty, run <host> instead of \n                        ssh <host> xl migrate-receive -r [-e]\n-e                      Do not wait in the background (on <host>) for the death\n                        of the domain.\n-N <netbufscript>       Use netbufscript to setup network buffering instead of the\n                        default script (/etc/xen/scripts/remus-netbuf-setup).\n-F                      Enable unsafe configurations [-b|-n|-d flags]. Use this option\n                        with caution as failover may not work as intended.\n-b                      Replicate memory checkpoints to /dev/null (blackhole).\n                        Works only in unsafe mode.\n-n                      Disable network output buffering. Works only in unsafe mode.\n-d                      Disable disk replication. Works only in unsafe mode.\n-c                      Enable COLO HA. It is conflict with -i and -b, and memory\n                        checkpoint must be disabled.\n-p                      Use COLO userspace proxy.',
    getopt: {short: 'hFbundi:s:N:ecp', long: [{name: 'help', hasArg: false, val: 'h'}], helpName: 'remus', requiredArgs: 2},
  },
  devd,
  psrHwinfo,
  psrCmtAttach,
  psrCmtDetach,
  psrCmtShow,
  psrCatSet,
  psrCatShow,
  psrMbaSet,
  psrMbaShow,
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
  qemuMonitorCommand,
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
export function cmdtableFor(arch: Arch): readonly (CommandSpec | XlCommand)[] {
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

/**
 * cmdtable_lookup (xl_cmdtable.c): a command name may be abbreviated by a
 * prefix. An exact match wins at once (even if it also prefixes a later
 * command); otherwise the prefix must match exactly one command, else null.
 * "help" is not in the table: only the exact word is handled by main().
 */
export function findCommand(prefix: string, table: readonly CommandSpec[] = CMDTABLE): CommandSpec | null {
  let found: CommandSpec | null = null
  let count = 0
  for (const c of table) {
    if (!c.name.startsWith(prefix)) continue
    if (prefix.length === c.name.length) return c
    found = c
    count++
  }
  return count === 1 ? found : null
}
