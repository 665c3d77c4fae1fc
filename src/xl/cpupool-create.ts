// main_cpupoolcreate (tools/xl/xl_cpupool.c): the pool's config (a file,
// key=value arguments appended to it, as xl create does) read by libxlu:
// `name` (else the file's basename), `sched` (else the host's scheduler),
// then `nodes` (every free pCPU of those nodes), a `cpus` list or a `cpus`
// string in vcpu-pin's syntax; dry run with -n or xl -N.
import {xlCommand} from './command.js'
import {XlError} from '../libxl/errors.js'
import {readConfigFile, strerror} from './config-file.js'
import {ConfigFailure, getList, getListItem, getString, parseConfigBytes, parseCpuList, type ParsedConfig} from '../libxlu/index.js'
import {strtolBase} from '../libxlu/strto.js'
import {cpupoolByName, cpupoolCreateXl, schedulerFromString, type LibxlScheduler} from '../libxl/cpupool.js'
import {freeCpus} from '../hypervisor/sched/cpupool.js'

/** atoi(): strtol's value cut to an int. */
export function atoi(s: string): number {
  return Number(BigInt.asIntN(32, strtolBase(s, 10).value))
}

export default xlCommand({
  name: 'cpupool-create',
  canDryrun: true,
  modifies: true,
  summary: 'Create a new CPU pool',
  usage: '[options] [<ConfigFile>] [Variable=value ...]',
  options: '-h, --help                   Print this help.\n-f FILE, --defconfig=FILE    Use the given configuration file.\n-n, --dryrun                 Dry run - prints the resulting configuration.\n                              (deprecated in favour of global -N option).\n\nSee the xlcpupool.cfg(5) manpage for more information.',
  getopt: {short: 'hnf:', long: [{name: 'help', hasArg: false, val: 'h'}, {name: 'defconfig', hasArg: true, val: 'f'}, {name: 'dryrun', hasArg: false, val: 'n'}], helpName: 'cpupool-create', requiredArgs: 0},
  main(c) {
    let filename = c.opts.arg('f')
    const dryrun = c.opts.has('n') || c.globals.dryRun
    let extra = ''
    for (const a of c.args) {
      if (a.includes('=')) extra += `\n${a}`
      else if (filename === undefined) filename = a
      else {
        c.help()
        return 1
      }
    }
    let data = ''
    if (filename !== undefined) {
      try {
        data = readConfigFile(filename)
      } catch (e) {
        // The same lines as xl create's, but main_cpupoolcreate returns EXIT_FAILURE.
        if (e instanceof XlError) throw new XlError(e.lines, 1)
        throw e
      }
    }
    const source = filename ?? 'command line'
    // The arguments' bytes (UTF-8), as the file's (read one char per byte).
    if (extra.length > 0) data += Buffer.from(`${extra}\n`, 'utf8').toString('latin1')
    let cfg: ParsedConfig
    try {
      cfg = parseConfigBytes(data, source)
    } catch (e) {
      if (!(e instanceof ConfigFailure)) throw e
      // xlu_cfg_readdata's lines, then xl_cpupool.c's own (EINVAL).
      const lines = e.lines.filter(l => !l.startsWith('Failed to parse config: '))
      throw new XlError([...lines, `Failed to parse config file: ${strerror('EINVAL')}`], e.exitCode === 1 ? 1 : e.exitCode)
    }
    const err: string[] = []
    const flushWarnings = () => {
      err.push(...cfg.warnings)
      cfg.warnings.length = 0
    }
    const fail = (line: string): never => {
      flushWarnings()
      throw new XlError([...err, line])
    }
    const r = c.host(host => {
      const n = getString(cfg, 'name')
      const name = n.ok ? n.value : filename !== undefined ? filename.slice(filename.lastIndexOf('/') + 1) : fail('Missing cpupool name!')
      if (cpupoolByName(host, name)) fail(`Pool name "${name}" already exists`)
      let sched: LibxlScheduler = host.config.sched
      const s = getString(cfg, 'sched')
      if (s.ok) sched = schedulerFromString(s.value) ?? fail('Unknown scheduler')
      const free = freeCpus(host)
      const cpus = new Set<number>()
      const nodes = getList(cfg, 'nodes')
      if (nodes.ok) {
        // One NUMA node (0) holding every pCPU.
        for (let i = 0; getListItem(nodes.value, i) !== null; i++) {
          if (atoi(getListItem(nodes.value, i)!) === 0) for (const f of free) cpus.add(f)
        }
        if (cpus.size === 0) fail('no free cpu found')
      } else {
        const list = getList(cfg, 'cpus', true)
        if (list.ok) {
          for (let i = 0; getListItem(list.value, i) !== null; i++) {
            const cpu = atoi(getListItem(list.value, i)!)
            if (cpu < 0 || !free.includes(cpu)) fail(`cpu ${cpu} illegal or not free`)
            cpus.add(cpu)
          }
        } else {
          const str = getString(cfg, 'cpus')
          if (str.ok) {
            const parsed = parseCpuList(str.value, host.config.cpus)
            if (!parsed.ok) fail(parsed.error)
            else {
              for (const cpu of parsed.cpus) {
                if (!free.includes(cpu)) fail(`cpu ${cpu} illegal or not free`)
                cpus.add(cpu)
              }
            }
          }
        }
      }
      flushWarnings()
      const text = `Using config file "${source}"\ncpupool name:   ${name}\nscheduler:      ${sched}\nnumber of cpus: ${cpus.size}\n`
      if (dryrun) return {text, lines: [] as string[], ok: true}
      const made = cpupoolCreateXl(host, name, sched, [...cpus].sort((a, b) => a - b))
      return {text, lines: made.lines, ok: made.id !== null}
    })
    c.warn2(err)
    c.out(r.text)
    if (!r.ok) throw new XlError([...r.lines, 'error on creating cpupool'])
  },
})
