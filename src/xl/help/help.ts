// help() of xl.c: the full usage and one command's help, rendered from the
// command table entries (src/xl/cmdtable.ts), byte for byte as real xl.
import {padRight, byteLength} from '../format/printf.js'
import {CMDTABLE, commands, findCommand, loadTable} from '../cmdtable.js'
import type {CommandSpec} from '../command.js'

export {findCommand, commands, loadTable}

/** All command names, in xl's table order. */
export const COMMAND_NAMES: readonly string[] = CMDTABLE.map(c => c.name)

// The functions below read the whole table: loadTable() must have been awaited.

/**
 * `xl`, `xl help`, `xl help help`: the usage line and the full command list
 * (help(NULL) in xl.c). `xl` alone prints it and exits 1; `xl help` exits 0.
 */
export function formatUsage(table: readonly CommandSpec[] = commands()): string {
  let out = 'Usage xl [-vfNtT] <subcommand> [args]\n\n'
  out += 'xl full list of subcommands:\n\n'
  for (const c of table) {
    out += ' ' + padRight(c.name, 19) + ' '
    if (byteLength(c.name) > 19) out += '\n ' + padRight('', 19) + ' '
    out += c.summary + '\n'
  }
  return out
}

/** help(cmd) for one entry. */
export function formatEntryHelp(c: CommandSpec): string {
  let out =
    `Usage: xl [-vtT${c.modifies ? 'f' : ''}${c.canDryrun ? 'N' : ''}] ${c.name} ${c.usage ?? '(null)'}\n\n` +
    `${c.summary}.\n\n`
  if (c.options !== null) out += `Options:\n\n${c.options}\n`
  return out
}

/**
 * `xl help <cmd>` and `xl <cmd> -h|--help` (help(cmd) in xl.c), stdout.
 * The argument goes through the same prefix lookup; an unknown or ambiguous
 * one prints `command "<x>" not implemented` (still on stdout, exit 0 for
 * `xl help <x>`). `help` itself prints the full usage.
 */
export function formatCommandHelp(name: string, table: readonly CommandSpec[] = commands()): string {
  if (name === 'help') return formatUsage(table)
  const c = findCommand(name, table)
  if (!c) return `command "${name}" not implemented\n`
  return formatEntryHelp(c)
}

/** def_getopt's complaint for an unknown option (stderr, exit 2). */
export function formatOptionNotSupported(optopt: string): string {
  // Real xl prints optopt with %c; for an unknown long option optopt is 0,
  // so a NUL byte sits between the quotes.
  return `option \`${optopt === '' ? '\0' : optopt}' not supported.\n`
}

/**
 * def_getopt's complaint when fewer than `required` arguments remain (stderr),
 * followed by help(helpName) on stdout, exit 2.
 */
export function formatRequiresArgs(helpName: string, required: number): string {
  return `'xl ${helpName}' requires at least ${required} argument${required > 1 ? 's' : ''}.\n\n`
}

/** Short option letters a command accepts (without ':'), including 'h'. */
export function commandOptionLetters(name: string): string[] {
  const c = commands().find(x => x.name === name)
  if (!c || !c.getopt) return []
  return [...new Set(c.getopt.short.replace(/:/g, '').split(''))]
}

/** Short options of a command that take an argument (`x:` in the getopt string). */
export function commandOptionsWithArg(name: string): string[] {
  const c = commands().find(x => x.name === name)
  if (!c || !c.getopt) return []
  const out: string[] = []
  const s = c.getopt.short
  for (let i = 0; i < s.length; i++) if (s[i] !== ':' && s[i + 1] === ':') out.push(s[i]!)
  return out
}
