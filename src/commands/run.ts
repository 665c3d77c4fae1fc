import {arg, defineCommand, flag} from '../cli/command-def.js'
import {runMain} from '../shell/index.js'

export default defineCommand({
  summary: 'Run a scenario file: xl commands with expect lines',
  description: 'One xl command per line (sh quoting, # comments), each followed by any of: expect <text> (in its stdout), expect-stderr <text>, expect-rc <n>. Stops at the first failure: a failed expectation exits 1 with one line naming the file and line; a failing command without expect-rc exits with its code. Config files given to create are looked up next to the scenario first. A missing file exits 3.',
  examples: ['xl run examples/arm-runstate-flag.xl', 'xl run --keep-going tests.xl'],
  args: {file: arg({required: true, description: 'scenario file'})},
  flags: {
    'keep-going': flag.boolean({description: 'run every step; exit with the first failure\'s code'}),
  },
  async run({args, flags, root, setExitCode}) {
    setExitCode(await runMain(args.file, {state: flags.state, keepGoing: flags['keep-going'], root}))
  },
})
