// cmdtable_lookup (tools/xl/xl_cmdtable.c) over xl's table and xlsim's own
// commands: an exact name wins, else a unique prefix. xlsim's names are read
// (from oclif's manifest) only when the word is not one of xl's names. Only
// names are looked at: a command's file is loaded once it is chosen.
import {CMDTABLE, findCommand, type TableEntry} from './cmdtable.js'
import type {CommandSpec} from './command.js'
import {xlsimCommands} from '../cli/xlsim-table.js'

export function lookupCommand(word: string): TableEntry | CommandSpec | null {
  const exact = CMDTABLE.find(c => c.name === word)
  if (exact) return exact
  return findCommand<TableEntry | CommandSpec>(word, [...CMDTABLE, ...xlsimCommands()])
}
