// What `xl mem-set` and `xl mem-max` share (xl_mem.c's set_memory_target /
// set_memory_max callers): a domain and a size, parsed the same way, and the
// libxl-level operation that differs.
import {arg, defineCommand} from '../cli/command-def.js'
import type {Domain} from '../hypervisor/domain.js'
import type {Host} from '../hypervisor/host.js'
import {findDomain} from '../libxl/domain.js'
import {XlError} from '../libxl/errors.js'
import {parseMemSizeKb} from '../libxlu/index.js'

export function memCommand(summary: string, apply: (host: Host, d: Domain, kb: bigint, text: string) => void) {
  return defineCommand({
    summary,
    args: {
      domain: arg({required: true, description: 'Domain'}),
      mem: arg({required: true, description: 'Memory size (MiB, or with a b/k/m/g/t suffix)'}),
    },
    run({args, host}) {
      host(h => {
        const d = findDomain(h, args.domain)
        const kb = parseMemSizeKb(args.mem)
        if (kb === null) throw new XlError(`invalid memory size: ${args.mem}`)
        apply(h, d, kb, args.mem)
      })
    },
  })
}
