import {XlCommand} from '../../src/cli/base.js'
import {destroyHost} from '../../src/cli/session.js'

export default class HostDestroy extends XlCommand {
  static override summary = 'Power off and forget the simulated host (the next command boots a new default host)'

  async run(): Promise<void> {
    const {flags} = await this.parse(HostDestroy)
    this.setState(flags.state)
    destroyHost(this.session)
  }
}
