import {Args, Flags} from '@oclif/core'
import {XlsimCommand} from '../src/cli/xlsim-command.js'

export default class Run extends XlsimCommand {
  static override summary = 'Run a scenario file: xl commands with expect lines'
  static override description = 'One xl command per line (sh quoting, # comments), each followed by any of: expect <text> (in its stdout), expect-stderr <text>, expect-rc <n>. Stops at the first failure: a failed expectation exits 1 with one line naming the file and line; a failing command without expect-rc exits with its code. Config files given to create are looked up next to the scenario first. A missing file exits 3.'
  static override examples = ['<%= config.bin %> run examples/arm-runstate-flag.xl', '<%= config.bin %> run --keep-going tests.xl']
  static override args = {file: Args.string({ignoreStdin: true, required: true, description: 'scenario file'})}
  static override flags = {
    'keep-going': Flags.boolean({description: 'run every step; exit with the first failure\'s code'}),
  }

  async run(): Promise<void> {
    const {args, flags} = await this.parse(Run)
    const {runMain} = await import('../src/shell/index.js')
    const {dispatch} = await import('../src/xl/main.js')
    this.setExitCode(await runMain(args.file, {state: flags.state, keepGoing: flags['keep-going'], root: this.config.root, dispatch}))
  }
}
