// main_domid (tools/xl/xl_misc.c): libxl_name_to_domid, names only (a number
// is a name like any other).
import {xlCommand} from './command.js'
import {XlError} from '../libxl/errors.js'

export default xlCommand({
  name: 'domid',
  canDryrun: false,
  modifies: false,
  summary: 'Convert a domain name to domain id',
  usage: '<DomainName>',
  options: null,
  getopt: {short: 'h', long: [{name: 'help', hasArg: false, val: 'h'}], helpName: 'domid', requiredArgs: 1},
  json: true,
  main(c) {
    const name = c.args[0]
    const domid = c.readHost(h => [...h.domains.values()].find(d => d.name === name)?.domid)
    if (domid === undefined) throw new XlError(`Can't get domid of domain name '${name}', maybe this domain does not exist.`)
    if (c.json) return c.printJson({name, domid})
    c.out(`${domid}\n`)
  },
})
