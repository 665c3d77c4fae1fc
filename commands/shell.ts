import {Flags} from '@oclif/core'
import {XlsimCommand} from '../src/cli/xlsim-command.js'

export default class Shell extends XlsimCommand {
  static override summary = 'Run xl commands at a prompt, in one process'
  static override description = 'On a terminal: line editing, history (kept in the state file), Tab completion of commands, options and domain names; Ctrl-C stops a running command (the host stays as it was before it); exit, quit or Ctrl-D to leave. With stdin not a terminal: one command per line, # comments, no prompt; stops at the first failing command and exits with its code.'
  static override examples = ['<%= config.bin %> shell', '<%= config.bin %> shell < scenario.xl', '<%= config.bin %> shell --keep-going < scenario.xl']
  static override flags = {
    'keep-going': Flags.boolean({description: 'from stdin: run every line; exit with the first failure\'s code'}),
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(Shell)
    const {shellMain} = await import('../src/shell/index.js')
    const {dispatch} = await import('../src/xl/main.js')
    this.setExitCode(await shellMain({state: flags.state, keepGoing: flags['keep-going'], root: this.config.root, dispatch}))
  }
}
