// Steady-state fast-forward. When a host is left alone for long (a wall
// clock catching up hours, `xl` not run overnight), nothing the toolstack
// does can change the schedule until the target time, so the long-run
// averages of the schedule are all that matter. We compute them once
// (weighted max-min sharing of the pCPUs, as both credit schedulers aim
// for, with caps, hard affinity and each workload's demand), charge each
// vCPU's runstate with its share of the span in whole ns, and restart the
// exact simulation for the last stretch so the final state (who runs
// where, queues, credits) is a real schedule.
//
// Approximations, documented: wake-up latency on a saturated host is taken
// as half a ratelimit per wake; time a capped vCPU cannot get is offline
// (parked); credit1 spreads a domain's weight over its busy vCPUs.
import {RUNSTATE_blocked, RUNSTATE_offline, RUNSTATE_runnable, type RunstateState} from '../types.js'
import {updateGuestCopy} from '../runstate.js'
import {runstateFlagEnabled} from './accounting.js'
import type {Engine} from './engine.js'
import type {Unit} from './policy.js'
import {burstWork, workloadProfile} from './workload.js'

interface Share {
  u: Unit
  demand: number
  weight: number
  rate: number
  frozen: boolean
  capLimited: boolean
  constraints: number[]
}

interface Constraint {limit: number; frozenSum: number; weight: number; members: Share[]; isCap: boolean}

/** Steady-state CPU share (fraction of one pCPU) of every unit that may run. */
export function steadyShares(e: Engine): Map<Unit, {rate: number; demand: number; capLimited: boolean; saturated: boolean}> {
  const ratelimitNs = e.schedParams.ratelimitUs * 1000
  const shares: Share[] = []
  const busyPerDom = new Map<number, number>()
  for (const u of e.units) {
    if (u.down || u.d.pauseCount !== 0) continue
    const prof = workloadProfile(u.w)
    const demand = prof.burstNs === Infinity ? 1 : prof.burstNs / (prof.burstNs + prof.gapNs)
    if (demand >= 0.05) busyPerDom.set(u.d.domid, (busyPerDom.get(u.d.domid) ?? 0) + 1)
    shares.push({u, demand, weight: 0, rate: 0, frozen: false, capLimited: false, constraints: []})
  }
  if (e.policy.steadyRates) {
    // rtds and null do not share by weight: the policy says (wake-ups wait for nothing here).
    const rates = e.policy.steadyRates(shares.map(s => ({u: s.u, demand: s.demand})), e.cpus.length)
    const own = new Map<Unit, {rate: number; demand: number; capLimited: boolean; saturated: boolean}>()
    for (const s of shares) own.set(s.u, {rate: rates.get(s.u) ?? 0, demand: s.demand, capLimited: false, saturated: false})
    return own
  }
  for (const s of shares) {
    const w = Math.max(1, s.u.d.weight)
    // credit1 hands a domain's credit to its active vCPUs; credit2 weighs each vCPU.
    s.weight = e.policy.name === 'credit' && s.demand >= 0.05 ? w / (busyPerDom.get(s.u.d.domid) ?? 1) : w
  }
  const constraints: Constraint[] = []
  const add = (limit: number, members: Share[], isCap: boolean) => {
    const id = constraints.length
    constraints.push({limit, frozenSum: 0, weight: 0, members, isCap})
    for (const m of members) m.constraints.push(id)
  }
  add(e.cpus.length, shares, false)
  // Affinities within the pool (the pool itself is the constraint above).
  const inPool = new Set(e.cpus)
  const masks = new Map<string, number[]>()
  for (const s of shares) {
    const aff = s.u.v.hardAffinity?.filter(c => inPool.has(c))
    if (aff && aff.length < e.cpus.length) masks.set(aff.join(','), aff)
  }
  for (const mask of masks.values()) {
    const set = new Set(mask)
    add(mask.length, shares.filter(s => {
      const aff = s.u.v.hardAffinity?.filter(c => inPool.has(c))
      return aff !== undefined && aff.every(c => set.has(c))
    }), false)
  }
  const capped = new Map<number, Share[]>()
  for (const s of shares) if (s.u.d.cap > 0) capped.set(s.u.d.domid, [...(capped.get(s.u.d.domid) ?? []), s])
  for (const [domid, members] of capped) add(e.host.domains.get(domid)!.cap / 100, members, true)

  for (const c of constraints) for (const m of c.members) c.weight += m.weight
  // Progressive filling: every unfrozen unit gets level*weight until its
  // demand or a constraint it is in is reached.
  const order = shares.slice().sort((a, b) => a.demand / a.weight - b.demand / b.weight)
  let next = 0
  let left = shares.length
  const freeze = (s: Share, rate: number, capLimited: boolean) => {
    s.frozen = true
    s.rate = rate
    s.capLimited = capLimited
    left--
    for (const id of s.constraints) {
      constraints[id].frozenSum += rate
      constraints[id].weight -= s.weight
    }
  }
  while (left > 0) {
    while (next < order.length && order[next].frozen) next++
    let level = next < order.length ? order[next].demand / order[next].weight : Infinity
    let tight = -1
    for (let i = 0; i < constraints.length; i++) {
      const c = constraints[i]
      if (c.weight <= 1e-12) continue
      const l = Math.max(0, (c.limit - c.frozenSum) / c.weight)
      if (l < level) { level = l; tight = i }
    }
    if (tight < 0) {
      freeze(order[next], order[next].demand, false)
    } else {
      const c = constraints[tight]
      for (const m of c.members) if (!m.frozen) freeze(m, Math.min(m.demand, level * m.weight), c.isCap)
    }
  }
  let used = 0
  for (const s of shares) used += s.rate
  const saturated = used >= e.cpus.length * 0.999
  const out = new Map<Unit, {rate: number; demand: number; capLimited: boolean; saturated: boolean}>()
  for (const s of shares) out.set(s.u, {rate: s.rate, demand: s.demand, capLimited: s.capLimited, saturated})
  void ratelimitNs
  return out
}

