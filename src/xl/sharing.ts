// main_sharing (tools/xl/xl_mem.c): memory shared between domains (page
// sharing). The host modelled shares no pages, so Shared is 0; Mem is
// current plus outstanding (claimed) memory, in MiB.
import {xlCommand} from './command.js'
import {domainsInOrder} from '../hypervisor/host.js'
import {findDomain} from '../libxl/domain.js'
import {fmtInt, padRight} from './format/printf.js'

export default xlCommand({
  name: 'sharing',
  canDryrun: false,
  modifies: false,
  summary: 'Get information about page sharing',
  usage: '[Domain]',
  options: null,
  getopt: {short: 'h', long: [{name: 'help', hasArg: false, val: 'h'}], helpName: 'sharing', requiredArgs: 0},
  json: true,
  main(c) {
    if (c.args.length > 1) {
      c.help()
      return 1
    }
    const rows = c.readHost(h => (c.args.length ? [findDomain(h, c.args[0]!)] : domainsInOrder(h))
      .map(d => ({name: d.name, domid: d.domid, memMiB: Math.floor(d.memKiB / 1024), sharedMiB: 0})))
    if (c.json) return c.printJson(rows)
    c.out('Name                                        ID   Mem Shared\n' +
      rows.map(r => `${padRight(r.name, 40)} ${fmtInt(r.domid, 5)} ${fmtInt(r.memMiB, 5)}  ${fmtInt(r.sharedMiB, 5)}\n`).join(''))
  },
})
