import {XlCommand} from '../../src/cli/base.js'
import {formatDuration} from '../../src/xl/duration.js'

export default class Clock extends XlCommand {
  static override summary = "Show the host's simulated time"
  static override enableJsonFlag = true

  async run(): Promise<unknown> {
    const {flags} = await this.parse(Clock)
    this.setState(flags.state)
    const r = this.host(host => ({nowNs: host.now, mode: host.config.clock, uptime: formatDuration(host.now)}))
    if (this.jsonEnabled()) return r
    this.out(`now     : ${r.nowNs} ns\nmode    : ${r.mode}\nuptime  : ${r.uptime}\n`)
    return undefined
  }
}
