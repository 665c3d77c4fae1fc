import {defineCommand} from '../../cli/command-def.js'
import {destroyHost} from '../../cli/session.js'

export default defineCommand({
  summary: 'Power off and forget the simulated host (the next command boots a new default host)',
  run({flags}) {
    destroyHost({state: flags.state})
  },
})
