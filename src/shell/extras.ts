// `xl shell` and `xl run` in the table of xlsim's own commands, so that
// lookup, `xl help` and completion know them. Until src/cli/extras.ts lists
// them itself, src/cli/main.ts imports this module (before it builds its
// table), which appends them.
import type {CommandSpec} from '../xl/help/index.js'
import {EXTRA_COMMANDS} from '../cli/extras.js'

export const SHELL_COMMANDS: readonly CommandSpec[] = [
  {
    name: 'shell', canDryrun: false, modifies: false,
    summary: 'Run xl commands at a prompt, in one process (from stdin when it is not a terminal)',
    usage: '[--keep-going]',
    options: '--keep-going            From stdin: do not stop at the first failing command.\nWith stdin not a terminal: one command per line, # comments; exit code of the\nfirst failing command (0 if none).',
  },
  {
    name: 'run', canDryrun: false, modifies: false,
    summary: 'Run a scenario file: xl commands with expect lines',
    usage: '<file> [--keep-going]',
    options: '--keep-going            Do not stop at the first failure.\nLines: an xl command, # comment, expect <text> (in the previous command\'s stdout),\nexpect-stderr <text>, expect-rc <n>. Relative config files of create are\nlooked up next to the scenario file first.',
  },
].map(c => ({...c, getopt: null}))

for (const c of SHELL_COMMANDS) {
  if (!EXTRA_COMMANDS.some(e => e.name === c.name)) (EXTRA_COMMANDS as CommandSpec[]).push(c)
}
