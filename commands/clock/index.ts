import {XlsimCommand} from '../../src/cli/xlsim-command.js'
import {formatDuration} from '../../src/xl/duration.js'
import {jsonNs, nowNs} from '../../src/hypervisor/time.js'

export default class Clock extends XlsimCommand {
  static override summary = "Show the host's simulated time"
  static override examples = ['<%= config.bin %> clock', '<%= config.bin %> clock --json']
  static override enableJsonFlag = true

  async run(): Promise<unknown> {
    const {flags} = await this.parse(Clock)
    const r = (await this.session(flags.state)).readHost(h => ({nowNs: jsonNs(nowNs(h)), mode: h.config.clock, uptime: formatDuration(nowNs(h))}))
    if (this.jsonEnabled()) return r
    this.out(`now     : ${r.nowNs} ns\nmode    : ${r.mode}\nuptime  : ${r.uptime}\n`)
    return undefined
  }
}
