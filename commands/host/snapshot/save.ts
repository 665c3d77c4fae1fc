import {Args, Flags} from '@oclif/core'
import {XlsimCommand} from '../../../src/cli/xlsim-command.js'
import {withHostDb} from '../../../src/cli/session.js'
import {saveSnapshot} from '../../../state/snapshots.js'

export default class HostSnapshotSave extends XlsimCommand {
  static override summary = 'Save the whole host under a name (inside the state file)'
  static override examples = ['<%= config.bin %> host snapshot save before-test', '<%= config.bin %> host snapshot save before-test --force']
  static override args = {name: Args.string({ignoreStdin: true, required: true, description: 'snapshot name'})}
  static override flags = {force: Flags.boolean({description: 'replace a snapshot of that name'})}

  async run(): Promise<void> {
    const {args, flags} = await this.parse(HostSnapshotSave)
    withHostDb({state: flags.state}, (db, wallMs) => saveSnapshot(db, args.name, wallMs, flags.force))
  }
}
