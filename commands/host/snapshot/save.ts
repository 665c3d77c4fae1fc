import {Args, Flags} from '@oclif/core'
import {XlCommand} from '../../../src/cli/base.js'
import {withHostDb} from '../../../src/cli/session.js'
import {saveSnapshot} from '../../../state/snapshots.js'

export default class SnapshotSave extends XlCommand {
  static override summary = 'Save the whole host under a name (inside the state file)'
  static override args = {name: Args.string({required: true, description: 'snapshot name'})}
  static override flags = {force: Flags.boolean({description: 'replace a snapshot of that name'})}

  async run(): Promise<void> {
    const {args, flags} = await this.parse(SnapshotSave)
    this.setState(flags.state)
    withHostDb(this.session, (db, wallMs) => saveSnapshot(db, args.name, wallMs, flags.force))
  }
}
