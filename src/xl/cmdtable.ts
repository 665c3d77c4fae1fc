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
import save from './save.js'
import restore from './restore.js'
import migrate from './migrate.js'
import migrateReceive from './migrate-receive.js'
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

import blockAttach from './block-attach.js'
import blockList from './block-list.js'
import blockDetach from './block-detach.js'
import networkAttach from './network-attach.js'
import networkList from './network-list.js'
import networkDetach from './network-detach.js'
import channelList from './channel-list.js'
import vtpmAttach from './vtpm-attach.js'
import vtpmList from './vtpm-list.js'
import vtpmDetach from './vtpm-detach.js'
import vkbAttach from './vkb-attach.js'
import vkbList from './vkb-list.js'
import vkbDetach from './vkb-detach.js'
import vdisplAttach from './vdispl-attach.js'
import vdisplList from './vdispl-list.js'
import vdisplDetach from './vdispl-detach.js'
import vsndList from './vsnd-list.js'
import vsndDetach from './vsnd-detach.js'
import usbctrlAttach from './usbctrl-attach.js'
import usbctrlDetach from './usbctrl-detach.js'
import usbdevAttach from './usbdev-attach.js'
import usbdevDetach from './usbdev-detach.js'
import usbList from './usb-list.js'
import pciList from './pci-list.js'
import pciAttach from './pci-attach.js'
import pciDetach from './pci-detach.js'
import pciAssignableAdd from './pci-assignable-add.js'
import pciAssignableRemove from './pci-assignable-remove.js'
import pciAssignableList from './pci-assignable-list.js'
import cdInsert from './cd-insert.js'
import cdEject from './cd-eject.js'
import vsndAttach from './vsnd-attach.js'
export const CMDTABLE: readonly (CommandSpec | XlCommand)[] = [
  create,
  configUpdate,
  list,
  destroy,
  shutdown,
  reboot,
  pciAttach,
  pciDetach,
  pciList,
  pciAssignableAdd,
  pciAssignableRemove,
  pciAssignableList,
  pause,
  unpause,
  console,
  vncviewer,
  save,
  migrate,
  restore,
  migrateReceive,
  dumpCore,
  cdInsert,
  cdEject,
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
  networkAttach,
  networkList,
  networkDetach,
  channelList,
  blockAttach,
  blockList,
  blockDetach,
  vtpmAttach,
  vtpmList,
  vtpmDetach,
  vkbAttach,
  vkbList,
  vkbDetach,
  vdisplAttach,
  vdisplList,
  vdisplDetach,
  vsndAttach,
  vsndList,
  vsndDetach,
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
  usbctrlAttach,
  usbctrlDetach,
  usbdevAttach,
  usbdevDetach,
  usbList,
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