/** Charge [e.now, t1) by steady shares and restart the exact simulation at t1. */
export function fastForward(e: Engine, t1: number): void {
  if (t1 - e.now <= 0) return
  const frac = sampleFractions(e, t1)
  const t0 = e.now
  const span = t1 - t0
  e.stopAll()
  const shares = steadyShares(e)
  const waitPerWake = shares.size > 0 && [...shares.values()][0].saturated ? e.schedParams.ratelimitUs * 500 : 0
  for (const u of e.units) {
    const rs = u.v.runstate
    rs.time[rs.state] += t0 - rs.entryTime
    const share = shares.get(u)
    let run = 0, wait = 0, block = 0, offline = 0
    let endState: RunstateState
    if (frac) {
      // Cumulative rounding keeps the four parts summing to the span.
      const f = frac.get(u)!
      const c1 = Math.round(f[0] * span), c2 = Math.round((f[0] + f[1]) * span), c3 = Math.min(span, Math.round((f[0] + f[1] + f[2]) * span))
      run = c1
      wait = c2 - c1
      block = c3 - c2
      offline = span - c3
      endState = share ? RUNSTATE_runnable : RUNSTATE_offline
      if (!share) u.awake = true
    } else if (!share) {
      offline = span
      endState = u.down ? RUNSTATE_offline : RUNSTATE_offline
      u.awake = true
    } else {
      const prof = workloadProfile(u.w)
      if (prof.burstNs === Infinity || share.rate < share.demand * (1 - 1e-9)) {
        run = Math.round(share.rate * span)
        if (share.capLimited) offline = span - run
        else wait = span - run
      } else {
        const cycle = prof.burstNs + prof.gapNs
        const w = Math.min(waitPerWake, prof.gapNs)
        run = Math.round(span * prof.burstNs / cycle)
        wait = Math.round(span * w / cycle)
        block = span - run - wait
      }
      endState = RUNSTATE_runnable
    }
    rs.time[0] += run
    rs.time[1] += wait
    rs.time[2] += block
    rs.time[3] += offline
    // Workload progress at t1: busy ones are mid-burst; blocking ones wait
    // for a wake-up somewhere within their gap.
    const prof = workloadProfile(u.w)
    if (!u.down) {
      if (u.w.kind === 'duty') {
        u.periodStart = t1 - ((t1 - u.periodStart) % u.w.periodNs)
        u.awake = true
        u.work = burstWork(u.w, e.randBits)
      } else if (u.w.kind === 'cpu' || !share || share.rate === 0) {
        // (A unit that never ran, e.g. in null's waitqueue, cannot have blocked.)
        u.awake = true
        u.work = burstWork(u.w, e.randBits)
      } else {
        u.awake = false
        e.timers.set(e.nP + u.idx, t1 + Math.floor(e.rand() * prof.gapNs), e.seq++)
      }
      if (share && !u.awake) endState = RUNSTATE_blocked
    }
    rs.state = endState
    rs.entryTime = t1
    if (u.v.runstateArea) updateGuestCopy(u.v.runstateArea, rs, runstateFlagEnabled(u.d))
  }
  e.now = t1
  e.restartAll()
}

/**
 * For a policy with sampleNs (see SchedPolicy): simulate the first stretch
 * exactly and return each unit's runstate fractions over it; null when the
 * policy has none or the span is too short to be worth it.
 */
function sampleFractions(e: Engine, t1: number): Map<Unit, number[]> | null {
  const w = e.policy.sampleNs?.() ?? 0
  if (!(w > 0) || t1 - e.now < 4 * w) return null
  const at = (u: Unit) => {
    const rs = u.v.runstate
    const t = rs.time.slice()
    t[rs.state] += e.now - rs.entryTime
    return t
  }
  const before = e.units.map(at)
  e.runUntil(e.now + w)
  const out = new Map<Unit, number[]>()
  for (const u of e.units) {
    const b = before[u.idx], a = at(u)
    out.set(u, a.map((x, k) => (x - b[k]) / w))
  }
  return out
}
