import {XlCommand} from '../../src/cli/base.js'
import {describeHost, hostRecord} from '../../src/xl/host-view.js'

export default class HostShow extends XlCommand {
  static override summary = 'Describe the simulated host'
  static override enableJsonFlag = true

  async run(): Promise<unknown> {
    const {flags} = await this.parse(HostShow)
    this.setState(flags.state)
    const host = this.host(h => h)
    if (this.jsonEnabled()) return hostRecord(host)
    this.out(describeHost(host))
    return undefined
  }
}
