import {defineCommand} from '../../cli/command-def.js'
import {checkInvariants} from '../../hypervisor/invariants.js'
import {checkHost} from '../../cli/session.js'

export default defineCommand({
  summary: "Check the host's invariants (ids, runstate sums, vm_assist masks, ring size, placement)",
  json: true,
  run({flags, globals, json, out, warn2, setExitCode}) {
    // Damaged rows first (each named), then the invariants of the host.
    const problems = checkHost({state: flags.state, dryRun: globals.dryRun, warn: l => warn2([l])}, checkInvariants)
    if (problems.length) setExitCode(1)
    if (json) return {ok: problems.length === 0, problems}
    if (problems.length === 0) out('host check: ok\n')
    else warn2(problems.map(p => `host check: ${p}`))
    return undefined
  },
})
