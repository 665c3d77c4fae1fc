// `xl top`: samples read off the host, frames computed from two samples (the
// percentages cover the interval between them, as xentop's do), and the batch
// loop. The formatters never touch the hypervisor; the hypervisor never
// formats. Interactive rendering lives in src/views/top/.
import type {Host} from '../hypervisor/host.js'
import {XEN_RELEASES, domainsInOrder} from '../hypervisor/host.js'
import {domainRunningTime} from '../hypervisor/runstate-get.js'
import {runstateAt, runstateTime} from '../hypervisor/runstate.js'
import {RUNSTATE_blocked, RUNSTATE_offline, RUNSTATE_running, RUNSTATE_runnable} from '../hypervisor/types.js'
import type {XentopFrame, XentopOptions} from './format/types.js'
import {formatXentopBatch, xentopCpuPct} from './format/xentop.js'
import {formatDuration, parseDuration} from './duration.js'
import {advanceBy} from '../libxl/clock.js'
import {toolstackWaits} from '../libxl/toolstack.js'
import {XlError} from '../libxl/errors.js'
import {isHostBusy} from '../shell/busy.js'
import {nowNs} from '../hypervisor/time.js'
import {LIBXL_MAXMEM_CONSTANT_KIB} from '../libxl/mem.js'
import {deviceCounts} from '../libxl/device-info.js'

/** One domain as xenstat sees it at one instant. */
export interface TopDomainSample {
  domid: number
  name: string
  running: boolean
  blocked: boolean
  paused: boolean
  shutdown: boolean
  crashed: boolean
  dying: boolean
  cpuNs: number
  /** Per online vCPU (by vcpu id): runnable + offline ns so far (what a guest counts as steal). */
  stealNs: Record<number, number>
  onlineVcpus: number
  /** Every vCPU, online or not (xenstat's num_vcpus: max_vcpu_id + 1). */
  nrVcpus: number
  memKiB: number
  /** Xen's max_pages in KiB: libxl's LIBXL_MAXMEM_CONSTANT slack included for a domU. */
  maxmemKiB: number
  /** NETS and VBDS: the domain's vifs and disks (xenstat counts its backends' devices). */
  nets: number
  vbds: number
  vbdDevs: number[]
}

export interface TopSample {
  nowNs: number
  clock: 'wall' | 'manual'
  arch: string
  xen: string
  sched: string
  cpus: number
  memoryKiB: number
  domains: TopDomainSample[]
}

export function sampleHost(host: Host): TopSample {
  const now = host.now
  return {
    // A double: exact for 104 days, within 16 ns after 3 years (top shows rates).
    nowNs: Number(nowNs(host)), clock: host.config.clock, arch: host.config.arch, xen: XEN_RELEASES[host.config.xen],
    sched: host.config.sched, cpus: host.config.cpus, memoryKiB: host.config.memoryMiB * 1024,
    domains: domainsInOrder(host).map(d => {
      const online = d.vcpus.filter(v => v.online)
      const stealNs: Record<number, number> = {}
      for (const v of online) {
        const rs = runstateAt(v.runstate, now)
        stealNs[v.vcpuId] = runstateTime(rs, RUNSTATE_runnable) + runstateTime(rs, RUNSTATE_offline)
      }
      return {
        domid: d.domid, name: d.name,
        // XEN_DOMCTL_getdomaininfo: running if any vCPU is; blocked if every online one is.
        running: d.vcpus.some(v => v.runstate.state === RUNSTATE_running),
        blocked: online.length > 0 && online.every(v => v.runstate.state === RUNSTATE_blocked),
        paused: d.pauseCount > 0, shutdown: d.shutdown !== null, crashed: d.shutdown === 'crash', dying: d.dying,
        cpuNs: domainRunningTime(host, d), stealNs, onlineVcpus: online.length, nrVcpus: d.vcpus.length,
        // libxl__build_pre / libxl_domain_setmaxmem (libxl_dom.c, libxl_mem.c)
        // give Xen max_memkb + LIBXL_MAXMEM_CONSTANT; dom0's is Xen's own.
        memKiB: d.memKiB, maxmemKiB: d.maxmemKiB + (d.domid === 0 ? 0 : LIBXL_MAXMEM_CONSTANT_KIB),
        ...deviceCounts(d),
      }
    }),
  }
}

/** One domain of a frame: the sample plus the interval's percentages. */
export interface TopRow extends TopDomainSample {
  /** xentop's CPU(%): CPU time in the interval / interval (100 per busy vCPU). */
  cpuPct: number
  /** Steal time of the online vCPUs in the interval / (interval x online vCPUs). */
  stealPct: number
  memPct: number
  maxmemPct: number
}

export interface TopCounts {
  total: number
  running: number
  blocked: number
  paused: number
  crashed: number
  dying: number
  shutdown: number
}

