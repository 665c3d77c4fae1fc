import {XlsimCommand} from '../../src/cli/xlsim-command.js'
import {destroyHost} from '../../src/cli/session.js'

export default class HostDestroy extends XlsimCommand {
  static override summary = 'Power off and forget the simulated host (the next command boots a new default host)'
  static override examples = ['<%= config.bin %> host destroy']

  async run(): Promise<void> {
    const {flags} = await this.parse(HostDestroy)
    destroyHost({state: flags.state})
  }
}
