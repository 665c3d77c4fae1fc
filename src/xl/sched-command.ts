// What `xl sched-credit` and `xl sched-credit2` share (xl_sched.c's
// main_sched_credit / main_sched_credit2): the option checks, -s (show or
// set the cpupool parameters), the pool listing, one domain's row, setting a
// domain's weight/cap, and the text-vs-JSON output. Each command supplies
// its scheduler name, its pool view and formatter, and how its pool
// parameters are set.
import type {Ctx} from './command.js'
import type {Host} from '../hypervisor/host.js'
import {cpupoolXl, schedDomainSetXl, schedPoolGetXl} from '../libxl/sched.js'
import {findDomain} from '../libxl/domain.js'
import {XlError} from '../libxl/errors.js'
import {cpupools, domainPoolId} from '../hypervisor/sched/cpupool.js'
import {domainScheduler} from '../hypervisor/sched/index.js'
import {SCHED_HEADER, type SchedOptions, type SchedRow} from './format/index.js'
import {schedRow, schedRows, strtolInt} from './lifecycle-view.js'

/** The options both commands take. */
export interface SchedFlags {
  domain?: string
  weight?: string
  cap?: string
  schedparam: boolean
  cpupool?: string
}

export interface SchedSpec<P extends {unavailable?: boolean}> {
  sched: 'credit' | 'credit2'
  /** The options that may not go with -d/-w/-c, and xl's message when they do. */
  conflict: {given: boolean; message: string}
  /** Whether pool parameters without -s are an error (credit) rather than ignored (credit2). */
  poolParamsNeedSchedparam: boolean
  /** Cpupool `poolId`'s parameters as this scheduler shows them. */
  pool: (host: Host, poolId: number) => P
  format: (pool: P, rows: readonly SchedRow[], opts?: SchedOptions) => string
  /** Applies the pool parameters given on the command line to pool `poolId`; undefined when none were. */
  setPool: ((host: Host, poolId: number) => void) | undefined
}

interface SchedResult {
  err: string | null
  text: string
  data: object | null
  /** The error ends the command (after the text) instead of being a warning. */
  fail?: boolean
}

/** The options both commands take (-d -w -c -s -p), from getopt. */
export function schedFlags(c: Pick<Ctx, 'opts'>): SchedFlags {
  const o = c.opts
  return {domain: o.arg('d'), weight: o.arg('w'), cap: o.arg('c'), schedparam: o.has('s'), cpupool: o.arg('p')}
}

/** Runs either sched command: the checks, the host transaction, then text or JSON. */
export function runSched<P extends {unavailable?: boolean}>(inv: Pick<Ctx, 'json' | 'host' | 'out' | 'warn2' | 'printJson'>, f: SchedFlags, spec: SchedSpec<P>): void {
  const {json} = inv
  const has = (v: string | undefined) => v !== undefined
  if (spec.conflict.given && (has(f.domain) || has(f.weight) || has(f.cap))) throw new XlError(spec.conflict.message)
  if (!has(f.domain) && (has(f.weight) || has(f.cap))) throw new XlError('Must specify a domain.')
  if (spec.poolParamsNeedSchedparam && !f.schedparam && spec.setPool) {
    throw new XlError('Must specify schedparam to set schedule parameter values.')
  }
  const {sched} = spec
  const r = inv.host((host): SchedResult => {
    if (f.schedparam) {
      const poolId = f.cpupool !== undefined ? cpupoolXl(host, f.cpupool) : 0
      const pool = () => spec.pool(host, poolId)
      if (!spec.setPool) {
        const err = schedPoolGetXl(host, sched, poolId)
        const p = err ? {...pool(), unavailable: true} : pool()
        return {err, text: spec.format(p, [], {schedparam: true}), data: {pool: err ? null : p}}
      }
      spec.setPool(host, poolId)
      return {err: null, text: '', data: {pool: pool()}}
    }
    if (f.domain === undefined) {
      // sched_domain_output(): each pool running this scheduler (or the one named), its domains.
      const only = f.cpupool !== undefined ? cpupoolXl(host, f.cpupool) : undefined
      let text = ''
      const pools: {pool: P; domains: SchedRow[]}[] = []
      for (const p of cpupools(host)) {
        if (p.sched !== sched || (only !== undefined && p.id !== only)) continue
        const rows = schedRows(host).filter(r => domainPoolId(host.domains.get(r.domid)!) === p.id)
        text += spec.format(spec.pool(host, p.id), rows)
        pools.push({pool: spec.pool(host, p.id), domains: rows})
      }
      return {err: null, text, data: {pool: pools[0]?.pool ?? null, domains: pools.flatMap(p => p.domains), pools}}
    }
    const d = findDomain(host, f.domain)
    if (!has(f.weight) && !has(f.cap)) {
      const theirs = domainScheduler(host, d)
      if (theirs !== sched) {
        // The header is printed before libxl reports the other scheduler.
        return {err: `libxl_domain_sched_params_get returned ${theirs} not ${sched}.`, text: json ? '' : `${SCHED_HEADER}\n`, data: null, fail: true}
      }
      const rows: SchedRow[] = [schedRow(d)]
      return {err: null, text: spec.format(spec.pool(host, domainPoolId(d)), rows, {domain: true}), data: {domains: rows}}
    }
    schedDomainSetXl(host, d, sched, has(f.weight) ? strtolInt(f.weight!) : -1, has(f.cap) ? strtolInt(f.cap!) : -1)
    return {err: null, text: '', data: {domains: [schedRow(d)]}}
  })
  if (r.fail) {
    inv.out(r.text)
    throw new XlError(r.err!)
  }
  if (r.err) inv.warn2([r.err])
  if (json) return inv.printJson(r.data)
  inv.out(r.text)
}
