// main_domname (tools/xl/xl_misc.c): uint32_t domid = strtol(...), "no
// digits at all" only when it reads 0 and nothing.
import {xlCommand} from './command.js'
import {XlError} from '../libxl/errors.js'
import {strtol} from './lifecycle-view.js'

export default xlCommand({
  name: 'domname',
  canDryrun: false,
  modifies: false,
  summary: 'Convert a domain id to domain name',
  usage: '<DomainId>',
  options: null,
  getopt: {short: 'h', long: [{name: 'help', hasArg: false, val: 'h'}], helpName: 'domname', requiredArgs: 1},
  json: true,
  main(c) {
    const arg = c.args[0]
    const r = strtol(arg)
    const domid = Number(BigInt.asUintN(32, r.value))
    if (domid === 0 && r.rest === arg) throw new XlError(['Invalid domain id.', ''])
    const name = c.readHost(h => h.domains.get(domid)?.name)
    if (name === undefined) throw new XlError(`Can't get domain name of domain id '${domid}', maybe this domain does not exist.`)
    if (c.json) return c.printJson({domid, name})
    c.out(`${name}\n`)
  },
})
