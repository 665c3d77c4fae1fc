import {arg, defineCommand, flag} from '../../../cli/command-def.js'
import {withHostDb} from '../../../cli/session.js'
import {saveSnapshot} from '../../../../state/snapshots.js'

export default defineCommand({
  summary: 'Save the whole host under a name (inside the state file)',
  args: {name: arg({required: true, description: 'snapshot name'})},
  flags: {force: flag.boolean({description: 'replace a snapshot of that name'})},
  run({args, flags}) {
    withHostDb({state: flags.state}, (db, wallMs) => saveSnapshot(db, args.name, wallMs, flags.force))
  },
})
