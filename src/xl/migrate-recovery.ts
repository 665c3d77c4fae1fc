// Finishing or undoing a migration whose `xl migrate` process died (killed,
// crashed, the machine rebooted), from whichever host a command runs on
// next. The sender's record decides (src/libxl/migrate.ts): before its
// "go" the migration is undone (the domain resumes at the sender, the
// incoming copy is destroyed), from it the migration is finished (the
// copy starts at the target, the sender's copy goes). Every step is one
// transaction on one file and does nothing if already done, so recoveries
// racing from both hosts, or killed themselves, still end the same way.
// Another host's file is only looked at (a read snapshot) while a
// transaction is open, never written: two hosts' write locks are never held
// at once.
import {peekHost, resolveStatePath, withHost, type SessionOptions} from '../cli/session.js'
import {
  dropOrphans, findIncoming, findOutgoing, records, receiverAbort, receiverForget, receiverStart, senderAbort, senderDone,
  type Incoming, type Outgoing,
} from '../libxl/migrate.js'
import {ownerAlive} from './migrate-owner.js'

type Warn = (line: string) => void

interface Pending {
  out: Outgoing[]
  in: Incoming[]
  orphans: string[]
}

function look(path: string): Pending | null {
  return peekHost({state: path}, h => {
    const r = records(h)
    return {out: r.out.map(([, o]) => o), in: r.in.map(([, i]) => i), orphans: r.orphans}
  })
}

/** The peer's view of migration `id`, or 'unreadable' when its file cannot be read (or was never named). */
function peerOutgoing(path: string | null, id: string): Outgoing | null | 'unreadable' {
  if (path === null) return 'unreadable'
  try {
    // No host there at all (file gone, or `host destroy`): nothing can be decided from it.
    const r = peekHost({state: path}, h => ({o: findOutgoing(h, id)?.[1] ?? null}))
    return r === null ? 'unreadable' : r.o
  } catch {
    return 'unreadable'
  }
}

/** Where the source's record of migration `id` stands: its phase, 'none' when it has none. */
export function sourceDecision(source: string, id: string): Outgoing['phase'] | 'none' | 'unreadable' {
  const o = peerOutgoing(source, id)
  return o === 'unreadable' ? o : o?.phase ?? 'none'
}

function peerHasIncoming(path: string | null, id: string): boolean | 'unreadable' {
  if (path === null) return 'unreadable'
  try {
    return peekHost({state: path}, h => findIncoming(h, id) !== undefined) ?? 'unreadable'
  } catch {
    return 'unreadable'
  }
}

function undo(source: string, target: string | null, id: string): void {
  withHost({state: source}, h => void senderAbort(h, id))
  if (target !== null && peerHasIncoming(target, id) === true) withHost({state: target}, h => void receiverAbort(h, id))
}

/** Finish a migration the sender decided ("go"): the copy starts at the target, the sender's goes. */
export function finish(source: string, target: string | null, id: string): void {
  if (target !== null && peerHasIncoming(target, id) === true) withHost({state: target}, h => void receiverStart(h, id))
  withHost({state: source}, h => senderDone(h, id))
}

/** A host named in a warning: its file, or what the transport's sender did not say. */
const named = (path: string | null): string => path ?? 'a host reached through a transport'

function recoverOutgoing(path: string, o: Outgoing, warn: Warn): void {
  if (o.phase === 'sending') {
    undo(path, o.target, o.id)
    warn(`xl: migration of ${o.name} to ${named(o.target)} was interrupted before the target had permission to start it: resumed here`)
    return
  }
  if (peerHasIncoming(o.target, o.id) === 'unreadable') {
    warn(`xl: migration of ${o.name} to ${named(o.target)} was interrupted after the target had permission to start it, and the target cannot be read: ${o.name}--migratedaway stays here, suspended`)
    return
  }
  finish(path, o.target, o.id)
  warn(`xl: migration of ${o.name} to ${o.target} was interrupted after the target had permission to start it: finished (the domain runs there)`)
}

function recoverIncoming(path: string, i: Incoming, warn: Warn): void {
  if (i.source === null) {
    // Nothing can tell whether its sender decided: the copy stays, as xl leaves it, and is no longer a migration.
    withHost({state: path}, h => void receiverForget(h, i.id))
    warn(`xl: migration of ${i.name} from a sender that did not name its host was interrupted before this host started it: ${i.name}--incoming stays here, paused`)
    return
  }
  const out = peerOutgoing(i.source, i.id)
  if (out === 'unreadable') {
    warn(`xl: migration of ${i.name} from ${i.source} was interrupted and the source cannot be read: ${i.name}--incoming stays here, paused`)
    return
  }
  if (out?.phase === 'go') {
    finish(i.source, path, i.id)
    warn(`xl: migration of ${i.name} from ${i.source} was interrupted after this host had permission to start it: finished (the domain runs here)`)
    return
  }
  if (out) withHost({state: i.source}, h => void senderAbort(h, i.id))
  withHost({state: path}, h => void receiverAbort(h, i.id))
  warn(`xl: migration of ${i.name} from ${i.source} was interrupted before this host had permission to start it: the incoming copy is destroyed (the domain stays at the source)`)
}

/**
 * Before a command on `opts`' host: resolve every migration recorded there
 * whose process is gone. Faults of the file are left to the command itself.
 */
export function recoverMigrations(opts: SessionOptions, warn: Warn): void {
  let pending: Pending | null
  let path: string
  try {
    path = resolveStatePath(opts.state)
    pending = look(path)
  } catch {
    return
  }
  if (!pending) return
  for (const o of pending.out) if (!ownerAlive(o.owner)) recoverOutgoing(path, o, warn)
  for (const i of pending.in) if (!ownerAlive(i.owner)) recoverIncoming(path, i, warn)
  if (pending.orphans.length) withHost({state: path}, h => dropOrphans(h, pending.orphans))
}