export interface TopFrame extends Omit<TopSample, 'domains'> {
  /** Simulated ns since the previous frame; 0 for the first. */
  intervalNs: number
  rows: TopRow[]
  counts: TopCounts
  usedMemKiB: number
}

/** A frame from the current sample and the previous one (null for the first frame). */
export function topFrame(cur: TopSample, prev: TopSample | null): TopFrame {
  const intervalNs = prev ? cur.nowNs - prev.nowNs : 0
  const before = new Map(prev?.domains.map(d => [d.domid, d]) ?? [])
  const rows = cur.domains.map((d): TopRow => {
    const p = intervalNs > 0 ? before.get(d.domid) : undefined
    let steal = 0
    if (p) for (const [id, ns] of Object.entries(d.stealNs)) steal += ns - (p.stealNs[Number(id)] ?? ns)
    return {
      ...d,
      cpuPct: p ? xentopCpuPct(d.cpuNs, p.cpuNs, intervalNs / 1000) : 0,
      stealPct: p && d.onlineVcpus > 0 ? Math.max(0, (steal / (intervalNs * d.onlineVcpus)) * 100) : 0,
      memPct: (d.memKiB / cur.memoryKiB) * 100,
      maxmemPct: (d.maxmemKiB / cur.memoryKiB) * 100,
    }
  })
  const count = (f: (d: TopDomainSample) => boolean) => cur.domains.filter(f).length
  const {domains: _omit, ...host} = cur
  return {
    ...host, intervalNs, rows,
    counts: {
      total: cur.domains.length, running: count(d => d.running), blocked: count(d => d.blocked),
      paused: count(d => d.paused), crashed: count(d => d.crashed), dying: count(d => d.dying),
      shutdown: count(d => d.shutdown),
    },
    usedMemKiB: cur.domains.reduce((s, d) => s + d.memKiB, 0),
  }
}

/** The frame as xentop -b prints it (its columns, no steal). */
export function xentopFrame(f: TopFrame): XentopFrame {
  return {
    totalMemBytes: f.memoryKiB * 1024,
    domains: f.rows.map(r => ({
      name: r.name, domid: r.domid, dying: r.dying, shutdown: r.shutdown, blocked: r.blocked,
      crashed: r.crashed, paused: r.paused, running: r.running, cpuNs: r.cpuNs, cpuPct: r.cpuPct,
      memBytes: r.memKiB * 1024, maxMemBytes: r.maxmemKiB * 1024, vcpus: r.nrVcpus,
      nets: r.nets, vbds: r.vbds, vbdDevs: r.vbdDevs,
    })),
  }
}

export type TopSort = 'name' | 'cpu' | 'steal'

/** Rows in display order: by name (xentop's default, strcasecmp), or busiest first. */
export function sortRows(rows: readonly TopRow[], by: TopSort, reverse = false): TopRow[] {
  const name = (a: TopRow, b: TopRow) => {
    const x = a.name.toLowerCase()
    const y = b.name.toLowerCase()
    return x < y ? -1 : x > y ? 1 : a.domid - b.domid
  }
  const cmp = by === 'name' ? name
    : by === 'cpu' ? (a: TopRow, b: TopRow) => b.cpuPct - a.cpuPct || name(a, b)
      : (a: TopRow, b: TopRow) => b.stealPct - a.stealPct || name(a, b)
  const sorted = [...rows].sort(cmp)
  return reverse ? sorted.reverse() : sorted
}

/**
 * xentop's three header lines, with simulated time and the host in place of
 * the wall clock. A manual clock moves only when a command runs it, and top
 * does, so the first line says so.
 */
export function headerLines(f: TopFrame): string[] {
  const c = f.counts
  return [
    `xl top - ${formatDuration(f.nowNs)} simulated (${f.clock === 'manual' ? 'manual clock, run by top' : 'wall clock'})   Xen ${f.xen}  ${f.arch}  ${f.sched}  ${f.cpus} pCPUs`,
    `${c.total} domains: ${c.running} running, ${c.blocked} blocked, ${c.paused} paused, ${c.crashed} crashed, ${c.dying} dying, ${c.shutdown} shutdown`,
    `Mem: ${f.memoryKiB}k total, ${f.usedMemKiB}k used, ${f.memoryKiB - f.usedMemKiB}k free    CPUs: ${f.cpus}`,
  ]
}

export interface BatchOptions {
  /** One line for stderr (what the run does to a manual clock; waiting for a lock). */
  note?(line: string): void
  /** Reads one sample in its own short transaction, first running a manual-clock host forward by advanceNs. */
  sample(advanceNs: number): TopSample
  delayNs: number
  /** Frames to print; undefined = until killed (xentop -b without -i). */
  iterations?: number
  /** Manual clock without -i: simulated seconds per real second, to pace an endless run. */
  speed?: number
  write(text: string): void
  /** Real-time wait between frames (wall clock only). */
  sleep(ms: number): Promise<void>
  /** xentop's -n and -x. */
  xentop?: XentopOptions
}

