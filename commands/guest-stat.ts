import {Args} from '@oclif/core'
import {XlsimCommand} from '../src/cli/xlsim-command.js'
import {findDomain} from '../src/libxl/domain.js'
import {guestStat} from '../src/guest/procstat.js'
import {formatProcStat, formatTopSummary} from '../src/xl/guest-stat-view.js'

export default class GuestStat extends XlsimCommand {
  static override summary = "The guest's /proc/stat cpu lines and top-like %st per CPU"
  static override description = 'Percentages cover the time since the previous `xl guest-stat` of this domain (since boot the first time). Steal is what the guest accounted from its steal clock (runnable + offline time of its vCPU).'
  static override examples = ['<%= config.bin %> guest-stat g1', '<%= config.bin %> guest-stat g1 --json']
  static override enableJsonFlag = true
  static override args = {domain: Args.string({ignoreStdin: true, required: true, description: 'Domain'})}

  async run(): Promise<unknown> {
    const {args, flags} = await this.parse(GuestStat)
    // Not read-only: the guest remembers the previous sample for its percentages.
    const r = (await this.session(flags.state)).host(h => {
      const d = findDomain(h, args.domain)
      return {d, stats: guestStat(h, d)}
    })
    if (this.jsonEnabled()) {
      const g = r.d.guest
      return {domid: r.d.domid, name: r.d.name, stealEnabled: g.stealEnabled, tickStolenAccounting: g.tickStolenAccounting,
        runqueueStealEnabled: g.stealRqEnabled, cpus: r.stats}
    }
    this.out(formatProcStat(r.stats) + formatTopSummary(r.d, r.stats))
    return undefined
  }
}
