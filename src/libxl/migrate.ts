// The records a migration keeps on each host, and the steps that move them
// on, each meant to run in one transaction on one host's state file. Real
// xl (tools/xl/xl_migrate.c) keeps its state in two processes joined by a
// pipe; xlsim's two "hosts" are two state files, and a process can die
// between any two commits, so each side writes down where it is:
//
//   sender   A  suspend, record {phase: sending}           (domain stays, suspended)
//   receiver B  make <name>--incoming, paused, record {incoming}
//   sender   C  rename to <name>--migratedaway, phase: go   <- the decision
//   receiver D  rename to <name>, unpause, drop the record
//   sender   E  destroy the migrated-away domain, drop the record
//
// The sender's record decides: until C the migration can only be undone
// (resume at the sender, destroy the incoming copy); from C it can only be
// finished. Recovery (src/xl/migrate-recovery.ts) applies these same steps
// for a migration whose process is gone, so the domain ends on exactly one
// host, never running on both (the incoming copy stays paused until D).
import type {Host} from '../hypervisor/host.js'
import type {Domain} from '../hypervisor/domain.js'
import {domainResume} from './save.js'
import {destroy, rename, unpause} from './domain.js'

/** Which process runs the migration: its pid and start time (so a reused pid is not taken for it). */
export interface Owner {
  pid: number
  start: string
}

export interface Outgoing {
  id: string
  /** The target host's state file (absolute path); null while unknown (a transport: the receiver names it). */
  target: string | null
  owner: Owner
  phase: 'sending' | 'go'
  /** The domain's name before the migration. */
  name: string
}

export interface Incoming {
  id: string
  /** The source host's state file; null for a stream from a sender that did not name it. */
  source: string | null
  owner: Owner
  /** migrate -p: leave the domain paused at the target. */
  pauseAfter: boolean
  /** The name it takes at D. */
  name: string
}

function pendingAdd(host: Host, id: string): void {
  const list = host.config.migrations ?? []
  if (!list.includes(id)) host.config.migrations = [...list, id]
}

function pendingDrop(host: Host, id: string): void {
  const list = (host.config.migrations ?? []).filter(x => x !== id)
  if (list.length) host.config.migrations = list
  else delete host.config.migrations
}

export function hasPending(host: Host): boolean {
  return (host.config.migrations?.length ?? 0) > 0
}

export function outgoingOf(d: Domain): Outgoing | undefined {
  return d.userdata?.migration as Outgoing | undefined
}

export function incomingOf(d: Domain): Incoming | undefined {
  return d.userdata?.incoming as Incoming | undefined
}

function setUserdata(d: Domain, key: string, value: unknown): void {
  const u = {...d.userdata}
  if (value === undefined) delete u[key]
  else u[key] = value
  if (Object.keys(u).length) d.userdata = u
  else delete d.userdata
}

/** Every record on this host, for recovery. */
export function records(host: Host): {out: [Domain, Outgoing][]; in: [Domain, Incoming][]; orphans: string[]} {
  const out: [Domain, Outgoing][] = []
  const inc: [Domain, Incoming][] = []
  const seen = new Set<string>()
  if (!hasPending(host)) return {out, in: inc, orphans: []}
  for (const d of host.domains.values()) {
    const o = outgoingOf(d)
    if (o) { out.push([d, o]); seen.add(o.id) }
    const i = incomingOf(d)
    if (i) { inc.push([d, i]); seen.add(i.id) }
  }
  return {out, in: inc, orphans: (host.config.migrations ?? []).filter(id => !seen.has(id))}
}

/** Ids whose record is gone (the domain was destroyed by hand): nothing left to resolve. */
export function dropOrphans(host: Host, ids: readonly string[]): void {
  for (const id of ids) pendingDrop(host, id)
}

export function findOutgoing(host: Host, id: string): [Domain, Outgoing] | undefined {
  for (const d of host.domains.values()) {
    const o = outgoingOf(d)
    if (o?.id === id) return [d, o]
  }
  return undefined
}

export function findIncoming(host: Host, id: string): [Domain, Incoming] | undefined {
  for (const d of host.domains.values()) {
    const i = incomingOf(d)
    if (i?.id === id) return [d, i]
  }
  return undefined
}

/** A: the suspended domain stays where it is, with the sender's record. */
export function senderBegin(host: Host, d: Domain, rec: Outgoing): void {
  setUserdata(d, 'migration', rec)
  pendingAdd(host, rec.id)
}

/** B: the restored copy (made paused under <name>--incoming) gets the receiver's record. */
export function receiverBegin(host: Host, d: Domain, rec: Incoming): void {
  setUserdata(d, 'incoming', rec)
  pendingAdd(host, rec.id)
}

/**
 * C: the point of no return, taken only if the migration is still this
 * one's and still undecided (a recovery may have undone it). xl renames
 * the domain to <name>--migratedaway first, as main_migrate does.
 */
export function senderGo(host: Host, id: string): boolean {
  const found = findOutgoing(host, id)
  if (!found || found[1].phase !== 'sending') return false
  const [d, o] = found
  rename(host, d, `${o.name}--migratedaway`)
  setUserdata(d, 'migration', {...o, phase: 'go'})
  return true
}

/** D: the receiver starts its copy under the domain's own name (unpaused unless -p). */
export function receiverStart(host: Host, id: string): Domain | undefined {
  const found = findIncoming(host, id)
  if (!found) return undefined
  const [d, i] = found
  rename(host, d, i.name)
  setUserdata(d, 'incoming', undefined)
  pendingDrop(host, id)
  if (!i.pauseAfter) unpause(host, d)
  return d
}

/** E: the sender's copy goes ("bang!"). */
export function senderDone(host: Host, id: string): void {
  const found = findOutgoing(host, id)
  if (found) destroy(host, found[0], false)
  pendingDrop(host, id)
}

/** Undo before C, at the sender: back under its name, resumed (the guest's suspend returns 1). */
export function senderAbort(host: Host, id: string): Domain | undefined {
  const found = findOutgoing(host, id)
  if (!found || found[1].phase !== 'sending') return undefined
  const [d] = found
  setUserdata(d, 'migration', undefined)
  pendingDrop(host, id)
  domainResume(host, d)
  return d
}

/** The receiver of a migration over a transport names its host's file in the sender's record (before "ready"). */
export function senderSetTarget(host: Host, id: string, target: string): boolean {
  const found = findOutgoing(host, id)
  if (!found || found[1].phase !== 'sending') return false
  setUserdata(found[0], 'migration', {...found[1], target})
  return true
}

/**
 * After C, when the target reported that its copy failed to start and is
 * destroyed (its status byte, then its "go" back): the domain takes its name
 * again and resumes here (migrate_domain's "Trying to resume at our end").
 */
export function senderTakeBack(host: Host, id: string): Domain | undefined {
  const found = findOutgoing(host, id)
  if (!found || found[1].phase !== 'go') return undefined
  const [d, o] = found
  rename(host, d, o.name)
  setUserdata(d, 'migration', undefined)
  pendingDrop(host, id)
  domainResume(host, d)
  return d
}

/** Undo before D, at the receiver: the incoming copy is destroyed. */
export function receiverAbort(host: Host, id: string): boolean {
  const found = findIncoming(host, id)
  if (found) destroy(host, found[0], false)
  pendingDrop(host, id)
  return found !== undefined
}

/** A receiver's record nobody can resolve: the copy stays (paused, <name>--incoming) as an ordinary domain. */
export function receiverForget(host: Host, id: string): void {
  const found = findIncoming(host, id)
  if (found) setUserdata(found[0], 'incoming', undefined)
  pendingDrop(host, id)
}
