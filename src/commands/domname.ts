import {arg, defineCommand} from '../cli/command-def.js'
import {XlError} from '../libxl/errors.js'
import {strtol} from '../xl/lifecycle-view.js'

export default defineCommand({
  summary: 'Convert a domain id to domain name',
  json: true,
  args: {domid: arg({required: true, description: 'Domain id'})},
  run({args, json, readHost: host, out}) {
    // uint32_t domid = strtol(...): "no digits at all" only when it reads 0 and nothing.
    const r = strtol(args.domid)
    const domid = Number(BigInt.asUintN(32, r.value))
    if (domid === 0 && r.rest === args.domid) throw new XlError(['Invalid domain id.', ''])
    const name = host(h => h.domains.get(domid)?.name)
    if (name === undefined) {
      throw new XlError(`Can't get domain name of domain id '${domid}', maybe this domain does not exist.`)
    }
    if (json) return {domid, name}
    out(`${name}\n`)
    return undefined
  },
})
