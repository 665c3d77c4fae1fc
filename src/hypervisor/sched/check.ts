// What must hold of the scheduler between calls (part of `xl host check`):
// every vCPU's runstate agrees with where the scheduler has it, none is
// running or waiting on a pCPU its hard affinity (within its cpupool) forbids, and every
// runnable one waits where some pCPU will pick it. It reads the policies
// only through their hooks (queueOf), so a new policy is checked as is.
import {formatRanges} from '../domain.js'
import {RUNSTATE_runnable, RUNSTATE_running} from '../types.js'
import type {Engine} from './engine.js'
import {hardAllows, inPool, type Unit} from './policy.js'

const STATE_NAMES = ['running', 'runnable', 'blocked', 'offline']

const name = (u: Unit) => `d${u.d.domid}v${u.v.vcpuId}`

export function schedulerProblems(e: Engine): string[] {
  const problems: string[] = []
  const bad = (msg: string) => problems.push(msg)
  // The pCPUs whose queue holds each waiting unit.
  const queuedFor = new Map<Unit, number[]>()
  let idle = 0
  for (const p of e.pcpus) {
    const cur = p.curr
    if (!inPool(p.id)) {
      // A pCPU of another cpupool (or a free one): this pool's scheduler never uses it.
      // (Its queue is not asked for: a shared or global run queue would answer for the pool's pCPUs.)
      if (cur !== null) bad(`CPU${p.id}: runs ${name(cur)}, but it is not in cpupool ${e.pool.id}`)
      continue
    }
    if (cur === null && !p.tickled) idle++
    if (cur !== null) {
      if (cur.cpu !== p.id) bad(`CPU${p.id}: runs ${name(cur)}, which the scheduler has on CPU${cur.cpu}`)
      if (cur.v.runstate.state !== RUNSTATE_running) {
        bad(`CPU${p.id}: runs ${name(cur)}, whose runstate is ${STATE_NAMES[cur.v.runstate.state]}`)
      }
      // (Running outside the hard affinity is checkInvariants' own rule, on v.processor.)
      if (cur.v.processor !== p.id) bad(`CPU${p.id}: runs ${name(cur)}, whose processor is CPU${cur.v.processor}`)
    }
    for (const u of e.policy.queueOf(p)) {
      const list = queuedFor.get(u)
      if (list) list.push(p.id)
      else queuedFor.set(u, [p.id])
    }
  }
  if (idle !== e.idlePcpus) bad(`scheduler: counts ${e.idlePcpus} idle pCPUs, ${idle} are idle`)
  for (const u of e.units) {
    const vw = name(u)
    const state = u.v.runstate.state
    const where = queuedFor.get(u)
    if (u.migrating) bad(`${vw}: its move to a pCPU of its new affinity never finished`)
    if (u.cpu >= 0 && e.pcpus[u.cpu]?.curr !== u) bad(`${vw}: the scheduler has it on CPU${u.cpu}, which runs something else`)
    if (state === RUNSTATE_running && u.cpu < 0) bad(`${vw}: runstate running, but no pCPU runs it`)
    if (where && (u.cpu >= 0 || state !== RUNSTATE_runnable)) {
      bad(`${vw}: waits in the run queue of CPU${where[0]} although it is ${u.cpu >= 0 ? 'running' : STATE_NAMES[state]}`)
    }
    if (state !== RUNSTATE_runnable) {
      if (u.cpu < 0 && u.runnable && state !== RUNSTATE_running) {
        bad(`${vw}: runnable for the scheduler, but its runstate is ${STATE_NAMES[state]}`)
      }
      continue
    }
    // Runnable: waiting for a pCPU.
    if (!u.runnable) {
      const why = u.down ? 'down' : !u.awake ? 'blocked' : u.parked ? 'parked' : 'paused'
      bad(`${vw}: runstate runnable, but the scheduler has it ${why}`)
      continue
    }
    if (!hardAllows(u.v, u.v.processor)) bad(`${vw}: runnable on CPU${u.v.processor}, outside its hard affinity`)
    if (!where && e.policy.waitsForPolicy?.(u)) continue
    if (!where) {
      bad(`${vw}: runnable but in no run queue: no pCPU will ever pick it`)
      continue
    }
    const allowed = where.filter(c => hardAllows(u.v, c))
    if (allowed.length === 0) {
      bad(`${vw}: runnable only in the run queue of CPU${formatRanges(where)}, which its hard affinity forbids: no pCPU will ever pick it`)
      continue
    }
    // A pCPU that runs nothing and has no reschedule pending picks nothing
    // until something tickles it: if all of them are such, u waits forever.
    if (allowed.every(c => e.pcpus[c].curr === null && !e.pcpus[c].tickled)) {
      bad(`${vw}: runnable in the run queue of CPU${formatRanges(allowed)}, but ${allowed.length === 1 ? 'that pCPU is' : 'those pCPUs are'} idle with no reschedule pending: none will pick it`)
    }
  }
  return problems
}
