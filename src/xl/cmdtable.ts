// xl's command table (tools/xl/xl_cmdtable.c of Xen 4.17, x86 build with
// suspend/resume support, XEN_SCRIPT_DIR=/etc/xen/scripts as on Debian), in
// table order: the commands xlsim implements come from their own files
// (src/xl/<name>.ts: entry and main), the others keep their entry here and
// answer "command not implemented by xlsim".
//
// A command's file is loaded only when it runs (or when help needs its
// entry): `lazy('name', () => import('./name.js'))` stands at the entry's
// place, so starting xl costs the same however many commands there are. A
// command file imported and listed here directly (the older form) works too.
import type {CommandSpec, XlCommand} from './command.js'

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
  {
    name: 'config-update',
    canDryrun: true,
    modifies: true,
    summary: 'Update a running domain\'s saved configuration, used when rebuilding the domain after reboot.\nWARNING: xl now has better capability to manage domain configuration, avoid using this command when possible',
    usage: '<Domain> <ConfigFile> [options] [vars]',
    options: '-h                      Print this help.\n-f FILE, --defconfig=FILE\n                     Use the given configuration file.\n-d                      Enable debug messages.\n',
    getopt: {short: 'hdqf:', long: [{name: 'help', hasArg: false, val: 'h'}, {name: 'defconfig', hasArg: true, val: 'f'}], helpName: 'config_update', requiredArgs: 0},
  },
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
  {
    name: 'vncviewer',
    canDryrun: false,
    modifies: false,
    summary: 'Attach to domain\'s VNC server.',
    usage: '[options] <Domain>\n--autopass               Pass VNC password to viewer via stdin and\n                         -autopass\n--vncviewer-autopass     (consistency alias for --autopass)',
    options: null,
    getopt: {short: 'ha', long: [{name: 'help', hasArg: false, val: 'h'}, {name: 'autopass', hasArg: false, val: 'a'}, {name: 'vncviewer-autopass', hasArg: false, val: 'a'}], helpName: 'vncviewer', requiredArgs: 1},
  },
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
  {
    name: 'dump-core',
    canDryrun: false,
    modifies: true,
    summary: 'Core dump a domain',
    usage: '<Domain> <filename>',
    options: null,
    getopt: {short: 'h', long: [{name: 'help', hasArg: false, val: 'h'}], helpName: 'dump-core', requiredArgs: 2},
  },
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
  {
    name: 'button-press',
    canDryrun: false,
    modifies: true,
    summary: 'Indicate an ACPI button press to the domain',
    usage: '<Domain> <Button>',
    options: '<Button> may be \'power\' or \'sleep\'.',
    getopt: {short: 'h', long: [{name: 'help', hasArg: false, val: 'h'}], helpName: 'button-press', requiredArgs: 2},
  },
  lazy('vcpu-list', () => import('./vcpu-list.js')),
  lazy('vcpu-pin', () => import('./vcpu-pin.js')),
  lazy('vcpu-set', () => import('./vcpu-set.js')),
  {
    name: 'vm-list',
    canDryrun: false,
    modifies: false,
    summary: 'List guest domains, excluding dom0, stubdoms, etc.',
    usage: '',
    options: null,
    getopt: {short: 'h', long: [{name: 'help', hasArg: false, val: 'h'}], helpName: 'vm-list', requiredArgs: 0},
  },
  lazy('info', () => import('./info.js')),
  {
    name: 'sharing',
    canDryrun: false,
    modifies: false,
    summary: 'Get information about page sharing',
    usage: '[Domain]',
    options: null,
    getopt: {short: 'h', long: [{name: 'help', hasArg: false, val: 'h'}], helpName: 'sharing', requiredArgs: 0},
  },
  lazy('sched-credit', () => import('./sched-credit.js')),
  lazy('sched-credit2', () => import('./sched-credit2.js')),
  {
    name: 'sched-rtds',
    canDryrun: false,
    modifies: true,
    summary: 'Get/set rtds scheduler parameters',
    usage: '[-d <Domain> [-v[=VCPUID/all]] [-p[=PERIOD]] [-b[=BUDGET]] [-e[=Extratime]]]',
    options: '-d DOMAIN, --domain=DOMAIN     Domain to modify\n-v VCPUID/all, --vcpuid=VCPUID/all    VCPU to modify or output;\n               Using \'-v all\' to modify/output all vcpus\n-p PERIOD, --period=PERIOD     Period (us)\n-b BUDGET, --budget=BUDGET     Budget (us)\n-e Extratime, --extratime=Extratime Extratime (1=yes, 0=no)\n',
    getopt: {short: 'hd:p:b:e:v:c', long: [{name: 'help', hasArg: false, val: 'h'}, {name: 'domain', hasArg: true, val: 'd'}, {name: 'period', hasArg: true, val: 'p'}, {name: 'budget', hasArg: true, val: 'b'}, {name: 'extratime', hasArg: true, val: 'e'}, {name: 'vcpuid', hasArg: true, val: 'v'}, {name: 'cpupool', hasArg: true, val: 'c'}], helpName: 'sched-rtds', requiredArgs: 0},
  },
  lazy('domid', () => import('./domid.js')),
  lazy('domname', () => import('./domname.js')),
  lazy('rename', () => import('./rename.js')),
  {
    name: 'trigger',
    canDryrun: false,
    modifies: true,
    summary: 'Send a trigger to a domain',
    usage: '<Domain> <nmi|reset|init|power|sleep|s3resume> [<VCPU>]',
    options: null,
    getopt: {short: 'h', long: [{name: 'help', hasArg: false, val: 'h'}], helpName: 'trigger', requiredArgs: 2},
  },
  {
    name: 'sysrq',
    canDryrun: false,
    modifies: true,
    summary: 'Send a sysrq to a domain',
    usage: '<Domain> <letter>',
    options: null,
    getopt: {short: 'h', long: [{name: 'help', hasArg: false, val: 'h'}], helpName: 'sysrq', requiredArgs: 2},
  },
  lazy('debug-keys', () => import('./debug-keys.js')),
  {
    name: 'set-parameters',
    canDryrun: false,
    modifies: true,
    summary: 'Set hypervisor parameters',
    usage: '<Params>',
    options: null,
    getopt: {short: 'h', long: [{name: 'help', hasArg: false, val: 'h'}], helpName: 'set-parameters', requiredArgs: 1},
  },
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
  {
    name: 'claims',
    canDryrun: false,
    modifies: false,
    summary: 'List outstanding claim information about all domains',
    usage: '',
    options: '',
    getopt: {short: 'h', long: [{name: 'help', hasArg: false, val: 'h'}], helpName: 'claims', requiredArgs: 0},
  },
  {
    name: 'cpupool-create',
    canDryrun: true,
    modifies: true,
    summary: 'Create a new CPU pool',
    usage: '[options] [<ConfigFile>] [Variable=value ...]',
    options: '-h, --help                   Print this help.\n-f FILE, --defconfig=FILE    Use the given configuration file.\n-n, --dryrun                 Dry run - prints the resulting configuration.\n                              (deprecated in favour of global -N option).\n\nSee the xlcpupool.cfg(5) manpage for more information.',
    getopt: {short: 'hnf:', long: [{name: 'help', hasArg: false, val: 'h'}, {name: 'defconfig', hasArg: true, val: 'f'}, {name: 'dryrun', hasArg: false, val: 'n'}], helpName: 'cpupool-create', requiredArgs: 0},
  },
  {
    name: 'cpupool-list',
    canDryrun: false,
    modifies: false,
    summary: 'List CPU pools on host',
    usage: '[-c|--cpus] [<CPU Pool>]',
    options: '-c, --cpus                     Output list of CPUs used by a pool',
    getopt: {short: 'hc', long: [{name: 'help', hasArg: false, val: 'h'}, {name: 'cpus', hasArg: false, val: 'c'}], helpName: 'cpupool-list', requiredArgs: 0},
  },
  {
    name: 'cpupool-destroy',
    canDryrun: false,
    modifies: true,
    summary: 'Deactivates a CPU pool',
    usage: '<CPU Pool>',
    options: null,
    getopt: {short: 'h', long: [{name: 'help', hasArg: false, val: 'h'}], helpName: 'cpupool-destroy', requiredArgs: 1},
  },
  {
    name: 'cpupool-rename',
    canDryrun: false,
    modifies: true,
    summary: 'Renames a CPU pool',
    usage: '<CPU Pool> <new name>',
    options: null,
    getopt: {short: 'h', long: [{name: 'help', hasArg: false, val: 'h'}], helpName: 'cpupool-rename', requiredArgs: 2},
  },
  {
    name: 'cpupool-cpu-add',
    canDryrun: false,
    modifies: true,
    summary: 'Adds a CPU to a CPU pool',
    usage: '<CPU Pool> <CPU nr>|node:<node nr>',
    options: null,
    getopt: {short: 'h', long: [{name: 'help', hasArg: false, val: 'h'}], helpName: 'cpupool-cpu-add', requiredArgs: 2},
  },
  {
    name: 'cpupool-cpu-remove',
    canDryrun: false,
    modifies: true,
    summary: 'Removes a CPU from a CPU pool',
    usage: '<CPU Pool> <CPU nr>|node:<node nr>',
    options: null,
    getopt: {short: 'h', long: [{name: 'help', hasArg: false, val: 'h'}], helpName: 'cpupool-cpu-remove', requiredArgs: 2},
  },
  {
    name: 'cpupool-migrate',
    canDryrun: false,
    modifies: true,
    summary: 'Moves a domain into a CPU pool',
    usage: '<Domain> <CPU Pool>',
    options: null,
    getopt: {short: 'h', long: [{name: 'help', hasArg: false, val: 'h'}], helpName: 'cpupool-migrate', requiredArgs: 2},
  },
  {
    name: 'cpupool-numa-split',
    canDryrun: false,
    modifies: true,
    summary: 'Splits up the machine into one CPU pool per NUMA node',
    usage: '',
    options: null,
    getopt: {short: 'h', long: [{name: 'help', hasArg: false, val: 'h'}], helpName: 'cpupool-numa-split', requiredArgs: 0},
  },
  {
    name: 'getenforce',
    canDryrun: false,
    modifies: false,
    summary: 'Returns the current enforcing mode of the Flask Xen security module',
    usage: '',
    options: null,
    getopt: null,
  },
  {
    name: 'setenforce',
    canDryrun: false,
    modifies: true,
    summary: 'Sets the current enforcing mode of the Flask Xen security module',
    usage: '<1|0|Enforcing|Permissive>',
    options: null,
    getopt: null,
  },
  {
    name: 'loadpolicy',
    canDryrun: false,
    modifies: true,
    summary: 'Loads a new policy into the Flask Xen security module',
    usage: '<policy file>',
    options: null,
    getopt: null,
  },
  {
    name: 'remus',
    canDryrun: false,
    modifies: true,
    summary: 'Enable Remus HA for domain',
    usage: '[options] <Domain> [<host>]',
    options: '-i MS                   Checkpoint domain memory every MS milliseconds (def. 200ms).\n-u                      Disable memory checkpoint compression.\n-s <sshcommand>         Use <sshcommand> instead of ssh.  String will be passed\n                        to sh. If empty, run <host> instead of \n                        ssh <host> xl migrate-receive -r [-e]\n-e                      Do not wait in the background (on <host>) for the death\n                        of the domain.\n-N <netbufscript>       Use netbufscript to setup network buffering instead of the\n                        default script (/etc/xen/scripts/remus-netbuf-setup).\n-F                      Enable unsafe configurations [-b|-n|-d flags]. Use this option\n                        with caution as failover may not work as intended.\n-b                      Replicate memory checkpoints to /dev/null (blackhole).\n                        Works only in unsafe mode.\n-n                      Disable network output buffering. Works only in unsafe mode.\n-d                      Disable disk replication. Works only in unsafe mode.\n-c                      Enable COLO HA. It is conflict with -i and -b, and memory\n                        checkpoint must be disabled.\n-p                      Use COLO userspace proxy.',
    getopt: {short: 'hFbundi:s:N:ecp', long: [{name: 'help', hasArg: false, val: 'h'}], helpName: 'remus', requiredArgs: 2},
  },
  {
    name: 'devd',
    canDryrun: false,
    modifies: true,
    summary: 'Daemon that listens for devices and launches backends',
    usage: '[options]',
    options: '-F                      Run in the foreground.\n-p, --pidfile [FILE]    Write PID to pidfile when daemonizing.',
    getopt: {short: 'hFp:', long: [{name: 'help', hasArg: false, val: 'h'}, {name: 'pidfile', hasArg: true, val: 'p'}], helpName: 'devd', requiredArgs: 0},
  },
  {
    name: 'psr-hwinfo',
    canDryrun: false,
    modifies: true,
    summary: 'Show hardware information for Platform Shared Resource',
    usage: '[options]',
    options: '-m, --cmt       Show Cache Monitoring Technology (CMT) hardware info\n-a, --cat       Show Cache Allocation Technology (CAT) hardware info\n-b, --mba       Show Memory Bandwidth Allocation (MBA) hardware info\n',
    getopt: {short: 'hmab', long: [{name: 'help', hasArg: false, val: 'h'}, {name: 'cmt', hasArg: false, val: 'm'}, {name: 'cat', hasArg: false, val: 'a'}, {name: 'mba', hasArg: false, val: 'b'}], helpName: 'psr-hwinfo', requiredArgs: 0},
  },
  {
    name: 'psr-cmt-attach',
    canDryrun: false,
    modifies: true,
    summary: 'Attach Cache Monitoring Technology service to a domain',
    usage: '<Domain>',
    options: null,
    getopt: {short: 'h', long: [{name: 'help', hasArg: false, val: 'h'}], helpName: 'psr-cmt-attach', requiredArgs: 1},
  },
  {
    name: 'psr-cmt-detach',
    canDryrun: false,
    modifies: true,
    summary: 'Detach Cache Monitoring Technology service from a domain',
    usage: '<Domain>',
    options: null,
    getopt: {short: 'h', long: [{name: 'help', hasArg: false, val: 'h'}], helpName: 'psr-cmt-detach', requiredArgs: 1},
  },
  {
    name: 'psr-cmt-show',
    canDryrun: false,
    modifies: true,
    summary: 'Show Cache Monitoring Technology information',
    usage: '<PSR-CMT-Type> <Domain>',
    options: 'Available monitor types:\n"cache-occupancy":         Show L3 cache occupancy(KB)\n"total-mem-bandwidth":     Show total memory bandwidth(KB/s)\n"local-mem-bandwidth":     Show local memory bandwidth(KB/s)\n',
    getopt: {short: 'h', long: [{name: 'help', hasArg: false, val: 'h'}], helpName: 'psr-cmt-show', requiredArgs: 1},
  },
  {
    name: 'psr-cat-set',
    canDryrun: false,
    modifies: true,
    summary: 'Set cache capacity bitmasks(CBM) for a domain',
    usage: '[options] <Domain> <CBM>',
    options: '-s <socket>       Specify the socket to process, otherwise all sockets are processed\n-l <level>        Specify the cache level to process, otherwise L3 cache is processed\n-c                Set code CBM if CDP is supported\n-d                Set data CBM if CDP is supported\n',
    getopt: {short: 'hs:l:cd', long: [{name: 'help', hasArg: false, val: 'h'}, {name: 'socket', hasArg: true, val: 's'}, {name: 'data', hasArg: false, val: 'd'}, {name: 'code', hasArg: false, val: 'c'}, {name: 'level', hasArg: true, val: 'l'}], helpName: 'psr-cat-set', requiredArgs: 2},
  },
  {
    name: 'psr-cat-show',
    canDryrun: false,
    modifies: true,
    summary: 'Show Cache Allocation Technology information',
    usage: '[options] <Domain>',
    options: '-l <level>        Specify the cache level to process, otherwise L3 cache is processed\n',
    getopt: {short: 'hl:', long: [{name: 'help', hasArg: false, val: 'h'}, {name: 'level', hasArg: true, val: 'l'}], helpName: 'psr-cat-show', requiredArgs: 0},
  },
  {
    name: 'psr-mba-set',
    canDryrun: false,
    modifies: true,
    summary: 'Set throttling value (THRTL) for a domain',
    usage: '[options] <Domain> <THRTL>',
    options: '-s <socket>       Specify the socket to process, otherwise all sockets are processed\n',
    getopt: {short: 'hs:', long: [{name: 'help', hasArg: false, val: 'h'}, {name: 'socket', hasArg: true, val: 's'}], helpName: 'psr-mba-set', requiredArgs: 0},
  },
  {
    name: 'psr-mba-show',
    canDryrun: false,
    modifies: true,
    summary: 'Show Memory Bandwidth Allocation information',
    usage: '<Domain>',
    options: null,
    getopt: {short: 'h', long: [{name: 'help', hasArg: false, val: 'h'}], helpName: 'psr-mba-show', requiredArgs: 0},
  },
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
  {
    name: 'qemu-monitor-command',
    canDryrun: false,
    modifies: true,
    summary: 'Issue a qemu monitor command to the device model of a domain',
    usage: '<Domain> <Command>',
    options: null,
    getopt: {short: 'h', long: [{name: 'help', hasArg: false, val: 'h'}], helpName: 'qemu-monitor-command', requiredArgs: 2},
  },
]

