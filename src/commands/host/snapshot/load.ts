import {arg, defineCommand} from '../../../cli/command-def.js'
import {withHostDb} from '../../../cli/session.js'
import {loadSnapshot} from '../../../../state/snapshots.js'

export default defineCommand({
  summary: 'Replace the host with a saved snapshot, exactly as it was saved',
  args: {name: arg({required: true, description: 'snapshot name'})},
  run({args, flags}) {
    withHostDb({state: flags.state}, (db, wallMs) => loadSnapshot(db, args.name, wallMs))
  },
})
