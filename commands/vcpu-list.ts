import {XlCommand} from '../src/cli/base.js'
import {findDomain} from '../src/toolstack/domains.js'
import {XlError} from '../src/toolstack/errors.js'
import {vcpuRows} from '../src/xl/views.js'
import {formatVcpuList, type VcpuRow} from '../src/xl/format/index.js'

export default class VcpuList extends XlCommand {
  static override summary = 'List the VCPUs for all/some domains'
  static override strict = false
  static override enableJsonFlag = true

  async run(): Promise<unknown> {
    const {flags, argv} = await this.parse(VcpuList)
    this.setState(flags.state)
    // xl prints the header, then each named domain in turn; an unknown one
    // ends the command there (find_domain exits), after the rows before it.
    const {rows, error} = this.host(host => {
      const rows: VcpuRow[] = []
      if (argv.length === 0) return {rows: vcpuRows(host), error: null}
      for (const a of argv as string[]) {
        try {
          rows.push(...vcpuRows(host, [findDomain(host, a)]))
        } catch (e) {
          if (e instanceof XlError) return {rows, error: e}
          throw e
        }
      }
      return {rows, error: null}
    })
    if (this.jsonEnabled()) {
      if (error) throw error
      return rows.map(r => ({...r, timeNs: Number(r.timeNs)}))
    }
    this.out(formatVcpuList(rows))
    if (error) throw error
    return undefined
  }
}
