// cmdtable_lookup (tools/xl/xl_cmdtable.c) over xl's table and xlsim's own
// commands: an exact name wins, else a unique prefix. xlsim's names are read
// (from oclif's manifest) only when the word is not one of xl's names. A
// word that could reach an entry only some builds have (save on arm64) is
// looked up in the table as built for the host's arch, which is read from
// the state file only then. Only names are looked at: a command's file is
// loaded once it is chosen.
import {CMDTABLE, dependsOnBuild, findCommand, type TableEntry} from './cmdtable.js'
import type {CommandSpec} from './command.js'
import {xlsimCommands} from '../cli/xlsim-table.js'

export function lookupCommand(word: string, built: () => readonly TableEntry[] = () => CMDTABLE): TableEntry | CommandSpec | null {
  const table = dependsOnBuild(word) ? built() : CMDTABLE
  const exact = table.find(c => c.name === word)
  if (exact) return exact
  return findCommand<TableEntry | CommandSpec>(word, [...table, ...xlsimCommands()])
}
