// Commands xlsim adds beyond real xl, in the same table shape
// as xl's own so lookup, help and completion treat them alike.
import type {CommandSpec} from '../xl/help/index.js'

function extra(name: string, summary: string, usage: string, options: string | null): CommandSpec {
  return {name, canDryrun: false, modifies: false, summary, usage, options, getopt: null}
}

export const EXTRA_COMMANDS: readonly CommandSpec[] = [
  extra('host', 'Manage the simulated host (init, show, destroy)',
    'init|show|destroy [options]',
    'init [--arch x86_64|arm64] [--xen 4.7|4.8|4.17] [--sched credit|credit2|rtds|null]\n     [--cpus N] [--memory MiB] [--dom0-kernel NAME] [--dom0-memory MiB]\n     [--dom0-vcpus N] [--clock wall|manual] [--seed N] [--force]\n                        Power on a new host (boot log into xl dmesg).\nshow [--json]           Describe the host.\ndestroy                 Forget the host; the next command boots a new default one.'),
  extra('vm-assist', "Show a domain's vm_assist mask, or have its kernel call vm_assist",
    '<Domain> [enable|disable <type>]',
    '--json                  Print JSON.\nTypes: 4gb_segments 4gb_segments_notify writable_pagetables pae_extended_cr3\n       architectural_iopl runstate_update_flag m2p_strict, or a number.'),
  extra('runstate', "Show each vCPU's runstate record as the guest sees it",
    '<Domain> [VCPU] | check [options]',
    '--json                  Print JSON.\ncheck                   Memory-model checker of the update protocol (xl runstate check --help).'),
  extra('guest-stat', "The guest's /proc/stat cpu lines and top-like %st per CPU",
    '<Domain>',
    '--json                  Print JSON.\nPercentages cover the time since the previous guest-stat of the domain.'),
  extra('workload', "Show or set what a domain's vCPUs run",
    '<Domain> [VCPU] [idle|cpu|duty:<pct>[:<period>]|io:<ms>]',
    '--json                  Print JSON.'),
  extra('shell', 'Run xl commands at a prompt, in one process (from stdin when it is not a terminal)',
    '[--keep-going]',
    '--keep-going            From stdin: do not stop at the first failing command.\nWith stdin not a terminal: one command per line, # comments; exit code of the\nfirst failing command (0 if none).'),
  extra('run', 'Run a scenario file: xl commands with expect lines',
    '<file> [--keep-going]',
    "--keep-going            Do not stop at the first failure.\nLines: an xl command, # comment, expect <text> (in the previous command's stdout),\nexpect-stderr <text>, expect-rc <n>. Relative config files of create are\nlooked up next to the scenario file first."),
  extra('clock', 'Show or advance simulated time',
    '[advance <duration>]',
    'advance <duration>      Run the host for a duration (250ms, 3s, 1h).\n--json                  Print JSON.'),
]
