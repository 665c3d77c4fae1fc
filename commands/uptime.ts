import {Flags} from '@oclif/core'
import {XlCommand} from '../src/cli/base.js'
import {findDomain} from '../src/toolstack/domains.js'
import {uptimeRows} from '../src/xl/views.js'
import {formatUptime} from '../src/xl/format/index.js'
import {simulatedClock} from '../src/xl/lifecycle-view.js'

export default class Uptime extends XlCommand {
  static override summary = 'Print uptime for all/some domains'
  static override strict = false
  static override enableJsonFlag = true
  static override flags = {short: Flags.boolean({char: 's', description: 'Short output: clock, uptime, name and id'})}

  async run(): Promise<unknown> {
    const {flags, argv} = await this.parse(Uptime)
    this.setState(flags.state)
    const {rows, clock} = this.host(host => {
      const domains = argv.length ? (argv as string[]).map(a => findDomain(host, a)) : undefined
      return {rows: uptimeRows(host, domains), clock: simulatedClock(host.now)}
    })
    if (this.jsonEnabled()) return rows
    this.out(formatUptime(rows, {short: flags.short, clock}))
    return undefined
  }
}
