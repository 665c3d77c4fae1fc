import {Args} from '@oclif/core'
import {XlsimCommand} from '../../../src/cli/xlsim-command.js'
import {withHostDb} from '../../../src/cli/session.js'
import {deleteSnapshot} from '../../../state/snapshots.js'

export default class HostSnapshotDelete extends XlsimCommand {
  static override summary = 'Delete a saved snapshot'
  static override examples = ['<%= config.bin %> host snapshot delete before-test']
  static override args = {name: Args.string({ignoreStdin: true, required: true, description: 'snapshot name'})}

  async run(): Promise<void> {
    const {args, flags} = await this.parse(HostSnapshotDelete)
    withHostDb({state: flags.state}, db => deleteSnapshot(db, args.name))
  }
}
