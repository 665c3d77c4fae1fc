import {fmtHex, fmtInt, fmtZero, padRight} from './printf.js'
import type {InfoFields, InfoOptions} from './types.js'

/** The keys of `xl info`, in the order real xl prints them. */
export const INFO_KEYS = [
  'host', 'release', 'version', 'machine',
  'nr_cpus', 'max_cpu_id', 'nr_nodes', 'cores_per_socket', 'threads_per_core',
  'cpu_mhz', 'hw_caps', 'virt_caps', 'total_memory', 'free_memory',
  'sharing_freed_memory', 'sharing_used_memory', 'outstanding_claims', 'free_cpus',
  'xen_major', 'xen_minor', 'xen_extra', 'xen_version', 'xen_caps', 'xen_scheduler',
  'xen_pagesize', 'platform_params', 'xen_changeset', 'xen_commandline',
  'cc_compiler', 'cc_compile_by', 'cc_compile_domain', 'cc_compile_date', 'build_id',
  'xend_config_format',
] as const

export type InfoKey = (typeof INFO_KEYS)[number]

function line(key: string, value: string): string {
  return padRight(key, 23) + ': ' + value + '\n'
}

function keyValues(f: InfoFields): [InfoKey, string][] {
  const khz = Math.trunc(f.cpu_khz)
  return [
    ['host', f.host],
    ['release', f.release],
    ['version', f.version],
    ['machine', f.machine],
    ['nr_cpus', String(f.nr_cpus)],
    ['max_cpu_id', String(f.max_cpu_id)],
    ['nr_nodes', String(f.nr_nodes)],
    ['cores_per_socket', String(f.cores_per_socket)],
    ['threads_per_core', String(f.threads_per_core)],
    ['cpu_mhz', `${Math.trunc(khz / 1000)}.${fmtZero(khz % 1000, 3)}`],
    ['hw_caps', Array.from({length: 8}, (_, i) => fmtHex((f.hw_caps[i] ?? 0) >>> 0, 8)).join(':')],
    // "virt_caps              :%s%s..." each capability with a leading space
    ['virt_caps', f.virt_caps.map((c) => ' ' + c).join('')],
    ['total_memory', String(f.total_memory)],
    ['free_memory', String(f.free_memory)],
    ['sharing_freed_memory', String(f.sharing_freed_memory)],
    ['sharing_used_memory', String(f.sharing_used_memory)],
    ['outstanding_claims', String(f.outstanding_claims)],
    ['free_cpus', String(f.free_cpus)],
    ['xen_major', String(f.xen_major)],
    ['xen_minor', String(f.xen_minor)],
    ['xen_extra', f.xen_extra],
    ['xen_version', `${f.xen_major}.${f.xen_minor}${f.xen_extra}`],
    ['xen_caps', f.xen_caps],
    ['xen_scheduler', f.xen_scheduler],
    ['xen_pagesize', String(f.xen_pagesize)],
    ['platform_params', `virt_start=0x${fmtHex(f.virt_start)}`],
    ['xen_changeset', f.xen_changeset],
    ['xen_commandline', f.xen_commandline],
    ['cc_compiler', f.cc_compiler],
    ['cc_compile_by', f.cc_compile_by],
    ['cc_compile_domain', f.cc_compile_domain],
    ['cc_compile_date', f.cc_compile_date],
    ['build_id', f.build_id],
    ['xend_config_format', '4'],
  ]
}

/** The text of one `key : value` line as xl's maybe_printf sees it. */
function infoLine(key: InfoKey, value: string): string {
  // virt_caps is printed as "virt_caps              :%s" (no space after ':').
  if (key === 'virt_caps') return padRight(key, 23) + ':' + value + '\n'
  return line(key, value)
}

/** xl's maybe_printf: with a filter, print only `value\n` of lines whose text starts with it. */
function maybe(text: string, only: string | undefined): string {
  if (only === undefined) return text
  if (!text.startsWith(only)) return ''
  const i = text.indexOf(':')
  if (i < 0 || text[i + 1] !== ' ') return ''
  return text.slice(i + 2)
}

function topologyTables(f: InfoFields): string {
  let out = 'cpu_topology           :\n'
  out += 'cpu:    core    socket     node\n';
  (f.cpu_topology ?? []).forEach((c, i) => {
    if (c) out += `${fmtInt(i, 3)}:    ${fmtInt(c.core, 4)}     ${fmtInt(c.socket, 4)}     ${fmtInt(c.node, 4)}\n`
  })
  // output_topologyinfo() returns after "libxl_get_pci_topology failed." (xl_info.c:303-305).
  if (f.pci_topology === null) return out
  out += 'device topology        :\n'
  out += 'device           node\n'
  let valid = 0
  for (const p of f.pci_topology ?? []) {
    if (!p) continue
    out +=
      `${fmtHex(p.seg, 4)}:${fmtHex(p.bus, 2)}:${fmtHex((p.devfn >> 3) & 0x1f, 2)}.${fmtHex(p.devfn & 7, 1)}` +
      `      ${p.node}\n`
    valid++
  }
  if (valid === 0) out += 'No device topology data available\n'
  return out
}

function numaTable(f: InfoFields): string {
  let out = 'numa_info              :\n'
  out += 'node:    memsize    memfree    distances\n';
  (f.numa_nodes ?? []).forEach((n, i) => {
    if (!n) return
    out += `${fmtInt(i, 4)}:    ${fmtInt(n.memsizeMiB, 6)}     ${fmtInt(n.memfreeMiB, 6)}      ${n.distances.join(',')}\n`
  })
  return out
}

/**
 * `xl info` (print_info in xl_info.c). With `numa`, the cpu/device topology
 * and numa_info tables come between free_cpus and xen_major, as in real xl.
 */
export function formatInfo(fields: InfoFields, opts: InfoOptions = {}): string {
  let out = ''
  for (const [key, value] of keyValues(fields)) {
    if (key === 'xen_major' && opts.numa) out += topologyTables(fields) + numaTable(fields)
    out += maybe(infoLine(key, value), opts.only)
  }
  return out
}
