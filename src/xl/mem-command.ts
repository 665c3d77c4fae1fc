// What `xl mem-set` and `xl mem-max` share (xl_mem.c's set_memory_target /
// set_memory_max callers): a domain and a size, parsed the same way, and the
// libxl-level operation that differs.
import type {Main} from './command.js'
import type {Domain} from '../hypervisor/domain.js'
import type {Host} from '../hypervisor/host.js'
import {findDomain} from '../libxl/domain.js'
import {XlError} from '../libxl/errors.js'
import {parseMemSizeKb} from '../libxlu/index.js'

export function memMain(apply: (host: Host, d: Domain, kb: bigint, text: string) => void): Main {
  return c => {
    const [ident, mem] = c.args
    c.host(h => {
      const d = findDomain(h, ident)
      const kb = parseMemSizeKb(mem)
      if (kb === null) throw new XlError(`invalid memory size: ${mem}`)
      apply(h, d, kb, mem)
    })
  }
}
