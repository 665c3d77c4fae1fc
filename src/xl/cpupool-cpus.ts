// What `xl cpupool-cpu-add` and `cpupool-cpu-remove` share
// (main_cpupoolcpuadd / main_cpupoolcpuremove in tools/xl/xl_cpupool.c):
// the pCPUs in vcpu-pin's syntax (`3`, `2-3`, `node:0`, `all`, `^1`),
// parsed before the pool is looked up, then each pCPU in turn; those
// refused are reported and the command still exits 0, as xl does.
import type {Ctx} from './command.js'
import {XlError} from '../libxl/errors.js'
import {parseCpuList} from '../libxlu/index.js'
import {cpupoolByQualifier, cpupoolCpusXl} from '../libxl/cpupool.js'

export function runCpupoolCpus(c: Pick<Ctx, 'args' | 'host' | 'warn2'>, add: boolean): void {
  const [pool, spec] = c.args
  const r = c.host(host => {
    const cpus = parseCpuList(spec, host.config.cpus)
    if (!cpus.ok) throw new XlError(cpus.error)
    const p = cpupoolByQualifier(host, pool)
    if (!p) throw new XlError(`unknown cpupool '${pool}'`)
    return cpupoolCpusXl(host, p.id, cpus.cpus, add)
  })
  if (r.ok) return
  c.warn2(add
    ? [...r.lines, `some cpus may not have been added to ${pool}`]
    : [...r.lines, `Some cpus may have not or only partially been removed from '${pool}'.`,
      `If a cpu can't be added to another cpupool, add it to '${pool}' again and retry.`])
}
