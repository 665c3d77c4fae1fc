import {Args} from '@oclif/core'
import {XlCommand} from '../../../src/cli/base.js'
import {withHostDb} from '../../../src/cli/session.js'
import {loadSnapshot} from '../../../state/snapshots.js'

export default class SnapshotLoad extends XlCommand {
  static override summary = 'Replace the host with a saved snapshot, exactly as it was saved'
  static override args = {name: Args.string({required: true, description: 'snapshot name'})}

  async run(): Promise<void> {
    const {args, flags} = await this.parse(SnapshotLoad)
    this.setState(flags.state)
    withHostDb(this.session, (db, wallMs) => loadSnapshot(db, args.name, wallMs))
  }
}
