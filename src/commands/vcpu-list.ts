import {defineCommand} from '../cli/command-def.js'
import {findDomain} from '../libxl/domain.js'
import {XlError} from '../libxl/errors.js'
import {vcpuRows} from '../xl/views.js'
import {formatVcpuList, type VcpuRow} from '../xl/format/index.js'

export default defineCommand({
  summary: 'List the VCPUs for all/some domains',
  strict: false,
  json: true,
  run({argv, json, readHost: host, out}) {
    // xl prints the header, then each named domain in turn; an unknown one
    // ends the command there (find_domain exits), after the rows before it.
    const {rows, error} = host(h => {
      const rows: VcpuRow[] = []
      if (argv.length === 0) return {rows: vcpuRows(h), error: null}
      for (const a of argv) {
        try {
          rows.push(...vcpuRows(h, [findDomain(h, a)]))
        } catch (e) {
          if (e instanceof XlError) return {rows, error: e}
          throw e
        }
      }
      return {rows, error: null}
    })
    if (json) {
      if (error) throw error
      return rows.map(r => ({...r, timeNs: Number(r.timeNs)}))
    }
    out(formatVcpuList(rows))
    if (error) throw error
    return undefined
  },
})
