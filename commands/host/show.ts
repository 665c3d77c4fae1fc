import {XlsimCommand} from '../../src/cli/xlsim-command.js'
import {describeHost, hostRecord} from '../../src/xl/host-view.js'

export default class HostShow extends XlsimCommand {
  static override summary = 'Describe the simulated host'
  static override examples = ['<%= config.bin %> host show', '<%= config.bin %> host show --json']
  static override enableJsonFlag = true

  async run(): Promise<unknown> {
    const {flags} = await this.parse(HostShow)
    const h = (await this.session(flags.state)).readHost(h => h)
    if (this.jsonEnabled()) return hostRecord(h)
    this.out(describeHost(h))
    return undefined
  }
}
