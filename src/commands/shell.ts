import {defineCommand, flag} from '../cli/command-def.js'
import {shellMain} from '../shell/index.js'

export default defineCommand({
  summary: 'Run xl commands at a prompt, in one process',
  description: 'On a terminal: line editing, history (kept in the state file), Tab completion of commands, options and domain names; Ctrl-C stops a running command (the host stays as it was before it); exit, quit or Ctrl-D to leave. With stdin not a terminal: one command per line, # comments, no prompt; stops at the first failing command and exits with its code.',
  examples: ['xl shell', 'xl shell < scenario.xl', 'xl shell --keep-going < scenario.xl'],
  flags: {
    'keep-going': flag.boolean({description: 'from stdin: run every line; exit with the first failure\'s code'}),
  },
  async run({flags, root, setExitCode}) {
    setExitCode(await shellMain({state: flags.state, keepGoing: flags['keep-going'], root}))
  },
})
