import {Flags} from '@oclif/core'
import {XlCommand} from '../src/cli/base.js'
import {shellMain} from '../src/shell/index.js'

export default class Shell extends XlCommand {
  static override summary = 'Run xl commands at a prompt, in one process'
  static override description = 'On a terminal: line editing, history (kept in <state>.history), Tab completion of commands, options and domain names; exit, quit or Ctrl-D to leave. With stdin not a terminal: one command per line, # comments, no prompt; stops at the first failing command and exits with its code.'
  static override examples = ['xl shell', 'xl shell < scenario.xl', 'xl shell --keep-going < scenario.xl']
  static override flags = {
    'keep-going': Flags.boolean({description: 'from stdin: run every line; exit with the first failure\'s code'}),
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(Shell)
    process.exitCode = await shellMain({state: flags.state, keepGoing: flags['keep-going'], root: this.config.root})
  }
}
