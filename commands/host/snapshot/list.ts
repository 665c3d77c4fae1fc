import {XlsimCommand} from '../../../src/cli/xlsim-command.js'
import {readHostDb} from '../../../src/cli/session.js'
import {listSnapshots} from '../../../state/snapshots.js'
import {formatDuration} from '../../../src/xl/duration.js'

export default class HostSnapshotList extends XlsimCommand {
  static override summary = 'List saved snapshots'
  static override examples = ['<%= config.bin %> host snapshot list', '<%= config.bin %> host snapshot list --json']
  static override enableJsonFlag = true

  async run(): Promise<unknown> {
    const {flags} = await this.parse(HostSnapshotList)
    const list = readHostDb({state: flags.state}, db => listSnapshots(db))
    if (this.jsonEnabled()) return list
    this.out(`${'Name'.padEnd(24)} ${'Domains'.padStart(7)}  ${'Uptime'.padEnd(16)} Saved\n` + list.map(s =>
      `${s.name.padEnd(24)} ${String(s.domains).padStart(7)}  ${formatDuration(s.nowNs).padEnd(16)} ${new Date(s.createdMs).toISOString()}\n`).join(''))
    return undefined
  }
}
