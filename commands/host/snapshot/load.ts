import {Args} from '@oclif/core'
import {XlsimCommand} from '../../../src/cli/xlsim-command.js'
import {withHostDb} from '../../../src/cli/session.js'
import {loadSnapshot} from '../../../state/snapshots.js'

export default class HostSnapshotLoad extends XlsimCommand {
  static override summary = 'Replace the host with a saved snapshot, exactly as it was saved'
  static override examples = ['<%= config.bin %> host snapshot load before-test']
  static override args = {name: Args.string({ignoreStdin: true, required: true, description: 'snapshot name'})}

  async run(): Promise<void> {
    const {args, flags} = await this.parse(HostSnapshotLoad)
    withHostDb({state: flags.state}, (db, wallMs) => loadSnapshot(db, args.name, wallMs))
  }
}
