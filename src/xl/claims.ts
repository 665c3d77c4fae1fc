// main_claims (tools/xl/xl_info.c): `xl list` with the Claimed column
// (outstanding_memkb). claim_mode is on (xl.c's default; Debian's xl.conf
// leaves it commented out), so no warning. Domains here have no claim left
// once built: libxl__build_pre claims and the build consumes it.
import {xlCommand} from './command.js'
import {listRows} from './views.js'
import {formatList} from './format/index.js'

export default xlCommand({
  name: 'claims',
  canDryrun: false,
  modifies: false,
  summary: 'List outstanding claim information about all domains',
  usage: '',
  options: '',
  getopt: {short: 'h', long: [{name: 'help', hasArg: false, val: 'h'}], helpName: 'claims', requiredArgs: 0},
  json: true,
  main(c) {
    const rows = c.readHost(h => listRows(h)).map(r => ({...r, claimedMiB: 0}))
    if (c.json) return c.printJson(rows.map(r => ({...r, cpuTimeNs: Number(r.cpuTimeNs)})))
    c.out(formatList(rows, {claim: true}))
  },
})