/** The entry's main, when xlsim implements the command. */
export function isImplemented(c: CommandSpec): c is XlCommand {
  return 'main' in c
}

function isLazy(e: TableEntry): e is LazyCommand {
  return 'load' in e
}

const loaded = new Map<LazyCommand, Promise<XlCommand>>()

/** An entry with everything xl's table holds for it (a lazy command's file is loaded). */
export function loadEntry(e: TableEntry): Promise<CommandSpec> {
  if (!isLazy(e)) return Promise.resolve(e)
  let p = loaded.get(e)
  if (!p) {
    p = e.load().then(m => {
      if (m.default.name !== e.name) throw new Error(`xl command table: lazy('${e.name}') loads the entry of '${m.default.name}'`)
      return m.default
    })
    loaded.set(e, p)
  }
  return p
}

let whole: readonly CommandSpec[] | undefined

/** The whole table with every entry loaded (xl help, the shell's completion), kept for commands() afterwards. */
export async function loadTable(): Promise<readonly CommandSpec[]> {
  whole ??= await Promise.all(CMDTABLE.map(loadEntry))
  return whole
}

/** The table loaded by loadTable(): what the synchronous help and completion code reads. */
export function commands(): readonly CommandSpec[] {
  if (!whole) throw new Error('xl command table used before loadTable()')
  return whole
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
