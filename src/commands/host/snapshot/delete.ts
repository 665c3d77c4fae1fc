import {arg, defineCommand} from '../../../cli/command-def.js'
import {withHostDb} from '../../../cli/session.js'
import {deleteSnapshot} from '../../../../state/snapshots.js'

export default defineCommand({
  summary: 'Delete a saved snapshot',
  args: {name: arg({required: true, description: 'snapshot name'})},
  run({args, flags}) {
    withHostDb({state: flags.state}, db => deleteSnapshot(db, args.name))
  },
})