/**
 * xentop -b: a frame, then (iterations permitting) wait the delay and
 * sample again. A manual clock is advanced by the delay instead of waiting,
 * so a batch run is instant and deterministic; a wall clock runs by itself
 * (each transaction catches it up), so the loop sleeps in real time. An
 * endless manual run (no -i) is paced at `speed` rather than spinning.
 */
export async function runTopBatch(o: BatchOptions): Promise<void> {
  let prev: TopSample | null = null
  for (let i = 0; o.iterations === undefined || i < o.iterations; i++) {
    let cur: TopSample
    if (prev === null) cur = await sampleRiding(o, 0)
    else if (prev.clock === 'manual') {
      if (o.iterations === undefined) await o.sleep(o.delayNs / 1e6 / (o.speed ?? 1))
      cur = await sampleRiding(o, o.delayNs)
    } else {
      await o.sleep(o.delayNs / 1e6)
      cur = await sampleRiding(o, 0)
    }
    if (prev === null && cur.clock === 'manual' && o.iterations !== 1) o.note?.(manualClockNote(o.delayNs))
    o.write(formatXentopBatch([xentopFrame(topFrame(cur, prev))], o.xentop))
    prev = cur
  }
}

/** What top does to a manual clock, said where it runs (batch: on stderr). */
export function manualClockNote(delayNs: number): string {
  return `xl top: the host has a manual clock; each frame runs it forward by ${Number((delayNs / 1e9).toPrecision(6))} s (the new time is kept)`
}

/**
 * One sample, waiting out another process's write lock instead of ending
 * (the sample's transaction rolled back, so trying again is safe; a manual
 * clock is advanced once, by the frame that succeeds).
 */
async function sampleRiding(o: BatchOptions, advanceNs: number): Promise<TopSample> {
  for (let said = false; ; said = true) {
    try {
      return o.sample(advanceNs)
    } catch (e) {
      if (!isHostBusy(e)) throw e
      if (!said) o.note?.('xl top: the host is locked by another xl process; waiting for it')
      await o.sleep(100)
    }
  }
}

export interface TopCommand {
  flags: {delay?: string; speed?: string; iterations?: number; batch: boolean; networks?: boolean; vbds?: boolean}
  host<T>(fn: (host: Host) => T): T
  out(text: string): void
  warn2(lines: readonly string[]): void
  /** The full-screen view (src/views/top, which imports this module: the caller loads it). */
  interactive(o: {sample: (advanceNs: number) => TopSample; delayS: number; speed: number; iterations: number | undefined}): Promise<unknown>
}

/** `xl top`: options checked, then batch frames or the full-screen view. */
export async function runTop({flags, host, out, warn2, interactive}: TopCommand): Promise<void> {
  const delayNs = parseTopDelay(flags.delay ?? '1')
  const speed = parseTopSpeed(flags.speed ?? '1')
  if (typeof delayNs !== 'number') throw new XlError(delayNs.error)
  if (typeof speed !== 'number') throw new XlError(speed.error)
  // One short transaction per frame: the state file is shared with other xl processes.
  const sample = (advanceNs: number): TopSample => host(h => {
    // xentop sleeps between frames (its vCPU is free meanwhile).
    if (advanceNs > 0 && h.config.clock === 'manual') toolstackWaits(h, () => advanceBy(h, advanceNs))
    return sampleHost(h)
  })
  const sleep = (ms: number) => new Promise<void>(resolve => setTimeout(resolve, ms))
  if (flags.batch || !process.stdout.isTTY || !process.stdin.isTTY) {
    await runTopBatch({sample, delayNs, iterations: flags.iterations, speed, write: t => out(t), note: l => warn2([l]), sleep,
      xentop: {networks: flags.networks, vbds: flags.vbds}})
    return
  }
  await interactive({sample, delayS: delayNs / 1e9, speed, iterations: flags.iterations})
}

/** `-d`: seconds as xentop takes them ("2", "0.5"), or a duration ("250ms", "1m"). */
export function parseTopDelay(text: string): number | {error: string} {
  const ns = /^\s*\d+(\.\d+)?\s*$/.test(text) ? Math.round(Number(text) * 1e9) : parseDuration(text)
  if (typeof ns !== 'number') return {error: `xl top: ${ns.error}`}
  if (ns < 1e8 || ns > 3600e9) return {error: `xl top: delay '${text}' out of range (0.1 to 3600 seconds)`}
  return ns
}

/** `--speed`: simulated seconds per real second ("10", "0.5", "60x"). */
export function parseTopSpeed(text: string): number | {error: string} {
  const x = Number(text.replace(/x$/, ''))
  if (!Number.isFinite(x) || x < 1 / 64 || x > 86400) return {error: `xl top: speed '${text}' must be a number from 1/64 to 86400 (simulated seconds per real second)`}
  return x
}
