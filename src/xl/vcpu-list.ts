// main_vcpulist (tools/xl/xl_vcpu.c): the header, then each named domain in
// turn; an unknown one ends the command there (find_domain exits), after the
// rows before it.
import {xlCommand} from './command.js'
import {findDomain} from '../libxl/domain.js'
import {XlError} from '../libxl/errors.js'
import {vcpuRows} from './views.js'
import {formatVcpuList, type VcpuRow} from './format/index.js'

export default xlCommand({
  name: 'vcpu-list',
  canDryrun: false,
  modifies: false,
  summary: 'List the VCPUs for all/some domains',
  usage: '[Domain, ...]',
  options: null,
  getopt: {short: 'h', long: [{name: 'help', hasArg: false, val: 'h'}], helpName: 'vcpu-list', requiredArgs: 0},
  json: true,
  main(c) {
    const {rows, error} = c.readHost(h => {
      const rows: VcpuRow[] = []
      if (c.args.length === 0) return {rows: vcpuRows(h), error: null}
      for (const a of c.args) {
        try {
          rows.push(...vcpuRows(h, [findDomain(h, a)]))
        } catch (e) {
          if (e instanceof XlError) return {rows, error: e}
          throw e
        }
      }
      return {rows, error: null}
    })
    if (c.json) {
      if (error) throw error
      return c.printJson(rows.map(r => ({...r, timeNs: Number(r.timeNs)})))
    }
    c.out(formatVcpuList(rows))
    if (error) throw error
  },
})
