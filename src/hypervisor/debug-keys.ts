// Debug keys (xen/common/keyhandler.c): each key's handler writes into the
// console ring; `xl debug-keys` itself prints nothing.
import type {Host} from './host.js'
import {domainsInOrder} from './host.js'
import type {Domain, Vcpu} from './domain.js'
import {formatRanges} from './domain.js'
import {xenLog} from './console.js'
import {archOps} from './arch/index.js'
import {formatMask} from './vm-assist.js'
import {requireControlDomain} from './domctl.js'
import {dumpRunqueues} from './sched/index.js'
import {nowNs} from './time.js'

/** XEN_SYSCTL_debug_keys: only the control domain may press keys. */
export function debugKeys(host: Host, caller: number, keys: string): void {
  requireControlDomain(caller)
  for (const key of keys) handleKeypress(host, key)
}

function handleKeypress(host: Host, key: string): void {
  const handlers = archOps(host.config.arch).keyHandlers
  const entry = handlers.find(([k]) => k === key)
  if (!entry) return // unregistered key: Xen ignores it
  switch (key) {
    case 'h': return showHandlers(host)
    case 'q': return dumpDomains(host)
    case 'r': return dumpRunq(host)
    case '*':
      xenLog(host.console, "'*' pressed -> firing all diagnostic keyhandlers")
      dumpDomains(host)
      dumpRunq(host)
      return xenLog(host.console, "'*' pressed -> diagnostic keyhandlers done")
    default:
      // Registered but not modelled: say which handler ran, as its header would.
      return xenLog(host.console, `'${key}' pressed -> ${entry[1]}`)
  }
}

function showHandlers(host: Host): void {
  xenLog(host.console, "'h' pressed -> showing installed handlers",
    ...archOps(host.config.arch).keyHandlers.map(
      ([k, desc]) => ` key '${k}' (ascii '${k.charCodeAt(0).toString(16).padStart(2, '0')}') => ${desc}`))
}

function cpuRange(set: number[] | null, nrCpus: number): string {
  return formatRanges(set ?? Array.from({length: nrCpus}, (_, i) => i))
}

/** libxl adds LIBXL_MAXMEM_CONSTANT (1 MiB) to a domU's max_pages for its own use. */
function maxPages(d: Domain): number {
  return (d.maxmemKiB + (d.domid === 0 ? 0 : 1024)) / 4
}

/**
 * The vCPU that pressed the key (`current` in the handler): xl's
 * XEN_SYSCTL_debug_keys comes from the toolstack, on a dom0 vCPU that is
 * running it, else (dom0 idle in the model) its last online vCPU.
 */
function toolstackVcpu(host: Host): Vcpu | undefined {
  const dom0 = host.domains.get(0)
  if (!dom0) return undefined
  const online = dom0.vcpus.filter(v => v.online)
  return online.filter(v => v.runstate.state === 0).at(-1) ?? online.at(-1)
}

/** dump_domains(): key 'q'. Layout from a real Xen 4.17 capture. */
function dumpDomains(host: Host): void {
  const arch = archOps(host.config.arch)
  const nr = host.config.cpus
  const lines = [`'q' pressed -> dumping domain info (now = ${nowNs(host)})`]
  const domains = domainsInOrder(host)
  const current = toolstackVcpu(host)
  for (const d of domains) {
    const running = arch.tracksDirtyCpus ? d.vcpus.filter(v => v.runstate.state === 0).map(v => v.processor).sort((a, b) => a - b) : []
    lines.push(
      `General information for domain ${d.domid}:`,
      `    refcnt=3 dying=${d.dying ? 1 : 0} pause_count=${d.pauseCount}`,
      `    nr_pages=${arch.domainPages(d)} xenheap_pages=2 dirty_cpus={${formatRanges([...new Set(running)])}} max_pages=${maxPages(d)}`,
      `    handle=${d.uuid} vm_assist=${formatMask(d.vmAssist)}`,
      ...arch.dumpDomainArch(d, host),
      `NODE affinity for domain ${d.domid}: [0]`,
      `VCPU information and callbacks for domain ${d.domid}:`,
    )
    for (const v of d.vcpus) {
      const isRunning = v.runstate.state === 0
      const blocked = v.runstate.state === 2
      const pauseFlags = (blocked ? 1 : 0) | (v.online ? 0 : 2)
      lines.push(
        `  UNIT${v.vcpuId} affinities: hard={${cpuRange(v.hardAffinity, nr)}} soft={${cpuRange(v.softAffinity, nr)}}`,
        `    VCPU${v.vcpuId}: CPU${v.processor} [has=${isRunning ? 'T' : 'F'}] poll=0 upcall_pend=00 ` +
          `upcall_mask=${arch.upcallMask(blocked).toString(16).padStart(2, '0')} ` +
          (isRunning && arch.tracksDirtyCpus ? `dirty_cpu=${v.processor}` : ''),
        `    pause_count=0 pause_flags=${pauseFlags.toString(16)}`,
        ...arch.dumpVcpuArch(d, v, v === current),
        'No periodic timer',
      )
    }
  }
  for (const d of domains) for (const v of d.vcpus) lines.push(`Notifying guest ${d.domid}:${v.vcpuId} (virq 1, port 0)`)
  lines.push(...arch.dumpSharedMem())
  xenLog(host.console, ...lines)
}

/** dump_runq(): the scheduler's run queues (xen/common/sched/core.c + the policy's dump). */
function dumpRunq(host: Host): void {
  xenLog(host.console, ...dumpRunqueues(host))
}
