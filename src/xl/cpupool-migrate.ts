// main_cpupoolmigrate (tools/xl/xl_cpupool.c): the domain's vCPUs move to
// the pool's scheduler and pCPUs (sched_move_domain).
import {xlCommand} from './command.js'
import {XlError} from '../libxl/errors.js'
import {cpupoolByQualifier, cpupoolMoveDomainXl} from '../libxl/cpupool.js'
import type {Host} from '../hypervisor/host.js'
import type {Domain} from '../hypervisor/domain.js'

/** libxl_domain_qualifier_to_domid + libxl_domid_to_name: the domain, or null. */
function domainByQualifier(host: Host, q: string): Domain | null {
  if (q.length > 0 && /^[0-9]+$/.test(q)) {
    const id = Number(q)
    return Number.isSafeInteger(id) ? host.domains.get(id) ?? null : null
  }
  for (const d of host.domains.values()) if (d.name === q) return d
  return null
}

export default xlCommand({
  name: 'cpupool-migrate',
  canDryrun: false,
  modifies: true,
  summary: 'Moves a domain into a CPU pool',
  usage: '<Domain> <CPU Pool>',
  options: null,
  getopt: {short: 'h', long: [{name: 'help', hasArg: false, val: 'h'}], helpName: 'cpupool-migrate', requiredArgs: 2},
  main(c) {
    const [dom, pool] = c.args
    const err = c.host(host => {
      const d = domainByQualifier(host, dom)
      if (!d) throw new XlError(`unknown domain '${dom}'`)
      const p = cpupoolByQualifier(host, pool)
      if (!p) throw new XlError(`unknown cpupool '${pool}'`)
      return cpupoolMoveDomainXl(host, p.id, d)
    })
    if (err) throw new XlError(err)
  },
})
