import {padRight, byteLength} from '../format/printf.js';
import {COMMANDS, type CommandSpec} from './commands.js';

/**
 * xl's cmdtable_lookup (xl_cmdtable.c): a command name may be abbreviated by
 * a prefix. An exact match wins at once (even if it also prefixes a later
 * command); otherwise the prefix must match exactly one command, else null
 * (xl then prints "command not implemented"). The empty string matches every
 * command, so it is ambiguous. Note that "help" is not in the table: `xl he`
 * is not implemented, only the exact word `help` is handled by main().
 */
export function findCommand(prefix: string): CommandSpec | null {
  let found: CommandSpec | null = null;
  let count = 0;
  for (const c of COMMANDS) {
    if (c.name.startsWith(prefix)) {
      if (prefix.length === c.name.length) return c;
      found = c;
      count++;
    }
  }
  return count === 1 ? found : null;
}

/**
 * `xl`, `xl help`, `xl help help`: the usage line and the full command list
 * (help(NULL) in xl.c). `xl` alone prints it and exits 1; `xl help` exits 0.
 */
export function formatUsage(): string {
  let out = 'Usage xl [-vfNtT] <subcommand> [args]\n\n';
  out += 'xl full list of subcommands:\n\n';
  for (const c of COMMANDS) {
    out += ' ' + padRight(c.name, 19) + ' ';
    if (byteLength(c.name) > 19) out += '\n ' + padRight('', 19) + ' ';
    out += c.summary + '\n';
  }
  return out;
}

/**
 * `xl help <cmd>` and `xl <cmd> -h|--help` (help(cmd) in xl.c), stdout.
 * The argument goes through the same prefix lookup; an unknown or ambiguous
 * one prints `command "<x>" not implemented` (still on stdout, exit 0 for
 * `xl help <x>`). `help` itself prints the full usage.
 */
export function formatCommandHelp(name: string): string {
  if (name === 'help') return formatUsage();
  const c = findCommand(name);
  if (!c) return `command "${name}" not implemented\n`;
  let out =
    `Usage: xl [-vtT${c.modifies ? 'f' : ''}${c.canDryrun ? 'N' : ''}] ${c.name} ${c.usage ?? '(null)'}\n\n` +
    `${c.summary}.\n\n`;
  if (c.options !== null) out += `Options:\n\n${c.options}\n`;
  return out;
}

/** def_getopt's complaint for an unknown option (stderr, exit 2). */
export function formatOptionNotSupported(optopt: string): string {
  // Real xl prints optopt with %c; for an unknown long option optopt is 0,
  // so a NUL byte sits between the quotes.
  return `option \`${optopt === '' ? '\0' : optopt}' not supported.\n`;
}

/**
 * def_getopt's complaint when fewer than `required` arguments remain (stderr),
 * followed by help(helpName) on stdout, exit 2.
 */
export function formatRequiresArgs(helpName: string, required: number): string {
  return `'xl ${helpName}' requires at least ${required} argument${required > 1 ? 's' : ''}.\n\n`;
}
