import {arg, defineCommand} from '../cli/command-def.js'
import {XlError} from '../libxl/errors.js'

export default defineCommand({
  summary: 'Convert a domain name to domain id',
  json: true,
  args: {name: arg({required: true, description: 'Domain name'})},
  run({args, json, readHost: host, out}) {
    // libxl_name_to_domid: names only (a number is a name like any other).
    const domid = host(h => [...h.domains.values()].find(d => d.name === args.name)?.domid)
    if (domid === undefined) {
      throw new XlError(`Can't get domid of domain name '${args.name}', maybe this domain does not exist.`)
    }
    if (json) return {name: args.name, domid}
    out(`${domid}\n`)
    return undefined
  },
})
