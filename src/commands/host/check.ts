import {defineCommand} from '../../cli/command-def.js'
import {checkInvariants} from '../../hypervisor/invariants.js'

export default defineCommand({
  summary: "Check the host's invariants (ids, runstate sums, vm_assist masks, ring size, placement)",
  json: true,
  run({json, host, out, warn2, setExitCode}) {
    const problems = host(h => checkInvariants(h))
    if (problems.length) setExitCode(1)
    if (json) return {ok: problems.length === 0, problems}
    if (problems.length === 0) out('host check: ok\n')
    else warn2(problems.map(p => `host check: ${p}`))
    return undefined
  },
})
