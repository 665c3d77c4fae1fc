import {Args} from '@oclif/core'
import {XlCommand} from '../../../src/cli/base.js'
import {withHostDb} from '../../../src/cli/session.js'
import {deleteSnapshot} from '../../../state/snapshots.js'

export default class SnapshotDelete extends XlCommand {
  static override summary = 'Delete a saved snapshot'
  static override args = {name: Args.string({required: true, description: 'snapshot name'})}

  async run(): Promise<void> {
    const {args, flags} = await this.parse(SnapshotDelete)
    this.setState(flags.state)
    withHostDb(this.session, db => deleteSnapshot(db, args.name))
  }
}
