// `xl workload` (xlsim's): what a domain's vCPUs run, shown or set.
import type {Host} from '../hypervisor/host.js'
import {findDomain} from '../libxl/domain.js'
import {XlError} from '../libxl/errors.js'
import {parseWorkload, formatWorkload, vcpuChanged} from '../hypervisor/sched/index.js'

export interface WorkloadRow {
  vcpu: number
  workload: string
}

/** A spec checked before the host is touched (exit 2 when it is not one). */
export function checkWorkloadSpec(spec: string): void {
  const w = parseWorkload(spec)
  if ('error' in w) throw new XlError(`xl: ${w.error}`, 2)
}

/** Set `spec` on one vCPU (or all) when given; the rows afterwards. */
export function applyWorkload(h: Host, ident: string, vcpuArg: string | undefined, spec: string | undefined): WorkloadRow[] {
  const d = findDomain(h, ident)
  let targets = d.vcpus
  if (vcpuArg !== undefined) {
    const n = /^\d+$/.test(vcpuArg) ? Number(vcpuArg) : -1
    if (!d.vcpus[n]) throw new XlError(`xl: domain ${d.name} has no vcpu ${vcpuArg}`)
    targets = [d.vcpus[n]]
  }
  if (spec !== undefined) for (const v of targets) {
    v.workload = spec
    vcpuChanged(h, d, v)
  }
  return d.vcpus.map(v => ({vcpu: v.vcpuId, workload: v.workload}))
}

export function formatWorkloads(rows: readonly WorkloadRow[]): string {
  return rows.map(r => `vcpu ${r.vcpu}: ${formatWorkload(parseWorkloadOrIdle(r.workload))}\n`).join('')
}

function parseWorkloadOrIdle(spec: string) {
  const w = parseWorkload(spec)
  return 'error' in w ? parseWorkload('idle') as Exclude<ReturnType<typeof parseWorkload>, {error: string}> : w
}
